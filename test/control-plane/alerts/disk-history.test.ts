import { describe, expect, it } from 'vitest';
import { DiskHistory, forecastDaysToFull, forecastWindow, type DiskPoint } from '../../../control-plane/alerts/disk-history.ts';
import { sampleRecord } from '../../helpers/records.ts';
import { DAY, HOUR, MINUTE, T0 } from './helpers.ts';

/** A sample at `at` whose `/` and `/var` mounts are `rootPercent` and 50% full. */
function sampleAt(at: number, rootPercent: number) {
  const sample = sampleRecord(1, at);
  sample.metrics.disks[0].usedPercent = rootPercent;
  return sample;
}

/** Points every `stepMs` over `spanMs` ending at `T0`, use rising `perHour` percent an hour to `endPercent`. */
function linear(spanMs: number, stepMs: number, endPercent: number, perHour: number): DiskPoint[] {
  const points: DiskPoint[] = [];
  for (let at = T0 - spanMs; at <= T0; at += stepMs) points.push({ at, usedPercent: endPercent - ((T0 - at) / HOUR) * perHour });
  return points;
}

describe('DiskHistory', () => {
  it('keeps at most one point per mount every 15 minutes', () => {
    const history = new DiskHistory();
    for (let at = T0; at < T0 + HOUR; at += 15_000) history.record(sampleAt(at, 40));
    expect(history.points('/').map((p) => (p.at - T0) / MINUTE)).toEqual([0, 15, 30, 45]);
    expect(history.points('/var')).toHaveLength(4);
  });

  it('is bounded: the oldest points go once 32 are kept', () => {
    const history = new DiskHistory();
    for (let i = 0; i < 50; i += 1) history.recordPoint('/', T0 + i * 15 * MINUTE, i);
    const points = history.points('/');
    expect(points).toHaveLength(32);
    expect(points[0]).toEqual({ at: T0 + 18 * 15 * MINUTE, usedPercent: 18 });
    expect(points[31].usedPercent).toBe(49);
  });

  it('returns points since an instant, oldest first', () => {
    const history = new DiskHistory();
    for (let i = 0; i < 5; i += 1) history.recordPoint('/', T0 + i * HOUR, 40 + i);
    expect(history.points('/', T0 + 3 * HOUR).map((p) => p.usedPercent)).toEqual([43, 44]);
    expect(history.points('/nope')).toEqual([]);
  });

  it('keeps whole seconds and thousandths of a percent', () => {
    const history = new DiskHistory();
    history.recordPoint('/', T0, 40);
    history.recordPoint('/', T0 + HOUR + 1234, 40.12345);
    expect(history.points('/')).toEqual([
      { at: T0, usedPercent: 40 },
      { at: T0 + HOUR + 1000, usedPercent: 40.123 },
    ]);
  });

  it('ignores a point older than the last one (a late replay)', () => {
    const history = new DiskHistory();
    history.recordPoint('/', T0, 40);
    expect(history.recordPoint('/', T0 - HOUR, 10)).toBe(false);
    expect(history.points('/')).toHaveLength(1);
  });

  it('forgets a mount unseen for longer than the ring reaches, and keeps one briefly missing', () => {
    const history = new DiskHistory();
    history.record(sampleAt(T0, 40));
    const withoutVar = sampleAt(T0 + HOUR, 41);
    withoutVar.metrics.disks = withoutVar.metrics.disks.slice(0, 1);
    history.record(withoutVar);
    expect(history.mounts()).toEqual(['/', '/var']);
    withoutVar.at = T0 + 9 * HOUR;
    history.record(withoutVar);
    expect(history.mounts()).toEqual(['/']);
  });
});

describe('forecastWindow', () => {
  it.each<[string, DiskPoint[], string | number]>([
    ['uses the points inside the window', linear(8 * HOUR, 15 * MINUTE, 60, 1), 25],
    ['needs at least 4 points', linear(45 * MINUTE, 15 * MINUTE, 60, 1).slice(1), 'too-few-points'],
    ['needs the points to span half the window', linear(2 * HOUR, 15 * MINUTE, 60, 1), 'too-short-span'],
  ])('%s', (_name, points, expected) => {
    const window = forecastWindow(points, T0, 6 * HOUR);
    expect('reason' in window ? window.reason : window.points.length).toBe(expected);
  });
});

describe('forecastDaysToFull', () => {
  it.each<[string, DiskPoint[], number | null]>([
    ['a disk filling 1% an hour from 60% is full in 40 hours', linear(6 * HOUR, 15 * MINUTE, 60, 1), 40 / 24],
    ['a disk filling 0.1% an hour from 50% is full in 500 hours', linear(6 * HOUR, 15 * MINUTE, 50, 0.1), 500 / 24],
    ['a disk already past the mark is full now', linear(6 * HOUR, 15 * MINUTE, 100.5, 1), 0],
    ['a flat disk never fills', linear(6 * HOUR, 15 * MINUTE, 60, 0), null],
    ['a shrinking disk never fills', linear(6 * HOUR, 15 * MINUTE, 60, -2), null],
    ['one point says nothing', [{ at: T0, usedPercent: 99 }], null],
    ['points at one instant say nothing', [{ at: T0, usedPercent: 50 }, { at: T0, usedPercent: 60 }], null],
  ])('%s', (_name, points, days) => {
    const result = forecastDaysToFull(points, T0, 100);
    if (days === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(days, 6);
  });

  it('fits a line through noisy growth', () => {
    const points = linear(6 * HOUR, 15 * MINUTE, 70, 0.5).map((p, i) => ({ ...p, usedPercent: p.usedPercent + (i % 2 === 0 ? 0.3 : -0.3) }));
    expect(forecastDaysToFull(points, T0, 100)! * DAY).toBeGreaterThan(55 * HOUR);
    expect(forecastDaysToFull(points, T0, 100)! * DAY).toBeLessThan(65 * HOUR);
  });
});
