/** CPU usage from /proc/stat deltas, and load averages from /proc/loadavg. */

/** Cumulative CPU time counters (clock ticks) summed over all CPUs. */
export interface CpuTimes {
  busy: number;
  total: number;
  cores: number;
}

/** Parses /proc/stat; null when the aggregate `cpu` line is missing. */
export function parseProcStat(text: string): CpuTimes | null {
  let times: CpuTimes | null = null;
  let cores = 0;
  for (const line of text.split('\n')) {
    if (/^cpu\d+\s/.test(line)) cores += 1;
    if (!line.startsWith('cpu ')) continue;
    // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
    // already counted in user/nice, so it is left out of the total.
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    times = { busy: total - idle - iowait, total, cores: 0 };
  }
  return times ? { ...times, cores: Math.max(1, cores) } : null;
}

/** Busy share of CPU time between two readings, 0-100; 0 when no time passed. */
export function cpuUsagePercent(previous: CpuTimes, current: CpuTimes): number {
  const total = current.total - previous.total;
  const busy = current.busy - previous.busy;
  if (total <= 0 || busy < 0) return 0;
  return Math.min(100, Math.round((busy / total) * 10_000) / 100);
}

/** Parses /proc/loadavg into the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [load1, load5, load15] = text.trim().split(/\s+/).map(Number);
  return { load1: load1 || 0, load5: load5 || 0, load15: load15 || 0 };
}
