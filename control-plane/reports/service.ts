/**
 * Report generation off the request path: a request becomes a queued job; one job runs at a
 * time, writing its percent as it goes; the finished report is stored with its job in one
 * transaction. Jobs left queued or running by a stopped server run again at start.
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { ReportJob, SupportEvent, SupportImportResult, Tenant } from '../store/types.ts';
import { gatherReport, type GatherDeps } from './gather.ts';
import type { ReportRequest } from './model.ts';
import { duePeriods, resolvePeriod } from './periods.ts';

/** What the service reads and where it reports failures. */
export interface ReportServiceDeps extends GatherDeps {
  clock: () => number;
  /** Told of a failed job (the plugin logs it); the job row keeps the message. */
  onFailure?: (job: ReportJob, error: unknown) => void;
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
    resolvePeriod(request.period, tenant.timeZone);
    const job: ReportJob = {
      id: newId('rjb'), tenantId: tenant.id, request, state: 'queued', percent: 0, step: null, reportId: null, error: null,
      createdAt: this.deps.clock(), createdBy: by, startedAt: null, finishedAt: null,
    };
    this.deps.store.reports.createJob(job);
    this.enqueue(job.id);
    return job;
  }

  /** Queues the periods each tenant is due at `now` (the scheduled half-yearly run); returns the jobs. */
  requestDue(now: number): ReportJob[] {
    const jobs: ReportJob[] = [];
    for (const tenant of this.deps.store.tenants.list()) {
      const reported = new Set(this.deps.store.reports.list(tenant.id, 1000).map((r) => `${r.periodKind}:${r.periodLabel}`));
      for (const job of this.deps.store.reports.jobsIn(['queued', 'running']).filter((j) => j.tenantId === tenant.id)) {
        const period = resolvePeriod(job.request.period, tenant.timeZone);
        reported.add(`${period.kind}:${period.label}`);
      }
      for (const period of duePeriods(now, tenant.timeZone, tenant.createdAt, reported)) jobs.push(this.request({ tenantId: tenant.id, period, locale: 'zh-CN' }, 'schedule'));
    }
    return jobs;
  }

  /** Runs jobs a stopped server left queued or running. */
  resume(): void {
    for (const job of this.deps.store.reports.jobsIn(['queued', 'running'])) this.enqueue(job.id);
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
      const period = resolvePeriod(job.request.period, tenant.timeZone);
      const done: ReportJob = { ...job, state: 'succeeded', percent: 100, step: 'done', reportId, finishedAt: clock() };
      store.reports.completeJob(done, {
        id: reportId, tenantId: tenant.id, jobId, periodKind: period.kind, periodLabel: period.label, fromAt: period.fromAt, toAt: period.toAt,
        locale: job.request.locale, generatedAt: now, createdBy: job.createdBy, content,
      });
    } catch (error) {
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'INTERNAL: report generation failed (see the server log)';
      store.reports.updateJob({ ...job, state: 'failed', error: message, finishedAt: clock() });
      this.deps.onFailure?.(job, error);
    }
  }
}
