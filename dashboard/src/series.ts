/**
 * Pure shaping of samples into chart data: aligned columns for uPlot, with a break
 * (a null) wherever reports stopped, so a gap shows as a gap and not as a straight line.
 */
import type { HostMetrics, SampleItem, SamplePoint, SampleRecord } from './types.ts';

/** Named values a chart takes from one sample, e.g. `[['/', 40], ['/var', 50]]`. */
export type Picker = (metrics: HostMetrics) => ReadonlyArray<readonly [label: string, value: number]>;

/** uPlot's aligned data: times in epoch seconds, one value column per labelled series. */
export interface ChartData {
  times: number[];
  labels: string[];
  columns: Array<Array<number | null>>;
}

/** Reports missing for this many intervals break the line. */
export const BREAK_AFTER_INTERVALS = 3;

/** Samples from the API as chart points, oldest first. */
export function toPoints(items: readonly SampleItem[]): SamplePoint[] {
  return items.map((item) => ({ seq: item.seq, at: Date.parse(item.at), metrics: item.metrics })).sort((a, b) => a.at - b.at);
}

/** A live sample as a chart point. */
export const recordPoint = (record: SampleRecord): SamplePoint => ({ seq: record.seq, at: record.at, metrics: record.metrics });

/**
 * Adds a point in time order (a repeat of a known instant is ignored) and drops points
 * older than `fromAt`. Returns a new array so state updates are seen.
 */
export function mergePoint(points: readonly SamplePoint[], point: SamplePoint, fromAt: number): SamplePoint[] {
  let start = 0;
  while (start < points.length && points[start].at < fromAt) start += 1;
  const kept = points.slice(start);
  if (point.at < fromAt) return kept;
  let index = kept.length;
  while (index > 0 && kept[index - 1].at > point.at) index -= 1;
  if (index > 0 && kept[index - 1].at === point.at) return kept;
  kept.splice(index, 0, point);
  return kept;
}

/**
 * The usual spacing of the points. Older samples may have been taken at a longer interval
 * than the host's current one; their spacing must not read as missing reports.
 */
export function medianStepMs(points: readonly SamplePoint[]): number {
  if (points.length < 2) return 0;
  const steps: number[] = [];
  for (let i = 1; i < points.length; i += 1) steps.push(points[i].at - points[i - 1].at);
  steps.sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 2)];
}

/** Columns for one chart; series are ordered by first appearance. */
export function chartData(points: readonly SamplePoint[], pick: Picker, intervalSeconds: number): ChartData {
  const labels: string[] = [];
  const rows: Array<Map<string, number>> = [];
  const times: number[] = [];
  const breakMs = BREAK_AFTER_INTERVALS * Math.max(Math.max(1, intervalSeconds) * 1000, medianStepMs(points));
  let previousAt: number | null = null;
  for (const point of points) {
    if (previousAt !== null && point.at - previousAt > breakMs) {
      times.push((previousAt + intervalSeconds * 1000) / 1000);
      rows.push(new Map());
    }
    const row = new Map<string, number>();
    for (const [label, value] of pick(point.metrics)) {
      if (!row.has(label) && !labels.includes(label)) labels.push(label);
      row.set(label, value);
    }
    times.push(point.at / 1000);
    rows.push(row);
    previousAt = point.at;
  }
  const columns = labels.map((label) => rows.map((row) => row.get(label) ?? null));
  return { times, labels, columns };
}

/** Adds several points (e.g. live samples that arrived while a range was loading). */
export function mergePoints(points: readonly SamplePoint[], extra: readonly SamplePoint[], fromAt: number): SamplePoint[] {
  return extra.reduce<SamplePoint[]>((merged, point) => mergePoint(merged, point, fromAt), points.filter((p) => p.at >= fromAt));
}
