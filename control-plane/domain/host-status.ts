/** Host status from heartbeats: pure, driven by `now`. */
import type { HostStatus } from '../store/types.ts';

/** Reports missed before a host is `down`; one missed report makes it `stale`. */
export const MISSED_FOR_DOWN = 3;

/**
 * How many reports are overdue. A report counts as missed half an interval (at most
 * 5 s) after it was due, so ordinary jitter does not flap a host to `stale`.
 */
export function missedReports(lastSeenAt: number, intervalSeconds: number, now: number): number {
  const intervalMs = intervalSeconds * 1000;
  const graceMs = Math.min(intervalMs / 2, 5000);
  return Math.max(0, Math.floor((now - lastSeenAt - graceMs) / intervalMs));
}

export function hostStatus(lastSeenAt: number | null, intervalSeconds: number, now: number): HostStatus {
  if (lastSeenAt === null) return 'down';
  const missed = missedReports(lastSeenAt, intervalSeconds, now);
  if (missed >= MISSED_FOR_DOWN) return 'down';
  return missed >= 1 ? 'stale' : 'up';
}
