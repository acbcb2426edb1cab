/** Hosts of the period and their changes: enrolled, revoked, and facts that changed (OS, CPU, memory). Pure. */
import type { HostFacts } from '../../protocol/index.ts';
import type { ReportHost } from '../store/types.ts';
import { iso, isoOrNull, trace } from './figures.ts';
import type { HostChange, HostsSection, ReportPeriod } from './model.ts';

/** The facts a report calls a change when they differ between two reports of a host. */
function describeFacts(facts: HostFacts): Record<string, string> {
  return {
    os: `${facts.os.distro} ${facts.os.release}`.trim(),
    kernel: facts.os.kernel,
    cpuCores: String(facts.cpu.cores),
    memoryGiB: (facts.memoryBytes / 1024 ** 3).toFixed(1),
  };
}

/** OS, kernel, CPU and memory changes reported inside the period, against the host's previous facts. */
export function factChanges(history: ReadonlyArray<{ hostId: string; at: number; facts: HostFacts }>, names: ReadonlyMap<string, string>, period: ReportPeriod): HostChange[] {
  const previous = new Map<string, Record<string, string>>();
  const changes: HostChange[] = [];
  for (const entry of [...history].sort((a, b) => a.at - b.at)) {
    const now = describeFacts(entry.facts);
    const before = previous.get(entry.hostId);
    previous.set(entry.hostId, now);
    if (!before || entry.at < period.fromAt || entry.at >= period.toAt) continue;
    const differences = Object.keys(now).filter((key) => now[key] !== before[key]);
    if (differences.length === 0) continue;
    const detail = differences.map((key) => `${key}: ${before[key]} -> ${now[key]}`).join('; ');
    changes.push({ hostId: entry.hostId, hostName: names.get(entry.hostId) ?? entry.hostId, at: iso(entry.at), kind: 'facts-changed', detail });
  }
  return changes;
}

/** Hosts at the start and end, added, removed and changed. */
export function hostsSection(hosts: readonly ReportHost[], history: ReadonlyArray<{ hostId: string; at: number; facts: HostFacts }>, period: ReportPeriod): HostsSection {
  const inPeriod = (at: number | null) => at !== null && at >= period.fromAt && at < period.toAt;
  const presentAt = (host: ReportHost, at: number) => host.createdAt < at && (host.revokedAt === null || host.revokedAt >= at);
  const names = new Map(hosts.map((h) => [h.id, h.name]));
  const lifecycle: HostChange[] = hosts.flatMap((h) => [
    ...(inPeriod(h.createdAt) ? [{ hostId: h.id, hostName: h.name, at: iso(h.createdAt), kind: 'added' as const, detail: h.product ?? '' }] : []),
    ...(inPeriod(h.revokedAt) ? [{ hostId: h.id, hostName: h.name, at: iso(h.revokedAt!), kind: 'removed' as const, detail: '' }] : []),
  ]);
  const relevant = hosts.filter((h) => h.createdAt < period.toAt && (h.revokedAt === null || h.revokedAt >= period.fromAt));
  return {
    atStart: hosts.filter((h) => presentAt(h, period.fromAt)).length,
    atEnd: hosts.filter((h) => presentAt(h, period.toAt)).length,
    added: hosts.filter((h) => inPeriod(h.createdAt)).length,
    removed: hosts.filter((h) => inPeriod(h.revokedAt)).length,
    items: relevant.map((h) => ({ id: h.id, name: h.name, product: h.product, createdAt: iso(h.createdAt), revokedAt: isoOrNull(h.revokedAt) })),
    changes: [...lifecycle, ...factChanges(history, names, period)].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    trace: trace('hosts, agents (revoked_at), host_facts', { fromAt: iso(period.fromAt), toAt: iso(period.toAt) }, relevant.map((h) => h.id)),
  };
}
