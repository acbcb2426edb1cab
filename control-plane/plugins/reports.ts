/**
 * Service reports as a plugin: the report service (jobs run one at a time off the request
 * path), jobs left by a stopped server resumed at start, and the half-yearly schedule: a
 * node-cron task at 02:00 Asia/Shanghai each day queues, per tenant, the half-year (and on
 * 1 January the year) that has ended in the tenant's zone and has no report yet, so 1 July
 * and 1 January generate, and a tenant west of Shanghai or a server down that night catches up.
 * A minute timer queues the report of each critical period that has ended and records
 * sign-offs confirmed by default (`app.reportsTick(now)`, which tests call with their own clock).
 */
import fp from 'fastify-plugin';
import { schedule, type ScheduledTask } from 'node-cron';
import { loadHolidayCalendars, loadServicePlans } from '../../schedules/index.ts';
import { loadRules } from '../alerts/index.ts';
import { ruleCategories } from '../reports/incidents.ts';
import { SCHEDULE_ZONE, nextScheduledRunAt } from '../reports/periods.ts';
import { ReportService } from '../reports/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportService;
    /** Queues ended critical periods' reports and records default confirmations due at `now`. */
    reportsTick: (now: number) => { queued: string[]; confirmedByDefault: string[] };
  }
}

/** Options of the reports plugin. */
export interface ReportsPluginOptions {
  /** Extra alert rule files, for the category of each rule id (the defaults always load). */
  rulesDir?: string;
  /** Run the daily schedule and the minute tick (tests call `app.reports.requestDue(now)` and `app.reportsTick(now)`). */
  timers: boolean;
  /** Period of the critical-period and sign-off tick; a minute by default. */
  tickMs?: number;
}

/** 02:00 every day in SCHEDULE_ZONE; `duePeriods` decides whether anything is due. */
const SCHEDULE = '0 2 * * *';
/** How often ended critical periods and due sign-offs are looked for. */
const TICK_MS = 60_000;

export default fp<ReportsPluginOptions>(
  async (app, options) => {
    const service = new ReportService({
      store: app.store,
      plans: new Map(loadServicePlans().map((plan) => [plan.id, plan])),
      holidays: loadHolidayCalendars(),
      categoryOf: ruleCategories(loadRules({ rulesDir: options.rulesDir })),
      clock: app.clock,
      onFailure: (job, error) => app.log.error({ err: error, jobId: job.id, tenantId: job.tenantId }, 'report generation failed'),
      onIssueFailure: (reportId, error) => app.log.warn({ err: error, reportId }, 'critical-period report not issued for sign-off; issue it by hand'),
      runsHere: () => app.cluster.isLeader(),
      handOff: (jobId) => app.cluster.publish('report-job', { jobId }),
    });
    app.decorate('reports', service);
    app.decorate('reportsTick', (now: number) => ({ queued: service.requestCriticalDue(now).map((job) => job.id), confirmedByDefault: service.sweepSignOffs(now) }));
    // Queued jobs are resumed by the leader, and by a replica that becomes leader (its predecessor's jobs).
    app.addHook('onReady', async () => {
      if (app.cluster.isLeader()) service.resume();
    });
    app.cluster.on('report-job', ({ jobId }) => {
      if (app.cluster.isLeader()) service.take(jobId);
    });
    app.cluster.on('leadership', (leader) => {
      if (!leader) return;
      try {
        service.resume();
      } catch (error) {
        app.log.error({ err: error }, 'resuming report jobs failed');
      }
    });

    let tick: NodeJS.Timeout | null = null;
    if (options.timers) {
      tick = setInterval(() => {
        if (!app.cluster.isLeader()) return;
        try {
          const done = app.reportsTick(app.clock());
          if (done.queued.length > 0 || done.confirmedByDefault.length > 0) app.log.info(done, 'critical-period reports queued, sign-offs confirmed by default');
        } catch (error) {
          app.log.error({ err: error }, 'report tick failed');
        }
      }, options.tickMs ?? TICK_MS);
      tick.unref();
    }

    let task: ScheduledTask | null = null;
    if (options.timers) {
      task = schedule(
        SCHEDULE,
        () => {
          if (!app.cluster.isLeader()) return;
          const jobs = service.requestDue(app.clock());
          if (jobs.length > 0) app.log.info({ jobs: jobs.map((job) => job.id) }, 'scheduled service reports queued');
        },
        { timezone: SCHEDULE_ZONE, name: 'service-reports', noOverlap: true },
      );
      app.log.info({ nextHalfYearlyRunAt: new Date(nextScheduledRunAt(app.clock())).toISOString() }, 'service report schedule set');
    }
    app.addHook('onClose', async () => {
      if (tick) clearInterval(tick);
      await task?.destroy();
      await service.close();
    });
  },
  { name: 'reports', dependencies: ['store', 'cluster'] },
);
