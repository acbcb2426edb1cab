/**
 * Conversions between instants (epoch ms) and wall-clock time in an IANA zone. Offsets come
 * from Luxon's IANAZone (Intl under the hood) and are cached per UTC day, because business-time
 * arithmetic converts several session boundaries a day and Intl is slow.
 */
import { IANAZone } from 'luxon';
import { ScheduleError } from './errors.ts';
import { formatLocalDate, isLocalDate, pad2, type DayNumber } from './local-date.ts';

/** The zone used when a tenant, track or calendar names none. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const CACHE_LIMIT = 50_000;

interface ZoneEntry {
  zone: IANAZone;
  /** Offset in minutes valid for the whole UTC day, or NaN when the offset changes in it. */
  dayOffsets: Map<number, number>;
}

const zones = new Map<string, ZoneEntry>();

function entryFor(zoneName: string): ZoneEntry {
  let entry = zones.get(zoneName);
  if (!entry) {
    if (!IANAZone.isValidZone(zoneName)) {
      throw new ScheduleError('ZONE_INVALID', `'${zoneName}' is not an IANA time zone, e.g. Asia/Shanghai`, { zone: zoneName });
    }
    entry = { zone: IANAZone.create(zoneName), dayOffsets: new Map() };
    zones.set(zoneName, entry);
  }
  return entry;
}

/** Throws `ZONE_INVALID` unless `zoneName` is a known IANA zone. */
export function assertZone(zoneName: string): void {
  entryFor(zoneName);
}

/** True when `zoneName` is a known IANA zone. */
export function isValidZone(zoneName: string): boolean {
  return IANAZone.isValidZone(zoneName);
}

/** UTC offset of `zoneName` at `instantAt`, in minutes (east positive). */
export function offsetMinutes(instantAt: number, zoneName: string): number {
  const entry = entryFor(zoneName);
  const utcDay = Math.floor(instantAt / DAY_MS);
  let cached = entry.dayOffsets.get(utcDay);
  if (cached === undefined) {
    const first = entry.zone.offset(utcDay * DAY_MS);
    const last = entry.zone.offset((utcDay + 1) * DAY_MS - 1);
    cached = first === last ? first : Number.NaN;
    if (entry.dayOffsets.size >= CACHE_LIMIT) entry.dayOffsets.clear();
    entry.dayOffsets.set(utcDay, cached);
  }
  return Number.isNaN(cached) ? entry.zone.offset(instantAt) : cached;
}

/**
 * The instant at which the wall clock in `zoneName` shows `minuteOfDay` on `day`.
 * In a spring-forward gap the time moves forward by the gap (02:30 becomes 03:30); in a
 * fall-back overlap the earlier of the two instants is used.
 */
export function localToInstant(day: DayNumber, minuteOfDay: number, zoneName: string): number {
  const wallAt = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const before = offsetMinutes(wallAt - DAY_MS, zoneName);
  const after = offsetMinutes(wallAt + DAY_MS, zoneName);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidateAt = wallAt - offset * MINUTE_MS;
    if (offsetMinutes(candidateAt, zoneName) === offset) best = Math.min(best, candidateAt);
  }
  return Number.isFinite(best) ? best : wallAt - before * MINUTE_MS;
}

/** The local wall-clock date and minute of day of an instant in a zone. */
export function instantToLocal(instantAt: number, zoneName: string): { day: DayNumber; minuteOfDay: number; offset: number } {
  const offset = offsetMinutes(instantAt, zoneName);
  const wallAt = instantAt + offset * MINUTE_MS;
  const day = Math.floor(wallAt / DAY_MS);
  return { day, minuteOfDay: Math.floor((wallAt - day * DAY_MS) / MINUTE_MS), offset };
}

/** Local day number of an instant in a zone. */
export function localDayOf(instantAt: number, zoneName: string): DayNumber {
  return instantToLocal(instantAt, zoneName).day;
}

/** ISO 8601 with the zone's offset, e.g. `2026-01-10T22:00:00+08:00` (milliseconds only when set). */
export function formatInstant(instantAt: number, zoneName: string): string {
  const offset = offsetMinutes(instantAt, zoneName);
  const wallAt = instantAt + offset * MINUTE_MS;
  const day = Math.floor(wallAt / DAY_MS);
  const msOfDay = wallAt - day * DAY_MS;
  const seconds = Math.floor(msOfDay / 1000);
  const millis = msOfDay % 1000;
  const clock = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const fraction = millis ? `.${String(millis).padStart(3, '0')}` : '';
  return `${formatLocalDate(day)}T${clock}${fraction}${formatOffset(offset)}`;
}

/** `+08:00` / `-05:00` of an offset in minutes. */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:[0-5]\d)$/;

/** Epoch ms of an ISO 8601 instant that names its offset; throws `INSTANT_INVALID` otherwise. */
export function parseInstant(text: string): number {
  const wellFormed = INSTANT_PATTERN.test(text) && isLocalDate(text.slice(0, 10));
  const instantAt = wellFormed ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(instantAt)) {
    throw new ScheduleError(
      'INSTANT_INVALID',
      `'${text}' is not an ISO 8601 instant with an offset, e.g. 2026-09-30T16:00:00+08:00`,
      { value: text },
    );
  }
  return instantAt;
}
