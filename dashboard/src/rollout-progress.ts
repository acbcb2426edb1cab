/**
 * Progress bar arithmetic (pure): how many hosts are done, and how wide each part of the
 * bar is. Widths are shares of the whole bar in tenths of a percent, rounded by largest
 * remainder so they add up exactly; a part with any host is drawn at least 1% wide, so one
 * failure among thousands of hosts still shows.
 */
import type { HostCounts } from './rollout-types.ts';

/** Parts of the bar in drawing order: outcomes first, then hosts with a plan out; pending hosts are the empty rest. */
export const SEGMENT_KINDS = ['succeeded', 'failed', 'rolled-back', 'skipped', 'in-flight'] as const;
/** What a part of the bar counts. */
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** One part of the bar. */
export interface Segment {
  kind: SegmentKind;
  count: number;
  /** Width in percent of the whole bar, with at most one decimal. */
  percent: number;
}

/** A rollout's or wave's progress. */
export interface Progress {
  total: number;
  /** Hosts whose part is over: succeeded, failed, rolled back or skipped. */
  done: number;
  /** Failed or rolled back. */
  errors: number;
  pending: number;
  segments: Segment[];
}

const WHOLE = 1000;
const MIN_WIDTH = 10;

/** Shares of `WHOLE` proportional to `counts`, adding up to `WHOLE` exactly (all zero when there is nothing). */
function apportion(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((n) => (n * WHOLE) / total);
  const shares = exact.map(Math.floor);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = WHOLE - shares.reduce((sum, n) => sum + n, 0);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index] += 1;
    left -= 1;
  }
  return shares;
}

/** Widens every non-empty part of `visible` (indexes) to `MIN_WIDTH`, taking the width from the widest part. */
function widenSmallParts(shares: number[], counts: readonly number[], visible: number): number[] {
  const next = [...shares];
  for (let index = 0; index < visible; index += 1) {
    const missing = counts[index] > 0 ? MIN_WIDTH - next[index] : 0;
    if (missing <= 0) continue;
    const widest = next.indexOf(Math.max(...next));
    next[widest] -= missing;
    next[index] += missing;
  }
  return next;
}

/** The progress of hosts counted by state. */
export function progressOf(counts: HostCounts): Progress {
  const inFlight = counts.notified + counts.running;
  const parts = [counts.succeeded, counts.failed, counts['rolled-back'], counts.skipped, inFlight, counts.pending];
  const shares = widenSmallParts(apportion(parts), parts, SEGMENT_KINDS.length);
  const done = counts.succeeded + counts.failed + counts['rolled-back'] + counts.skipped;
  return {
    total: parts.reduce((sum, n) => sum + n, 0),
    done,
    errors: counts.failed + counts['rolled-back'],
    pending: counts.pending,
    segments: SEGMENT_KINDS.map((kind, index) => ({ kind, count: parts[index], percent: shares[index] / (WHOLE / 100) })),
  };
}
