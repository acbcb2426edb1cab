/** SQLite report jobs, stored reports with their sign-off, and imported support interactions (migrations 008, 010). */
import type { ReportContent, ReportLocale, ReportPeriodKind, ReportRequest, SupportChannel } from '../../reports/model.ts';
import type { SignOff, SignOffState } from '../../reports/sign-off.ts';
import type { ReportJob, ReportJobState, ReportStore, ReportSummary, SupportEvent } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface JobRow {
  id: string;
  tenant_id: string;
  request: string;
  state: ReportJobState;
  percent: number;
  step: string | null;
  report_id: string | null;
  error: string | null;
  created_at: number;
  created_by: string;
  started_at: number | null;
  finished_at: number | null;
}

interface ReportRow {
  id: string;
  tenant_id: string;
  job_id: string;
  period_kind: ReportPeriodKind;
  period_label: string;
  from_at: number;
  to_at: number;
  locale: ReportLocale;
  generated_at: number;
  created_by: string;
  content?: string;
  so_state: SignOffState | null;
  so_issued_at: number | null;
  so_issued_by: string | null;
  so_due_at: number | null;
  so_decided_at: number | null;
  so_decided_by: string | null;
  so_amendments: string | null;
}

interface SupportRow {
  tenant_id: string;
  external_id: string;
  channel: SupportChannel;
  category: string;
  opened_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
  imported_at: number;
  updated_at: number;
}

