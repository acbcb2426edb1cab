/**
 * Capacity from hourly rollups: CPU and memory p95 of the hourly means, and disk growth per
 * mount by a least-squares line through the hourly mean use, projected to 100%. Pure.
 */
import type { DiskTrendSums } from '../store/types.ts';
import { DAY_MS, iso, trace } from './figures.ts';
import type { DiskTrend, HostCapacity, ReportPeriod } from './model.ts';

/** How capacity figures are computed, as the report states it. */
export const CAPACITY_METHOD =
  'p95 = nearest-rank 95th percentile of hourly means; disk growth = (mean use of the second half of the period - mean use of the first half) / days between the two halves\' mean hours (exact for steady growth); days to full = (100 - last hourly mean) / growth when growth is positive';

/** Growth in percent per day between the two halves' centroids, and the projection to full. */
export function diskTrend(sums: DiskTrendSums): DiskTrend {
  const { firstHalf: a, secondHalf: b } = sums;
  const days = a.count > 0 && b.count > 0 ? (b.sumHourAt / b.count - a.sumHourAt / a.count) / DAY_MS : 0;
  const slope = days > 0 ? (b.sumPercent / b.count - a.sumPercent / a.count) / days : 0;
  return {
    mount: sums.mount,
    lastPercent: sums.lastPercent,
    growthPercentPerDay: slope,
    daysToFull: slope > 0 ? Math.max(0, 100 - sums.lastPercent) / slope : null,
    hours: a.count + b.count,
  };
}

/** What the gatherer read for one host. */
export interface HostCapacityInput {
  hostId: string;
  hostName: string;
  /** Nearest-rank p95 of the hourly means and the hours they cover (`hourlyP95`). */
  cpu: { value: number | null; hours: number };
  memory: { value: number | null; hours: number };
  disks: readonly DiskTrendSums[];
}

/** One host's CPU and memory p95 and disk trends. */
export function hostCapacity(input: HostCapacityInput, period: ReportPeriod): HostCapacity {
  const disks = input.disks.map(diskTrend).sort((a, b) => (a.mount < b.mount ? -1 : 1));
  const inputs = {
    metrics: ['cpu_percent', 'memory_percent', 'disk_used_percent:<mount>'],
    fromAt: iso(period.fromAt),
    toAt: iso(period.toAt),
    cpuHours: input.cpu.hours,
    memoryHours: input.memory.hours,
    disks: input.disks.map((d) => ({ mount: d.mount, hours: d.firstHalf.count + d.secondHalf.count, firstHourAt: iso(d.firstHourAt), lastHourAt: iso(d.lastHourAt) })),
  };
  return {
    hostId: input.hostId,
    hostName: input.hostName,
    cpuP95: input.cpu.value,
    memoryP95: input.memory.value,
    hours: Math.max(input.cpu.hours, input.memory.hours),
    disks,
    trace: trace('rollups_hourly', inputs, [input.hostId]),
  };
}
