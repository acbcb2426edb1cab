/**
 * The fleet's latest state, in memory: each host's last report, connection and status.
 * The dashboard and `/metrics` read from here, never from the hot samples table.
 */
import { EventEmitter } from 'node:events';
import type { CheckResult, HostFacts, SampleRecord } from '../../protocol/index.ts';
import { hostStatus } from '../domain/host-status.ts';
import { isOutdated } from '../domain/versions.ts';
import type { Host, HostStatus } from '../store/types.ts';

export interface HostLive {
  id: string;
  tenantId: string;
  name: string;
  product: string | null;
  agentId: string | null;
  agentVersion: string | null;
  intervalSeconds: number;
  facts: HostFacts | null;
  lastSeenAt: number | null;
  status: HostStatus;
  connected: boolean;
  latest: SampleRecord | null;
  /** Agent clock minus server clock, from the agent's pings; null until one arrives. */
  clockSkewSeconds: number | null;
  /** Last outbox gap the agent reported, for the outbox-gap alert. */
  lastGap: { at: number; droppedCount: number } | null;
  /** The other replica holding this host's agent, when one does (several replicas only). */
  heldBy: string | null;
}

/** What lists and live updates show of a host. */
export interface HostSummary {
  id: string;
  name: string;
  tenantId: string;
  product: string | null;
  status: HostStatus;
  lastSeenAt: string | null;
  connected: boolean;
  agentVersion: string | null;
  agentOutdated: boolean;
  cpuPercent: number | null;
  memoryPercent: number | null;
  diskMaxPercent: number | null;
  failingChecks: number;
}

export interface HostFilter {
  tenantId?: string | null;
  status?: HostStatus;
  product?: string;
  /** Case-insensitive substring of the name or id. */
  q?: string;
}

export interface FleetEvents {
  'host-changed': [HostLive];
  sample: [HostLive, SampleRecord];
  'status-changed': [HostLive, HostStatus];
}

const DEFAULT_INTERVAL_SECONDS = 15;
const failing = (checks: readonly CheckResult[]) => checks.reduce((n, c) => n + (c.status === 'ok' ? 0 : 1), 0);

export class FleetState extends EventEmitter<FleetEvents> {
  private readonly hosts = new Map<string, HostLive>();
  private sorted: HostLive[] | null = null;
  /** Hosts heard from since `takeSeen`: their last-seen instant is written once a second, not per frame. */
  private readonly seenSinceTake = new Set<HostLive>();

  constructor(readonly currentAgentVersion: string) {
    super();
    this.setMaxListeners(0);
  }

  /** Adds or replaces a host from its stored row (start-up, enrolment). */
  upsertHost(host: Host, agentVersion: string | null = null, intervalSeconds: number | null = null): HostLive {
    const existing = this.hosts.get(host.id);
    const live: HostLive = {
      id: host.id,
      tenantId: host.tenantId,
      name: host.name,
      product: host.product,
      agentId: host.agentId,
      agentVersion: agentVersion ?? existing?.agentVersion ?? host.facts?.agentVersion ?? null,
      intervalSeconds: intervalSeconds ?? existing?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
      facts: host.facts,
      lastSeenAt: existing?.lastSeenAt ?? host.lastSeenAt,
      status: existing?.status ?? host.status,
      connected: existing?.connected ?? false,
      latest: existing?.latest ?? null,
      clockSkewSeconds: existing?.clockSkewSeconds ?? null,
      lastGap: existing?.lastGap ?? null,
      heldBy: existing?.heldBy ?? null,
    };
    this.hosts.set(host.id, live);
    this.sorted = null;
    this.emit('host-changed', live);
    return live;
  }

  get(hostId: string): HostLive | undefined {
    return this.hosts.get(hostId);
  }

  get size(): number {
    return this.hosts.size;
  }

  all(): IterableIterator<HostLive> {
    return this.hosts.values();
  }

