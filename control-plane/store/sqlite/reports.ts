/** SQLite report jobs, stored reports and imported support interactions (migration 008). */
import type { ReportContent, ReportLocale, ReportPeriodKind, ReportRequest, SupportChannel } from '../../reports/model.ts';
import type { ReportJob, ReportJobState, ReportStore, ReportSummary, SupportEvent } from '../types.ts';
import type { SqliteDatabase } from './database.ts';
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

const SUMMARY_COLUMNS = 'id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by';

/** Report jobs, reports and support events over one database. */
export function sqliteReportStore(db: SqliteDatabase): ReportStore {
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
  const getReport = db.prepare<[string], Required<ReportRow>>('SELECT * FROM reports WHERE id = ?');
  const listAll = db.prepare<[number], ReportRow>(`SELECT ${SUMMARY_COLUMNS} FROM reports ORDER BY generated_at DESC, id LIMIT ?`);
  const listOf = db.prepare<[string, number], ReportRow>(`SELECT ${SUMMARY_COLUMNS} FROM reports WHERE tenant_id = ? ORDER BY generated_at DESC, id LIMIT ?`);
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
        insertReport.run({ ...report, content: JSON.stringify(report.content) });
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
  };
}
