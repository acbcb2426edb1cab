/** Which hours the rollup job aggregates: pure, driven by `now`. */

export const HOUR_MS = 3_600_000;
/** An hour is rolled up this long after it ends, so in-flight reports land first. */
export const ROLLUP_GRACE_MS = 10 * 60_000;

export function hourStart(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/**
 * The next hours to roll up, oldest first: from the watermark (or the first sample's hour)
 * up to the last hour that ended at least the grace period ago, at most `limit` of them.
 */
export function hoursDue(watermark: number | null, earliestSampleAt: number | null, now: number, limit: number): number[] {
  const start = watermark !== null ? watermark + HOUR_MS : earliestSampleAt !== null ? hourStart(earliestSampleAt) : null;
  if (start === null) return [];
  const lastDue = hourStart(now - ROLLUP_GRACE_MS) - HOUR_MS;
  const hours: number[] = [];
  for (let hour = start; hour <= lastDue && hours.length < limit; hour += HOUR_MS) hours.push(hour);
  return hours;
}