  connected(hostId: string, agentVersion: string, intervalSeconds: number, now: number): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    Object.assign(host, { connected: true, agentVersion, intervalSeconds, lastSeenAt: now, heldBy: null });
    this.refreshStatus(host, now);
    this.emit('host-changed', host);
  }

  disconnected(hostId: string): void {
    const host = this.hosts.get(hostId);
    if (!host || !host.connected) return;
    host.connected = false;
    this.emit('host-changed', host);
  }

  /** Any frame from the agent is a heartbeat. */
  seen(hostId: string, now: number): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    host.lastSeenAt = now;
    this.seenSinceTake.add(host);
    this.refreshStatus(host, now);
  }

  /** Last-seen instants of the hosts heard from since the previous call. */
  takeSeen(): Array<{ hostId: string; lastSeenAt: number }> {
    const seen: Array<{ hostId: string; lastSeenAt: number }> = [];
    for (const host of this.seenSinceTake) if (host.lastSeenAt !== null) seen.push({ hostId: host.id, lastSeenAt: host.lastSeenAt });
    this.seenSinceTake.clear();
    return seen;
  }

  /** Applies committed records; samples older than the one shown do not replace it. */
  applySample(hostId: string, sample: SampleRecord): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    if (!host.latest || sample.at >= host.latest.at) host.latest = sample;
    this.emit('sample', host, sample);
  }

  /** Records the clock difference measured from a ping (`agentSentAt` on the agent's clock). */
  clockSkew(hostId: string, agentSentAt: number, now: number): void {
    const host = this.hosts.get(hostId);
    if (host) host.clockSkewSeconds = (agentSentAt - now) / 1000;
  }

  applyGap(hostId: string, receivedAt: number, droppedCount: number): void {
    const host = this.hosts.get(hostId);
    if (host) host.lastGap = { at: receivedAt, droppedCount };
  }

  applyFacts(hostId: string, facts: HostFacts): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    host.facts = facts;
    if (facts.hostname !== host.name) {
      host.name = facts.hostname;
      this.sorted = null;
    }
    this.emit('host-changed', host);
  }

  /**
   * Recomputes the status of each host `judges` accepts (changes are emitted); returns how
   * many changed. With several replicas each judges the hosts whose agents it holds.
   */
  tick(now: number, judges: (host: HostLive) => boolean = () => true): number {
    let changed = 0;
    for (const host of this.hosts.values()) if (judges(host) && this.refreshStatus(host, now)) changed += 1;
    return changed;
  }

  /**
   * What another replica saw of a host (its stored row and newest sample): shown here, not
   * judged here, so no status-changed event.
   */
  applyRemote(hostId: string, lastSeenAt: number | null, status: HostStatus, latest: SampleRecord | null): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    if (lastSeenAt !== null && (host.lastSeenAt === null || lastSeenAt > host.lastSeenAt)) host.lastSeenAt = lastSeenAt;
    if (latest && (!host.latest || latest.at > host.latest.at)) host.latest = latest;
    host.status = status;
    this.emit('host-changed', host);
  }

  private refreshStatus(host: HostLive, now: number): boolean {
    const status = hostStatus(host.lastSeenAt, host.intervalSeconds, now);
    if (status === host.status) return false;
    const previous = host.status;
    host.status = status;
    this.emit('status-changed', host, previous);
    this.emit('host-changed', host);
    return true;
  }

  /**
   * Hosts matching the filter, sorted by name, one page at a time, with the count per
   * status under the same filter but any status (the fleet page's tiles).
   */
  list(filter: HostFilter, offset: number, limit: number): { items: HostLive[]; total: number; counts: Record<HostStatus, number> } {
    this.sorted ??= [...this.hosts.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const q = filter.q?.toLowerCase();
    const counts: Record<HostStatus, number> = { up: 0, stale: 0, down: 0 };
    const matches = this.sorted.filter((h) => {
      const inScope =
        (!filter.tenantId || h.tenantId === filter.tenantId) &&
        (!filter.product || h.product === filter.product) &&
        (!q || h.name.toLowerCase().includes(q) || h.id.toLowerCase().includes(q));
      if (inScope) counts[h.status] += 1;
      return inScope && (!filter.status || h.status === filter.status);
    });
    return { items: matches.slice(offset, offset + limit), total: matches.length, counts };
  }

  summary(host: HostLive): HostSummary {
    const latest = host.latest;
    let diskMax: number | null = null;
    for (const disk of latest?.metrics.disks ?? []) diskMax = Math.max(diskMax ?? 0, disk.usedPercent);
    return {
      id: host.id,
      name: host.name,
      tenantId: host.tenantId,
      product: host.product,
      status: host.status,
      lastSeenAt: host.lastSeenAt === null ? null : new Date(host.lastSeenAt).toISOString(),
      connected: host.connected || host.heldBy !== null,
      agentVersion: host.agentVersion,
      agentOutdated: isOutdated(host.agentVersion, this.currentAgentVersion),
      cpuPercent: latest?.metrics.cpu.usagePercent ?? null,
      memoryPercent: latest?.metrics.memory.usedPercent ?? null,
      diskMaxPercent: diskMax,
      failingChecks: latest ? failing(latest.checks) : 0,
    };
  }
}
