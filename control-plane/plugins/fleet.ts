/**
 * The fleet's live state: hosts loaded at start, heartbeat-driven status (up, stale, down)
 * recomputed every second and persisted when it changes, and per-host Prometheus series.
 */
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { FleetState, type HostLive } from '../services/fleet-state.ts';
import type { HostStatus } from '../store/types.ts';
import { hostSeriesText, type HostSeriesInput } from '../domain/host-series.ts';

declare module 'fastify' {
  interface FastifyInstance {
    fleet: FleetState;
  }
}

export interface FleetPluginOptions {
  agentVersion: string;
  /** Run the heartbeat timer (tests drive `fleet.tick` themselves). */
  timers: boolean;
}

const RESUME_WINDOW_MS = 15 * 60_000;

function registerHostMetrics(app: import('fastify').FastifyInstance) {
  app.addMetricsText(() => {
    const tenantNames = new Map(app.store.tenants.list().map((t) => [t.id, t.name]));
    const rows: HostSeriesInput[] = [];
    for (const host of app.fleet.all()) {
      const s = app.fleet.summary(host);
      rows.push({
        name: host.name, id: host.id, tenant: tenantNames.get(host.tenantId) ?? host.tenantId, product: host.product ?? '',
        up: host.status === 'up', lastSeenAt: host.lastSeenAt, cpuPercent: s.cpuPercent, memoryPercent: s.memoryPercent,
        diskMaxPercent: s.diskMaxPercent, failingChecks: s.failingChecks, agentOutdated: s.agentOutdated,
      });
    }
    return hostSeriesText(rows);
  });
  new Gauge({
    name: 'tideway_hosts',
    help: 'hosts by status',
    labelNames: ['status'],
    registers: [app.metrics],
    collect() {
      const counts: Record<HostStatus, number> = { up: 0, stale: 0, down: 0 };
      for (const host of app.fleet.all()) counts[host.status] += 1;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
}

export default fp<FleetPluginOptions>(
  async (app, options) => {
    const fleet = new FleetState(options.agentVersion);
    const agents = new Map(app.store.agents.list().map((a) => [a.id, a]));
    for (const host of app.store.hosts.list()) {
      const agent = host.agentId ? agents.get(host.agentId) : undefined;
      fleet.upsertHost(host, agent?.agentVersion ?? null, agent?.intervalSeconds ?? null);
    }
    // The newest recent sample of each host, so `/metrics`, the dashboard and pending alerts
    // carry on across a restart before the agents report again.
    for (const sample of app.store.samples.latestSince(app.clock() - RESUME_WINDOW_MS)) fleet.applySample(sample.hostId, sample.record);
    app.decorate('fleet', fleet);
    registerHostMetrics(app);

    const pending = new Map<string, HostStatus>();
    fleet.on('status-changed', (host: HostLive) => void pending.set(host.id, host.status));
    // Last-seen goes with the status flush rather than one UPDATE per report in the ingest
    // commit: the fleet holds the live value, the row only has to survive a restart.
    const persist = () => {
      const seen = fleet.takeSeen();
      if (seen.length > 0) app.store.hosts.setLastSeen(seen);
      if (pending.size === 0) return;
      const changes = [...pending].map(([hostId, status]) => ({ hostId, status }));
      pending.clear();
      app.store.hosts.setStatus(changes);
    };
    app.decorate('persistHostStatus', persist);
    if (options.timers) {
      const timer = setInterval(() => {
        fleet.tick(app.clock(), (host) => app.judgesHost?.(host) ?? true);
        persist();
      }, 1000);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
    app.addHook('onClose', async () => persist());
  },
  { name: 'fleet', dependencies: ['store', 'metrics'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes status changes seen since the last call to the store. */
    persistHostStatus(): void;
  }
}
