/**
 * Flap detection as Nagios does it: over the last 21 evaluations, the share of evaluations
 * that changed state, with recent changes weighing more (0.8 for the oldest slot up to 1.2
 * for the newest, linearly). A series starts flapping at or above the high threshold and
 * stops at or below the low one; in between it keeps what it was, so it does not flap in
 * and out of flapping.
 */

/** How many evaluations flap detection looks back over. */
export const FLAP_HISTORY_LENGTH = 21;

/** Percent state change at which flapping starts (`highPercent`) and stops (`lowPercent`). */
export interface FlapThresholds {
  lowPercent: number;
  highPercent: number;
}

/** Nagios' defaults for services. */
export const DEFAULT_FLAP_THRESHOLDS: FlapThresholds = { lowPercent: 25, highPercent: 50 };

const OLDEST_WEIGHT = 0.8;
const NEWEST_WEIGHT = 1.2;

/** Weight of a change in history slot `slot` (0 oldest, 20 newest). */
export function flapWeight(slot: number): number {
  return OLDEST_WEIGHT + ((NEWEST_WEIGHT - OLDEST_WEIGHT) * slot) / (FLAP_HISTORY_LENGTH - 1);
}

/**
 * Weighted percent of evaluations that changed state. A history shorter than 21 fills the
 * newest slots; the slots before it count as unchanged, so a new series is not called
 * flapping on its first few changes.
 */
export function percentStateChange(history: readonly boolean[]): number {
  const offset = FLAP_HISTORY_LENGTH - history.length;
  let weighted = 0;
  history.forEach((changed, index) => {
    if (changed) weighted += flapWeight(offset + index);
  });
  return (weighted * 100) / FLAP_HISTORY_LENGTH;
}

/** The history with one more evaluation's flag appended, keeping the last 21. */
export function pushFlapHistory(history: readonly boolean[], changed: boolean): boolean[] {
  const next = [...history, changed];
  return next.length > FLAP_HISTORY_LENGTH ? next.slice(next.length - FLAP_HISTORY_LENGTH) : next;
}

/** Whether a series is flapping given its percent state change and whether it was. */
export function nextFlapping(wasFlapping: boolean, percent: number, thresholds: FlapThresholds = DEFAULT_FLAP_THRESHOLDS): boolean {
  if (percent >= thresholds.highPercent) return true;
  if (percent <= thresholds.lowPercent) return false;
  return wasFlapping;
}
