/**
 * Recent disk use per mount of one host, for "disk full within N days" forecasts. Memory
 * matters at 15,000 hosts, so each mount keeps a fixed ring of at most one point every
 * 15 minutes, 32 points (8 hours), in one Int32Array: whole seconds since the ring's first
 * point and thousandths of a percent, 256 bytes of data a mount.
 */
import type { SampleRecord } from '../../protocol/index.ts';

/** One recorded disk use. */
export interface DiskPoint {
  at: number;
  usedPercent: number;
}

/** What forecasts read: a mount's points recorded at or after `sinceAt`, oldest first. */
export interface DiskPointSource {
  points(mount: string, sinceAt: number): DiskPoint[];
}

/** Least time between two recorded points of one mount. */
export const DISK_HISTORY_SPACING_MS = 15 * 60_000;
/** Points kept per mount. */
export const DISK_HISTORY_CAPACITY = 32;
/** The longest fit window a forecast rule may ask for (the ring's reach). */
export const MAX_FORECAST_WINDOW_MS = 8 * 3_600_000;
/** Fewest points a forecast fits a line through. */
export const FORECAST_MIN_POINTS = 4;

const DAY_MS = 86_400_000;

interface Ring {
  baseAt: number;
  /** Per slot: seconds since `baseAt`, then used percent in thousandths. */
  data: Int32Array;
  start: number;
  count: number;
}

const atOf = (ring: Ring, slot: number): number => ring.baseAt + ring.data[2 * slot] * 1000;
const usedOf = (ring: Ring, slot: number): number => ring.data[2 * slot + 1] / 1000;

/** The disk history of one host: a bounded ring of points per mount. */
export class DiskHistory implements DiskPointSource {
  private readonly rings = new Map<string, Ring>();

  constructor(
    readonly spacingMs = DISK_HISTORY_SPACING_MS,
    readonly capacity = DISK_HISTORY_CAPACITY,
  ) {}

  /** Records every disk of a sample; forgets mounts unseen for longer than the ring reaches. */
  record(sample: Pick<SampleRecord, 'at' | 'metrics'>): void {
    const seen = new Set<string>();
    for (const disk of sample.metrics.disks) {
      seen.add(disk.mount);
      this.recordPoint(disk.mount, sample.at, disk.usedPercent);
    }
    const forgetBefore = sample.at - this.spacingMs * this.capacity;
    for (const [mount, ring] of this.rings) {
      if (!seen.has(mount) && lastAt(ring, this.capacity) < forgetBefore) this.rings.delete(mount);
    }
  }

  /** Adds a point unless the mount's last one is under `spacingMs` older; true when added. */
  recordPoint(mount: string, at: number, usedPercent: number): boolean {
    let ring = this.rings.get(mount);
    if (!ring) {
      ring = { baseAt: at, data: new Int32Array(2 * this.capacity), start: 0, count: 0 };
      this.rings.set(mount, ring);
    }
    if (ring.count > 0 && at - lastAt(ring, this.capacity) < this.spacingMs) return false;
    const slot = (ring.start + ring.count) % this.capacity;
    ring.data[2 * slot] = Math.round((at - ring.baseAt) / 1000);
    ring.data[2 * slot + 1] = Math.round(usedPercent * 1000);
    if (ring.count < this.capacity) ring.count += 1;
    else ring.start = (ring.start + 1) % this.capacity;
    return true;
  }

  points(mount: string, sinceAt = Number.NEGATIVE_INFINITY): DiskPoint[] {
    const ring = this.rings.get(mount);
    const points: DiskPoint[] = [];
    for (let i = 0; ring && i < ring.count; i += 1) {
      const slot = (ring.start + i) % this.capacity;
      if (atOf(ring, slot) >= sinceAt) points.push({ at: atOf(ring, slot), usedPercent: usedOf(ring, slot) });
    }
    return points;
  }

  /** Mounts with points, in first-recorded order. */
  mounts(): string[] {
    return [...this.rings.keys()];
  }
}

const lastAt = (ring: Ring, capacity: number): number => atOf(ring, (ring.start + ring.count - 1) % capacity);

/**
 * Points of a fit window ending at `now`, or why a forecast would be a guess: fewer than
 * `FORECAST_MIN_POINTS`, or spanning less than half the window (a line through a few
 * minutes of a busy disk says nothing about next week).
 */
export function forecastWindow(points: readonly DiskPoint[], now: number, windowMs: number): { points: DiskPoint[] } | { reason: 'too-few-points' | 'too-short-span' } {
  const inWindow = points.filter((point) => point.at >= now - windowMs && point.at <= now);
  if (inWindow.length < FORECAST_MIN_POINTS) return { reason: 'too-few-points' };
  if (inWindow[inWindow.length - 1].at - inWindow[0].at < windowMs / 2) return { reason: 'too-short-span' };
  return { points: inWindow };
}

/**
 * Days from `now` until use reaches `reaches` percent, on the least-squares line through
 * `points` (0 when the line is already there); null when use is not growing.
 */
export function forecastDaysToFull(points: readonly DiskPoint[], now: number, reaches: number): number | null {
  if (points.length < 2) return null;
  let sumX = 0;
  let sumY = 0;
  for (const point of points) {
    sumX += (point.at - now) / DAY_MS;
    sumY += point.usedPercent;
  }
  const meanX = sumX / points.length;
  const meanY = sumY / points.length;
  let sxx = 0;
  let sxy = 0;
  for (const point of points) {
    const dx = (point.at - now) / DAY_MS - meanX;
    sxx += dx * dx;
    sxy += dx * (point.usedPercent - meanY);
  }
  if (sxx === 0) return null;
  const slopePerDay = sxy / sxx;
  if (!(slopePerDay > 0)) return null;
  const usedNow = meanY - slopePerDay * meanX;
  return Math.max(0, (reaches - usedNow) / slopePerDay);
}
