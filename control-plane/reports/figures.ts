/** Small pure helpers shared by the report's figure functions. */
import type { DurationStats, Tally, Trace } from './model.ts';

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds (UTC days; local days come from the schedules library). */
export const DAY_MS = 86_400_000;

/** ISO 8601 in UTC, as reports show instants. */
export const iso = (at: number): string => new Date(at).toISOString();
/** ISO 8601 in UTC, as reports show instants. */
export const isoOrNull = (at: number | null): string | null => (at === null ? null : iso(at));
/** Start of the UTC hour (rollup hours are UTC hours). */
export const hourFloor = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;
/** Start of the next UTC hour unless already on one. */
export const hourCeil = (at: number): number => Math.ceil(at / HOUR_MS) * HOUR_MS;

/** A figure's trace: source, query inputs and row ids. */
export function trace(source: string, inputs: Record<string, unknown>, ids: ReadonlyArray<string | number> = []): Trace {
  return { source, inputs, ids: [...ids] };
}

/** Counts per key, most first, then by key so the order is stable. */
export function tally(keys: Iterable<string>): Tally[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Arithmetic mean, or null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Median, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Mean, median and max of business-second durations, in business hours. */
export function durationStats(seconds: readonly number[]): DurationStats {
  const hours = seconds.map((s) => s / 3600);
  return { count: hours.length, meanBusinessHours: mean(hours), medianBusinessHours: median(hours), maxBusinessHours: hours.length ? Math.max(...hours) : null };
}

/** Merges intervals [from, to) clipped to [fromAt, toAt), sorted. */
export function mergeIntervals(intervals: ReadonlyArray<readonly [number, number]>, fromAt: number, toAt: number): Array<[number, number]> {
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, fromAt), Math.min(b, toAt)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Milliseconds of [fromAt, toAt) covered by merged intervals. */
export function coveredMs(merged: ReadonlyArray<readonly [number, number]>, fromAt: number, toAt: number): number {
  let total = 0;
  for (const [a, b] of merged) total += Math.max(0, Math.min(b, toAt) - Math.max(a, fromAt));
  return total;
}
