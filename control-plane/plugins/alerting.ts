/**
 * Alerting as a plugin: loads the rules (refusing to start on a bad file), runs the engine
 * on ingest and on a one-second timer, and hands notifiable alerts to the sink it is given.
 */
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DEFAULT_ZONE, loadHolidayCalendars, loadServicePlans } from '../../schedules/index.ts';
import { AlertEngine } from '../alerts/engine.ts';
import { IncidentKeeper } from '../alerts/engine-incidents.ts';
import { loadRules, type AlertRule } from '../alerts/index.ts';
import type { IncidentEvents } from '../alerts/engine-incidents.ts';

/** Hears incidents opened during a critical period, inside the transaction that opens them. */
export type CriticalIncidentListener = NonNullable<IncidentEvents['critical']>;

declare module 'fastify' {
  interface FastifyInstance {
    alertEngine: AlertEngine;
    /** Adds a listener of incidents opened during a critical period. */
    onCriticalIncident(listener: CriticalIncidentListener): void;
  }
}

export interface AlertingPluginOptions {
  /** Extra rule files; defaults ship in control-plane/alerts/rules/defaults.yaml. */
  rulesDir?: string;
  /** Rules already loaded (tests); otherwise read from the defaults and `rulesDir`. */
  rules?: readonly AlertRule[];
  timers: boolean;
}

const GLOBAL_EVERY_TICKS = 60;
const ABSENT_EVERY_TICKS = 15;
const DISK_SEED_MS = 8 * 3_600_000;

export default fp<AlertingPluginOptions>(
  async (app, options) => {
    const rules = options.rules ?? loadRules({ rulesDir: options.rulesDir });
    const opened = new Counter({ name: 'tideway_incidents_opened_total', help: 'incidents opened', labelNames: ['severity'], registers: [app.metrics] });
    const breaches = new Counter({ name: 'tideway_incident_response_breaches_total', help: 'incidents not acknowledged within their response deadline', labelNames: ['plan'], registers: [app.metrics] });
    const evaluation = new Histogram({
      name: 'tideway_alert_evaluation_duration_seconds',
      help: 'time to evaluate the rules of one batch of hosts',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
      registers: [app.metrics],
    });
    const incidents = new IncidentKeeper(app.store, new Map(loadServicePlans().map((p) => [p.id, p])), loadHolidayCalendars(), {
      opened: (incident) => opened.inc({ severity: incident.severity }),
      breached: (incident) => breaches.inc({ plan: incident.plan }),
      changed: (incident) => engine.emit('incident', incident),
      critical: (incident, alert, period) => {
        for (const listener of criticalListeners) {
          // A savepoint of its own: a failing listener must not undo the alert and incident.
          try {
            app.store.transaction(() => listener(incident, alert, period));
          } catch (error) {
            app.log.error({ err: error, incidentId: incident.id, periodId: period.id }, 'critical-period incident listener failed');
          }
        }
      },
    });
    const criticalListeners: CriticalIncidentListener[] = [];
    app.decorate('onCriticalIncident', (listener: CriticalIncidentListener) => void criticalListeners.push(listener));
    const engine = new AlertEngine({
      store: app.store,
      fleet: app.fleet,
      rules,
      incidents,
      sink: app.alertSink,
      global: { calendars: loadHolidayCalendars(), zone: DEFAULT_ZONE },
    });
    new Gauge({
      name: 'tideway_alerts',
      help: 'alert series by state and severity',
      labelNames: ['state', 'severity'],
      registers: [app.metrics],
      collect() {
        this.reset();
        for (const alert of engine.activeSeries) if (alert.state !== 'inactive') this.inc({ state: alert.state, severity: alert.severity });
      },
    });
    app.decorate('alertEngine', engine);

    // Hosts that reported (or changed status) are evaluated together, after the commit.
    const queued = new Set<string>();
    let scheduled = false;
    let closed = false;
    app.addHook('onClose', async () => void (closed = true));
    const queue = (hostId: string) => {
      if (closed) return;
      queued.add(hostId);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (closed) return;
        const hosts = [...queued];
        queued.clear();
        const stop = evaluation.startTimer();
        engine.evaluateHosts(hosts, app.clock());
        stop();
      });
    };
    app.onIngestCommitted((items) => {
      for (const item of items) {
        let evaluate = false;
        for (const record of item.stored) {
          if (record.kind === 'sample') engine.recordSample(item.submission.hostId, record);
          if (record.kind === 'sample' || record.kind === 'gap') evaluate = true;
        }
        if (evaluate) queue(item.submission.hostId);
      }
    });
    app.fleet.on('status-changed', (host) => queue(host.id));

    app.addHook('onReady', async () => {
      const now = app.clock();
      // Hourly means stand at mid-hour; they give forecasts a history to fit at once.
      engine.seedDiskHistory(app.store.rollups.diskUseSince(now - DISK_SEED_MS).map((r) => ({ ...r, at: r.hourAt + 1_800_000 })));
      engine.start(now);
      // Receivers were told these fire; any that resolved while the server was down must hear so.
      for (const fingerprint of app.notifications?.notifiedFiring() ?? []) engine.announceResolved(fingerprint, now);
    });
    if (!options.timers) return;
    let ticks = 0;
    const timer = setInterval(() => {
      try {
        const tick = ticks++;
        // Fleet-wide rules run on the leader only, or each replica would raise them.
        const leader = app.cluster.isLeader();
        engine.tick(app.clock(), { global: leader && tick % GLOBAL_EVERY_TICKS === 0, absent: leader && tick % ABSENT_EVERY_TICKS === 0 });
      } catch (error) {
        app.log.error({ err: error }, 'alert engine tick failed');
      }
    }, 1000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'alerting', dependencies: ['store', 'cluster', 'metrics', 'fleet', 'ingest', 'notifications'] },
);
