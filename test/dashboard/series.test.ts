import { describe, expect, it } from 'vitest';
import { chartData, medianStepMs, mergePoint, mergePoints, toPoints, type Picker } from '../../dashboard/src/series.ts';
import type { SamplePoint } from '../../dashboard/src/types.ts';
import { sampleRecord } from '../helpers/records.ts';

const T0 = Date.UTC(2026, 2, 14, 14, 0, 0);
const point = (at: number, cpu = 10, seq = at): SamplePoint => ({ seq, at, metrics: sampleRecord(1, at, cpu).metrics });
const every = (count: number, stepMs: number, from = T0) => Array.from({ length: count }, (_, i) => point(from + i * stepMs, i));
const cpu: Picker = (m) => [['cpu', m.cpu.usagePercent]];
const disks: Picker = (m) => m.disks.map((d) => [d.mount, d.usedPercent] as const);

describe('toPoints', () => {
  it('turns ISO instants into epoch milliseconds, oldest first', () => {
    const record = sampleRecord(2, T0);
    const items = [
      { seq: 2, at: new Date(T0 + 1000).toISOString(), metrics: record.metrics, checks: [] },
      { seq: 1, at: new Date(T0).toISOString(), metrics: record.metrics, checks: [] },
    ];
    expect(toPoints(items).map((p) => p.at)).toEqual([T0, T0 + 1000]);
  });
});

describe('mergePoint', () => {
  it('appends a newer point and drops points older than the window', () => {
    const merged = mergePoint(every(3, 1000), point(T0 + 3000), T0 + 1000);
    expect(merged.map((p) => p.at)).toEqual([T0 + 1000, T0 + 2000, T0 + 3000]);
  });

  it('inserts a late point in time order', () => {
    const merged = mergePoint([point(T0), point(T0 + 2000)], point(T0 + 1000), T0);
    expect(merged.map((p) => p.at)).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('ignores a repeat of a known instant and a point before the window', () => {
    const points = every(2, 1000);
    expect(mergePoint(points, point(T0 + 1000, 99), T0)).toEqual(points);
    expect(mergePoint(points, point(T0 - 5000), T0)).toEqual(points);
  });

  it('returns a new array so a state update is seen', () => {
    const points = every(2, 1000);
    expect(mergePoint(points, point(T0 + 5000), T0)).not.toBe(points);
  });

  it('merges live points that arrived while a range loaded', () => {
    const loaded = every(3, 1000);
    const live = [point(T0 + 2000), point(T0 + 3000), point(T0 + 4000)];
    expect(mergePoints(loaded, live, T0 + 1000).map((p) => p.at)).toEqual([1000, 2000, 3000, 4000].map((d) => T0 + d));
  });
});

describe('chartData', () => {
  it('aligns times in seconds with one column per series', () => {
    const data = chartData(every(3, 15_000), cpu, 15);
    expect(data.times).toEqual([T0 / 1000, T0 / 1000 + 15, T0 / 1000 + 30]);
    expect(data.labels).toEqual(['cpu']);
    expect(data.columns).toEqual([[0, 1, 2]]);
  });

  it('breaks the line with a null when reports stopped for more than three intervals', () => {
    const points = [point(T0, 5), point(T0 + 15_000, 6), point(T0 + 120_000, 7)];
    const data = chartData(points, cpu, 15);
    expect(data.times).toEqual([T0 / 1000, T0 / 1000 + 15, T0 / 1000 + 30, T0 / 1000 + 120]);
    expect(data.columns[0]).toEqual([5, 6, null, 7]);
  });

  it('does not break lines of older samples taken at a longer interval than the current one', () => {
    const points = [...every(10, 60_000), point(T0 + 600_000 + 5_000)];
    expect(chartData(points, cpu, 5).columns[0]).not.toContain(null);
  });

  it('keeps a series that appears later, with nulls before it', () => {
    const a = point(T0);
    const b = point(T0 + 1000);
    b.metrics = { ...b.metrics, disks: [...b.metrics.disks, { ...b.metrics.disks[0], mount: '/data', usedPercent: 70 }] };
    const data = chartData([a, b], disks, 1);
    expect(data.labels).toEqual(['/', '/var', '/data']);
    expect(data.columns[2]).toEqual([null, 70]);
  });

  it('gives empty columns for no samples', () => {
    expect(chartData([], cpu, 15)).toEqual({ times: [], labels: [], columns: [] });
  });
});

describe('medianStepMs', () => {
  it.each([
    [[], 0],
    [[T0], 0],
    [[T0, T0 + 5000, T0 + 10_000, T0 + 70_000], 5000],
    [[T0, T0 + 60_000, T0 + 120_000, T0 + 125_000], 60_000],
  ])('of points at %j is %i ms', (instants, expected) => {
    expect(medianStepMs(instants.map((at) => point(at)))).toBe(expected);
  });
});
