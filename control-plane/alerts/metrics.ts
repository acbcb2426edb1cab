/**
 * The metrics a threshold rule can watch, computed from a host's latest sample and context.
 * A metric is per host, per mount (label `mount`) or per check (label `check`); a host whose
 * sample lacks a mount or check, or lacks the number (no swap, no TLS), has no reading for it.
 */
import type { SampleRecord } from '../../protocol/index.ts';
import type { HostContext } from './host-context.ts';

/** What a reading is about, besides its host. */
export interface Subject {
  mount?: string;
  check?: string;
  year?: number;
}

/** One metric value for one subject. */
export interface MetricReading {
  subject: Subject;
  value: number;
}

/** Which subjects a metric has one reading for. */
export type MetricScope = 'host' | 'mount' | 'check';

interface MetricDefinition {
  scope: MetricScope;
  read(host: HostContext, sample: SampleRecord | null): MetricReading[];
}

const fromSample = (pick: (sample: SampleRecord) => number | null) => (_host: HostContext, sample: SampleRecord | null): MetricReading[] => {
  const value = sample ? pick(sample) : null;
  return value === null || !Number.isFinite(value) ? [] : [{ subject: {}, value }];
};

// Loops, not flatMap: these run for every rule of every host on every report.
const perMount = (pick: (disk: SampleRecord['metrics']['disks'][number]) => number | null) => (_host: HostContext, sample: SampleRecord | null): MetricReading[] => {
  const readings: MetricReading[] = [];
  for (const disk of sample?.metrics.disks ?? []) {
    const value = pick(disk);
    if (value !== null) readings.push({ subject: { mount: disk.mount }, value });
  }
  return readings;
};

const perCheck = (pick: (check: SampleRecord['checks'][number]) => number | undefined) => (_host: HostContext, sample: SampleRecord | null): MetricReading[] => {
  const readings: MetricReading[] = [];
  for (const check of sample?.checks ?? []) {
    const value = pick(check);
    if (value !== undefined) readings.push({ subject: { check: check.name }, value });
  }
  return readings;
};

/** The catalog: metric name to scope and reader. */
export const METRICS = {
  cpu_percent: { scope: 'host', read: fromSample((s) => s.metrics.cpu.usagePercent) },
  memory_percent: { scope: 'host', read: fromSample((s) => s.metrics.memory.usedPercent) },
  swap_used_percent: {
    scope: 'host',
    read: fromSample((s) => (s.metrics.memory.swapTotalBytes > 0 ? (s.metrics.memory.swapUsedBytes * 100) / s.metrics.memory.swapTotalBytes : null)),
  },
  load1_per_core: { scope: 'host', read: fromSample((s) => s.metrics.cpu.load1 / s.metrics.cpu.cores) },
  disk_used_percent: { scope: 'mount', read: perMount((disk) => disk.usedPercent) },
  // File systems without fixed inodes (btrfs, vfat) report 0 of 0: nothing to watch.
  inode_used_percent: { scope: 'mount', read: perMount((disk) => (disk.inodesTotal > 0 ? disk.inodesUsedPercent : null)) },
  tls_days_left: { scope: 'check', read: perCheck((check) => check.tlsDaysLeft) },
  check_latency_ms: { scope: 'check', read: perCheck((check) => check.latencyMs) },
  // The agent's clock is wrong by as much either way; the sign says which way, not how bad.
  clock_skew_seconds: {
    scope: 'host',
    read: (host: HostContext) => (host.clockSkewSeconds === null ? [] : [{ subject: {}, value: Math.abs(host.clockSkewSeconds) }]),
  },
  process_count: { scope: 'host', read: fromSample((s) => s.metrics.processCount) },
} satisfies Record<string, MetricDefinition>;

/** A metric a threshold rule may name. */
export type MetricName = keyof typeof METRICS;

/** Every metric name, in catalog order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** The readings of one metric for a host (none when it has no latest sample for sample metrics). */
export function readMetric(name: MetricName, host: HostContext): MetricReading[] {
  const metric: MetricDefinition = METRICS[name];
  return metric.read(host, host.latest);
}

/** Whether a metric has one reading per host, per mount or per check. */
export function metricScope(name: MetricName): MetricScope {
  return METRICS[name].scope as MetricScope;
}
