/**
 * The fleet's live state: hosts loaded at start, heartbeat-driven status (up, stale, down)
 * recomputed every second and persisted when it changes, and per-host Prometheus gauges.
 */
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { FleetState, type HostLive } from '../services/fleet-state.ts';
import type { HostStatus } from '../store/types.ts';

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

const HOST_LABELS = ['host', 'host_id', 'tenant', 'product'] as const;
const RESUME_WINDOW_MS = 15 * 60_000;

function registerHostGauges(app: import('fastify').FastifyInstance) {
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: HOST_LABELS, registers: [app.metrics] });
  const up = gauge('tideway_host_up', '1 when the host reported within its interval, else 0');
  const lastSeen = gauge('tideway_host_last_seen_timestamp_seconds', 'when the host last reported');
  const cpu = gauge('tideway_host_cpu_usage_ratio', 'CPU busy share in the last interval');
  const memory = gauge('tideway_host_memory_used_ratio', 'memory in use, excluding caches');
  const disk = gauge('tideway_host_disk_used_max_ratio', 'use of the fullest mounted filesystem');
  const checks = gauge('tideway_host_checks_failing', 'checks not in the ok state');
  const outdated = gauge('tideway_host_agent_outdated', '1 when the agent is older than this control plane');
  const perHost = [up, lastSeen, cpu, memory, disk, checks, outdated];

  const fill = () => {
    const tenantNames = new Map(app.store.tenants.list().map((t) => [t.id, t.name]));
    for (const g of perHost) g.reset();
    for (const host of app.fleet.all()) {
      const labels = { host: host.name, host_id: host.id, tenant: tenantNames.get(host.tenantId) ?? host.tenantId, product: host.product ?? '' };
      const s = app.fleet.summary(host);
      up.set(labels, host.status === 'up' ? 1 : 0);
      if (host.lastSeenAt !== null) lastSeen.set(labels, host.lastSeenAt / 1000);
      if (s.cpuPercent !== null) cpu.set(labels, s.cpuPercent / 100);
      if (s.memoryPercent !== null) memory.set(labels, s.memoryPercent / 100);
      if (s.diskMaxPercent !== null) disk.set(labels, s.diskMaxPercent / 100);
      checks.set(labels, s.failingChecks);
      outdated.set(labels, s.agentOutdated ? 1 : 0);
    }
  };
  // One gauge drives the fill so a scrape computes the fleet once.
  new Gauge({
    name: 'tideway_hosts',
    help: 'hosts by status',
    labelNames: ['status'],
    registers: [app.metrics],
    collect() {
      fill();
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
    registerHostGauges(app);

    const pending = new Map<string, HostStatus>();
    fleet.on('status-changed', (host: HostLive) => void pending.set(host.id, host.status));
    const persist = () => {
      if (pending.size === 0) return;
      const changes = [...pending].map(([hostId, status]) => ({ hostId, status }));
      pending.clear();
      app.store.hosts.setStatus(changes);
    };
    app.decorate('persistHostStatus', persist);
    if (options.timers) {
      const timer = setInterval(() => {
        fleet.tick(app.clock());
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