const toJob = (r: JobRow): ReportJob => ({
  id: r.id,
  tenantId: r.tenant_id,
  request: JSON.parse(r.request) as ReportRequest,
  state: r.state,
  percent: r.percent,
  step: r.step,
  reportId: r.report_id,
  error: r.error,
  createdAt: r.created_at,
  createdBy: r.created_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const toSignOff = (r: ReportRow): SignOff | null =>
  r.so_state === null
    ? null
    : {
        state: r.so_state,
        issuedAt: r.so_issued_at!,
        issuedBy: r.so_issued_by!,
        dueAt: r.so_due_at!,
        calendar: '5x8',
        decidedAt: r.so_decided_at,
        decidedBy: r.so_decided_by,
        amendments: r.so_amendments,
      };

const toSummary = (r: ReportRow): ReportSummary => ({
  id: r.id,
  tenantId: r.tenant_id,
  jobId: r.job_id,
  periodKind: r.period_kind,
  periodLabel: r.period_label,
  fromAt: r.from_at,
  toAt: r.to_at,
  locale: r.locale,
  generatedAt: r.generated_at,
  createdBy: r.created_by,
  signOff: toSignOff(r),
});

const toSupport = (r: SupportRow): SupportEvent => ({
  tenantId: r.tenant_id,
  externalId: r.external_id,
  channel: r.channel,
  category: r.category,
  openedAt: r.opened_at,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
  importedAt: r.imported_at,
  updatedAt: r.updated_at,
});

const SUMMARY_COLUMNS = `r.id, r.tenant_id, r.job_id, r.period_kind, r.period_label, r.from_at, r.to_at, r.locale, r.generated_at, r.created_by,
  s.state AS so_state, s.issued_at AS so_issued_at, s.issued_by AS so_issued_by, s.due_at AS so_due_at, s.decided_at AS so_decided_at,
  s.decided_by AS so_decided_by, s.amendments AS so_amendments`;
const WITH_SIGNOFF = 'reports r LEFT JOIN report_signoffs s ON s.report_id = r.id';

/** Report jobs, reports and support events over one database. */
export function sqliteReportStore(db: SqlDatabase): ReportStore {
  const insertJob = db.prepare(
    `INSERT INTO report_jobs (id, tenant_id, request, state, percent, step, report_id, error, created_at, created_by, started_at, finished_at)
     VALUES (@id, @tenantId, @request, @state, @percent, @step, @reportId, @error, @createdAt, @createdBy, @startedAt, @finishedAt)`,
  );
  const updateJob = db.prepare(
    `UPDATE report_jobs SET state = @state, percent = @percent, step = @step, report_id = @reportId, error = @error,
       started_at = @startedAt, finished_at = @finishedAt WHERE id = @id`,
  );
  const insertReport = db.prepare(
    `INSERT INTO reports (id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content)
     VALUES (@id, @tenantId, @jobId, @periodKind, @periodLabel, @fromAt, @toAt, @locale, @generatedAt, @createdBy, @content)`,
  );
  const getSupport = db.prepare<[string, string], SupportRow>('SELECT * FROM support_events WHERE tenant_id = ? AND external_id = ?');
  const upsertSupport = db.prepare(
    `INSERT INTO support_events (tenant_id, external_id, channel, category, opened_at, first_response_at, resolved_at, imported_at, updated_at)
     VALUES (@tenantId, @externalId, @channel, @category, @openedAt, @firstResponseAt, @resolvedAt, @now, @now)
     ON CONFLICT (tenant_id, external_id) DO UPDATE SET channel = excluded.channel, category = excluded.category, opened_at = excluded.opened_at,
       first_response_at = excluded.first_response_at, resolved_at = excluded.resolved_at, updated_at = excluded.updated_at`,
  );
  const jobParams = (job: ReportJob) => ({ ...job, request: JSON.stringify(job.request) });
  const getReport = db.prepare<[string], ReportRow & { content: string }>(`SELECT ${SUMMARY_COLUMNS}, r.content FROM ${WITH_SIGNOFF} WHERE r.id = ?`);
  const listAll = db.prepare<[number], ReportRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${WITH_SIGNOFF} ORDER BY r.generated_at DESC, r.id LIMIT ?`);
  const listOf = db.prepare<[string, number], ReportRow>(`SELECT ${SUMMARY_COLUMNS} FROM ${WITH_SIGNOFF} WHERE r.tenant_id = ? ORDER BY r.generated_at DESC, r.id LIMIT ?`);
  const insertSignOff = db.prepare(
    `INSERT INTO report_signoffs (report_id, state, calendar, issued_at, issued_by, due_at, decided_at, decided_by, amendments)
     VALUES (@reportId, @state, @calendar, @issuedAt, @issuedBy, @dueAt, @decidedAt, @decidedBy, @amendments)`,
  );
  const decideSignOff = db.prepare(
    `UPDATE report_signoffs SET state = @state, decided_at = @decidedAt, decided_by = @decidedBy, amendments = @amendments
     WHERE report_id = @reportId AND state = 'awaiting'`,
  );
  const dueForDefault = db.prepare<[number, number], ReportRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM report_signoffs s JOIN reports r ON r.id = s.report_id WHERE s.state = 'awaiting' AND s.due_at <= ? ORDER BY s.due_at, r.id LIMIT ?`,
  );
  const same = (row: SupportRow, e: Omit<SupportEvent, 'importedAt' | 'updatedAt'>) =>
    row.channel === e.channel && row.category === e.category && row.opened_at === e.openedAt && row.first_response_at === e.firstResponseAt && row.resolved_at === e.resolvedAt;
  return {
    createJob: (job) => void insertJob.run(jobParams(job)),
    getJob: oneOf(db.prepare<[string], JobRow>('SELECT * FROM report_jobs WHERE id = ?'), toJob),
    updateJob: (job) => void updateJob.run(jobParams(job)),
    jobsIn: (states) =>
      db
        .prepare<string[], JobRow>(`SELECT * FROM report_jobs WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at, id`)
        .all(...states)
        .map(toJob),
    completeJob: (job, report) =>
      db.transaction(() => {
        insertReport.run({ id: report.id, tenantId: report.tenantId, jobId: report.jobId, periodKind: report.periodKind, periodLabel: report.periodLabel, fromAt: report.fromAt,
          toAt: report.toAt, locale: report.locale, generatedAt: report.generatedAt, createdBy: report.createdBy, content: JSON.stringify(report.content) });
        updateJob.run(jobParams(job));
      }).immediate(),
    get: (id) => {
      const row = getReport.get(id);
      return row ? { ...toSummary(row), content: JSON.parse(row.content) as ReportContent } : undefined;
    },
    list: (tenantId, limit) => (tenantId ? listOf.all(tenantId, limit) : listAll.all(limit)).map(toSummary),
    importSupportEvents: (events, now) =>
      db.transaction(() => {
        const result = { created: 0, updated: 0, unchanged: 0 };
        for (const event of events) {
          const row = getSupport.get(event.tenantId, event.externalId);
          if (row && same(row, event)) result.unchanged += 1;
          else {
            upsertSupport.run({ ...event, now });
            result[row ? 'updated' : 'created'] += 1;
          }
        }
        return result;
      }).immediate(),
    supportEvents: allOf(
      db.prepare<[string, number, number], SupportRow>('SELECT * FROM support_events WHERE tenant_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at, external_id'),
      toSupport,
    ),
    issue: (reportId, signOff) => void insertSignOff.run({ reportId, ...signOff }),
    decide: (reportId, signOff) => decideSignOff.run({ reportId, state: signOff.state, decidedAt: signOff.decidedAt, decidedBy: signOff.decidedBy, amendments: signOff.amendments }).changes === 1,
    listDueForDefault: (now, limit) => dueForDefault.all(now, limit).map((row) => ({ reportId: row.id, tenantId: row.tenant_id, signOff: toSignOff(row)! })),
  };
}
