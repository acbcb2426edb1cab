import { describe, expect, it } from 'vitest';
import { MAX_POINTS, loadSamples, requestFromAt, type FetchSamples } from '../../dashboard/src/load-samples.ts';
import type { SampleItem } from '../../dashboard/src/types.ts';
import { sampleRecord } from '../helpers/records.ts';

const NOW = Date.UTC(2026, 2, 14, 14, 0, 0);
const HOUR = 3_600_000;

/** A fake API over samples at the given instants: oldest first, `limit` at most, like the server. */
function fakeApi(instants: number[]) {
  const calls: Array<[number, number, number]> = [];
  const metrics = sampleRecord(1, 0).metrics;
  const fetch: FetchSamples = async (fromAt, toAt, limit) => {
    calls.push([fromAt, toAt, limit]);
    return instants
      .filter((at) => at >= fromAt && at < toAt)
      .slice(0, limit)
      .map((at, i): SampleItem => ({ seq: i + 1, at: new Date(at).toISOString(), metrics, checks: [] }));
  };
  return { fetch, calls };
}
const series = (fromAt: number, toAt: number, stepMs: number) => Array.from({ length: Math.floor((toAt - fromAt) / stepMs) }, (_, i) => fromAt + i * stepMs);

describe('requestFromAt', () => {
  it.each([
    [HOUR, 15, NOW - HOUR],
    [24 * HOUR, 15, NOW - 24 * HOUR],
    [24 * HOUR, 1, NOW - 5880 * 1000],
    [6 * HOUR, 5, NOW - 6 * HOUR],
    [24 * HOUR, 5, NOW - 5880 * 5000],
  ])('for a %i ms window at a %i s interval starts at %i', (rangeMs, interval, expected) => {
    expect(requestFromAt(NOW, rangeMs, interval)).toBe(expected);
  });
});

describe('loadSamples', () => {
  it('loads a whole window in one request when the interval fits', async () => {
    const api = fakeApi(series(NOW - 24 * HOUR, NOW, 15_000));
    const loaded = await loadSamples(api.fetch, NOW, 24 * HOUR, 15);
    expect(loaded.points).toHaveLength(5760);
    expect(loaded.clippedFromAt).toBeNull();
    expect(api.calls).toHaveLength(1);
  });

  it('shows the newest part of the window for a host that reports every second', async () => {
    const api = fakeApi(series(NOW - 24 * HOUR, NOW, 1000));
    const loaded = await loadSamples(api.fetch, NOW, 24 * HOUR, 1);
    expect(loaded.points.at(-1)!.at).toBe(NOW - 1000);
    expect(loaded.points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(loaded.clippedFromAt).toBe(NOW - 5880 * 1000);
  });

  it('fills the whole window when older samples were sparser than the current interval', async () => {
    const api = fakeApi([...series(NOW - 24 * HOUR, NOW - HOUR, 60_000), ...series(NOW - HOUR, NOW, 5000)]);
    const loaded = await loadSamples(api.fetch, NOW, 24 * HOUR, 5);
    expect(loaded.clippedFromAt).toBeNull();
    expect(loaded.points[0].at).toBe(NOW - 24 * HOUR);
    expect(loaded.points.at(-1)!.at).toBe(NOW - 5000);
  });

  it('narrows the window from the end when samples are denser than the interval says', async () => {
    const api = fakeApi(series(NOW - 24 * HOUR, NOW, 2000));
    const loaded = await loadSamples(api.fetch, NOW, 24 * HOUR, 15);
    expect(api.calls).toHaveLength(2);
    expect(loaded.points.at(-1)!.at).toBe(NOW - 2000);
    expect(loaded.clippedFromAt).not.toBeNull();
    expect(loaded.points.length).toBeLessThan(MAX_POINTS);
  });
});
