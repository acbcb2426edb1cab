/**
 * Report generation off the request path: a request becomes a queued job; one job runs at a
 * time, writing its percent as it goes; the finished report is stored with its job in one
 * transaction. Jobs left queued or running by a stopped server run again at start. The first
 * report of an ended critical period becomes the period's report and is issued for sign-off
 * in that same transaction.
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { NewReport, ReportJob, StoredReport, SupportEvent, SupportImportResult, Tenant } from '../store/types.ts';
import { criticalPeriodOf, gatherReport, type GatherDeps } from './gather.ts';
import type { ReportPeriod, ReportRequest } from './model.ts';
import { duePeriods, resolvePeriod } from './periods.ts';
import { decideReport, issueReport, sweepDefaults, type SignOffDecision } from './sign-off-service.ts';

/** Who issues the reports generation issues by itself. */
const SYSTEM_ISSUER = 'system:critical-period';
/** How long after a failed critical-period report the tick tries again. */
const CRITICAL_RETRY_MS = 3_600_000;

/** What the service reads and where it reports failures. */
export interface ReportServiceDeps extends GatherDeps {
  clock: () => number;
  /** Told of a failed job (the plugin logs it); the job row keeps the message. */
  onFailure?: (job: ReportJob, error: unknown) => void;
  /** Told when a critical-period report could not be issued by itself (ops can issue it by hand). */
  onIssueFailure?: (reportId: string, error: unknown) => void;
  /**
   * With several replicas jobs run on the leader: false here means a new job is handed to it
   * (`handOff`) instead of run on this replica. Unset: every job runs here.
   */
  runsHere?: () => boolean;
  handOff?: (jobId: string) => void;
}

/** What a support-event import carries per event (instants already parsed). */
export type SupportEventInput = Omit<SupportEvent, 'tenantId' | 'importedAt' | 'updatedAt'>;

