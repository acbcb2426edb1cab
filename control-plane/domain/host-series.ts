/**
 * Per-host Prometheus series written straight to exposition text. A prom-client gauge per
 * series hashed every host's labels on every scrape (1.5 s of blocked event loop at 15,000
 * hosts); these lines cost one template string each.
 */

/** What one host contributes to `/metrics`. */
export interface HostSeriesInput {
  name: string;
  id: string;
  tenant: string;
  product: string;
  up: boolean;
  lastSeenAt: number | null;
  cpuPercent: number | null;
  memoryPercent: number | null;
  diskMaxPercent: number | null;
  failingChecks: number;
  agentOutdated: boolean;
}

interface Family {
  name: string;
  help: string;
  value(host: HostSeriesInput): number | null;
}

const percentRatio = (percent: number | null) => (percent === null ? null : percent / 100);

/** The per-host families, in the order they are written. */
export const HOST_SERIES: readonly Family[] = [
  { name: 'tideway_host_up', help: '1 when the host reported within its interval, else 0', value: (h) => (h.up ? 1 : 0) },
  { name: 'tideway_host_last_seen_timestamp_seconds', help: 'when the host last reported', value: (h) => (h.lastSeenAt === null ? null : h.lastSeenAt / 1000) },
  { name: 'tideway_host_cpu_usage_ratio', help: 'CPU busy share in the last interval', value: (h) => percentRatio(h.cpuPercent) },
  { name: 'tideway_host_memory_used_ratio', help: 'memory in use, excluding caches', value: (h) => percentRatio(h.memoryPercent) },
  { name: 'tideway_host_disk_used_max_ratio', help: 'use of the fullest mounted filesystem', value: (h) => percentRatio(h.diskMaxPercent) },
  { name: 'tideway_host_checks_failing', help: 'checks not in the ok state', value: (h) => h.failingChecks },
  { name: 'tideway_host_agent_outdated', help: '1 when the agent is older than this control plane', value: (h) => (h.agentOutdated ? 1 : 0) },
];

/** A label value escaped as the text format requires (backslash, double quote, newline). */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Exposition text (HELP, TYPE and one line per host) for every family with a value. */
export function hostSeriesText(hosts: readonly HostSeriesInput[]): string {
  const labels = hosts.map(
    (h) => `{host="${escapeLabelValue(h.name)}",host_id="${escapeLabelValue(h.id)}",tenant="${escapeLabelValue(h.tenant)}",product="${escapeLabelValue(h.product)}"}`,
  );
  const parts: string[] = [];
  for (const family of HOST_SERIES) {
    parts.push(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} gauge\n`);
    hosts.forEach((host, i) => {
      const value = family.value(host);
      if (value !== null) parts.push(`${family.name}${labels[i]} ${value}\n`);
    });
  }
  return parts.join('');
}
