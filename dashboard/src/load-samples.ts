/**
 * Loads a host's samples for a chart window within a bounded number of points. The API
 * returns the oldest samples first, so asking for a long window of a chatty host would
 * return its oldest hours and lose the newest. The window is therefore first narrowed to
 * what the host's interval says fits; a second request fills the rest of the window when
 * the data turned out sparser (the interval changed), or narrows it when denser.
 * A 15 s host's 24 hours (5,760 samples) fit in one request.
 */
import { toPoints } from './series.ts';
import type { SampleItem, SamplePoint } from './types.ts';

/** Most samples one chart window holds. */
export const MAX_POINTS = 6000;

/** Fetches samples in [fromAt, toAt), oldest first, at most `limit`. */
export type FetchSamples = (fromAt: number, toAt: number, limit: number) => Promise<SampleItem[]>;

export interface LoadedSamples {
  points: SamplePoint[];
  /** Start of the data shown when it is later than the window's start, else null. */
  clippedFromAt: number | null;
}

/** Start of the first request: the window, narrowed so `intervalSeconds` would fill 98% of `MAX_POINTS`. */
export function requestFromAt(toAt: number, rangeMs: number, intervalSeconds: number): number {
  return toAt - Math.min(rangeMs, Math.floor(MAX_POINTS * 0.98) * Math.max(1, intervalSeconds) * 1000);
}

const atOf = (item: SampleItem) => Date.parse(item.at);

export async function loadSamples(fetch: FetchSamples, toAt: number, rangeMs: number, intervalSeconds: number): Promise<LoadedSamples> {
  const windowFromAt = toAt - rangeMs;
  let fromAt = requestFromAt(toAt, rangeMs, intervalSeconds);
  let items = await fetch(fromAt, toAt, MAX_POINTS);
  if (items.length >= MAX_POINTS) {
    // Denser than the interval promised: keep to the span the returned samples covered, from the end.
    const spanMs = Math.max(1, atOf(items[items.length - 1]) - atOf(items[0]));
    fromAt = Math.max(fromAt, toAt - Math.floor(spanMs * 0.9));
    items = await fetch(fromAt, toAt, MAX_POINTS);
  } else if (fromAt > windowFromAt) {
    const room = MAX_POINTS - items.length;
    const earlier = await fetch(windowFromAt, fromAt, room);
    // A full answer is the oldest part of the gap only; showing it would leave a hole.
    if (earlier.length < room) {
      items = [...earlier, ...items];
      fromAt = windowFromAt;
    }
  }
  return { points: toPoints(items), clippedFromAt: fromAt > windowFromAt ? fromAt : null };
}