/** Queues, runs and stores report jobs; imports support events. */
export class ReportService {
  private readonly queue: string[] = [];
  private pump: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: ReportServiceDeps) {}

  /** Checks the tenant and period, then queues a job; the caller has already checked access. */
  request(request: ReportRequest, by: string): ReportJob {
    const tenant = this.tenant(request.tenantId);
    this.periodOf(request, tenant);
    const job: ReportJob = {
      id: newId('rjb'), tenantId: tenant.id, request, state: 'queued', percent: 0, step: null, reportId: null, error: null,
      createdAt: this.deps.clock(), createdBy: by, startedAt: null, finishedAt: null,
    };
    this.deps.store.reports.createJob(job);
    if (this.deps.runsHere?.() ?? true) this.enqueue(job.id);
    else this.deps.handOff?.(job.id);
    return job;
  }

  /** Queues the periods each tenant is due at `now` (the scheduled half-yearly run); returns the jobs. */
  requestDue(now: number): ReportJob[] {
    const jobs: ReportJob[] = [];
    for (const tenant of this.deps.store.tenants.list()) {
      const reported = new Set(this.deps.store.reports.list(tenant.id, 1000).map((r) => `${r.periodKind}:${r.periodLabel}`));
      for (const job of this.deps.store.reports.jobsIn(['queued', 'running']).filter((j) => j.tenantId === tenant.id && j.request.period.kind !== 'critical-period')) {
        const period = resolvePeriod(job.request.period, tenant.timeZone);
        reported.add(`${period.kind}:${period.label}`);
      }
      for (const period of duePeriods(now, tenant.timeZone, tenant.createdAt, reported)) jobs.push(this.request({ tenantId: tenant.id, period, locale: 'zh-CN' }, 'schedule'));
    }
    return jobs;
  }

  /**
   * Queues a report for every critical period ended by `now` without one, unless one is queued
   * or one failed less than `CRITICAL_RETRY_MS` ago (a failing period is retried, not every tick); returns the jobs.
   */
  requestCriticalDue(now: number): ReportJob[] {
    const { reports } = this.deps.store;
    const busy = (job: ReportJob) => job.state !== 'failed' || (job.finishedAt ?? job.createdAt) > now - CRITICAL_RETRY_MS;
    const waiting = new Set(
      reports
        .jobsIn(['queued', 'running', 'failed'])
        .flatMap((job) => (job.request.period.kind === 'critical-period' && busy(job) ? [job.request.period.periodId] : [])),
    );
    return this.deps.store.criticalPeriods
      .endedWithoutReport(now)
      .filter((period) => !waiting.has(period.id))
      .map((period) => this.request({ tenantId: period.tenantId, period: { kind: 'critical-period', periodId: period.id }, locale: 'zh-CN' }, SYSTEM_ISSUER));
  }

  /** Issues a stored report for sign-off at `now`. */
  issue(reportId: string, by: string, now: number): StoredReport {
    return issueReport(this.deps, reportId, by, now);
  }

  /** Records a confirmation or amendments at `now`. */
  decide(reportId: string, decision: SignOffDecision, by: string, now: number): StoredReport {
    return decideReport(this.deps, reportId, decision, by, now);
  }

  /** Records `confirmed-by-default` for sign-offs due by `now`; returns their report ids. */
  sweepSignOffs(now: number): string[] {
    return sweepDefaults(this.deps, now);
  }

  /** Runs jobs a stopped server left queued or running. */
  resume(): void {
    for (const job of this.deps.store.reports.jobsIn(['queued', 'running'])) this.enqueue(job.id);
  }

  /** Runs a job another replica queued (it is handed to the leader). */
  take(jobId: string): void {
    if (!this.queue.includes(jobId)) this.enqueue(jobId);
  }

  importSupport(tenantId: string, events: readonly SupportEventInput[]): SupportImportResult {
    this.tenant(tenantId);
    for (const event of events) {
      const ordered = [event.firstResponseAt, event.resolvedAt].every((at) => at === null || at >= event.openedAt);
      if (!ordered) throw new AppError('VALIDATION_FAILED', `support event ${event.externalId}: firstResponseAt and resolvedAt may not be before openedAt`);
    }
    const ids = new Set(events.map((e) => e.externalId));
    if (ids.size !== events.length) throw new AppError('VALIDATION_FAILED', 'an external id appears twice in one import');
    return this.deps.store.reports.importSupportEvents(events.map((e) => ({ ...e, tenantId })), this.deps.clock());
  }

  /** Resolves when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.pump) await this.pump;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.idle();
  }

  private periodOf(request: ReportRequest, tenant: Tenant): ReportPeriod {
    return resolvePeriod(request.period, tenant.timeZone, (periodId) => criticalPeriodOf(this.deps.store, tenant.id, periodId));
  }

  /**
   * Stores a finished report. The first report of a critical period that has ended becomes
   * the period's report and goes out for sign-off at once; one made while the period runs is
   * a preview and leaves the period waiting for its final report.
   */
  private complete(job: ReportJob, report: NewReport, now: number): void {
    const { store } = this.deps;
    const { period } = job.request;
    store.transaction(() => {
      // Two runs of one job (a leader that took over while the old one still finished it) store one report.
      if (store.reports.getJob(job.id)?.state === 'succeeded') return;
      store.reports.completeJob(job, report);
      if (period.kind !== 'critical-period') return;
      const critical = store.criticalPeriods.get(period.periodId);
      if (!critical || critical.reportId !== null || critical.cancelledAt !== null || critical.endsAt > now) return;
      store.criticalPeriods.setReport(critical.id, report.id);
      try {
        issueReport(this.deps, report.id, SYSTEM_ISSUER, now);
      } catch (error) {
        // A deadline in a year without holiday data: keep the report, leave it for ops to issue.
        if (!(error instanceof AppError)) throw error;
        this.deps.onIssueFailure?.(report.id, error);
      }
    });
  }

  private tenant(id: string): Tenant {
    const tenant = this.deps.store.tenants.get(id);
    if (!tenant) throw new AppError('NOT_FOUND', 'tenant not found');
    return tenant;
  }

  private enqueue(jobId: string): void {
    if (this.closed) return;
    this.queue.push(jobId);
    this.pump ??= this.drain().finally(() => (this.pump = null));
  }

  private async drain(): Promise<void> {
    // Start on a later turn so the request that queued the job is answered first.
    await new Promise((resolve) => setImmediate(resolve));
    for (let jobId = this.queue.shift(); jobId !== undefined; jobId = this.queue.shift()) await this.run(jobId);
  }

  private async run(jobId: string): Promise<void> {
    const { store, clock } = this.deps;
    let job = store.reports.getJob(jobId);
    if (!job || job.state === 'succeeded' || job.state === 'failed') return;
    job = { ...job, state: 'running', percent: 0, step: 'starting', startedAt: clock() };
    store.reports.updateJob(job);
    try {
      const tenant = this.tenant(job.tenantId);
      // Each write is a durable commit: write at a new step or every 5 percent, yield always.
      const progress = async (percent: number, step: string) => {
        if (step !== job!.step || percent >= job!.percent + 5) {
          job = { ...job!, percent, step };
          store.reports.updateJob(job);
        }
        await new Promise((resolve) => setImmediate(resolve));
      };
      const now = clock();
      const content = await gatherReport(this.deps, tenant, job.request, now, progress);
      const reportId = newId('rpt');
      const period = this.periodOf(job.request, tenant);
      const done: ReportJob = { ...job, state: 'succeeded', percent: 100, step: 'done', reportId, finishedAt: clock() };
      this.complete(done, {
        id: reportId, tenantId: tenant.id, jobId, periodKind: period.kind, periodLabel: period.label, fromAt: period.fromAt, toAt: period.toAt,
        locale: job.request.locale, generatedAt: now, createdBy: job.createdBy, content,
      }, clock());
    } catch (error) {
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'INTERNAL: report generation failed (see the server log)';
      store.reports.updateJob({ ...job, state: 'failed', error: message, finishedAt: clock() });
      this.deps.onFailure?.(job, error);
    }
  }
}
