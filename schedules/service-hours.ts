/**
 * Service-hour calendars and business-time arithmetic (DESIGN.md, "Service-hour calendars").
 * Sessions are 08:30-12:00 and 13:00-17:30 local time in the calendar's zone. Instants are
 * epoch milliseconds. Work is per day (a few offset lookups), never per minute.
 */
import { requireKnownDay, type HolidayCalendars } from './day-kind.ts';
import { parseBusinessDuration } from './durations.ts';
import { ScheduleError } from './errors.ts';
import type { DayNumber } from './local-date.ts';
import { DEFAULT_ZONE, assertZone, localDayOf, localToInstant } from './zone-clock.ts';

/** Service-hour calendars of the service description. */
export const SERVICE_CALENDAR_IDS = ['5x8', '7x8', '7x24'] as const;
/** `5x8`: official working days; `7x8`: every non-holiday; `7x24`: always. */
export type ServiceCalendarId = (typeof SERVICE_CALENDAR_IDS)[number];

/** Business sessions as [open, close) minutes after local midnight. */
export const SESSIONS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60, 17 * 60 + 30],
];

/** A service-hour calendar bound to a zone and the holiday data that decides open days. */
export interface ServiceCalendar {
  readonly id: ServiceCalendarId;
  readonly zone: string;
  readonly holidays: HolidayCalendars;
}

// Ten years of days: far beyond any deadline; the loop ends earlier at the first unknown year.
const MAX_DAYS = 3660;

/** Builds a service calendar; throws `SERVICE_CALENDAR_INVALID` for a bad id, `ZONE_INVALID` for a bad zone. */
export function serviceCalendar(id: string, holidays: HolidayCalendars, zone: string = DEFAULT_ZONE): ServiceCalendar {
  if (!isServiceCalendarId(id)) {
    throw new ScheduleError('SERVICE_CALENDAR_INVALID', `'${id}' is not a service calendar; use ${SERVICE_CALENDAR_IDS.join(', ')}`, { calendar: id });
  }
  assertZone(zone);
  return { id, zone, holidays };
}

/** True for `5x8`, `7x8` and `7x24`. */
export function isServiceCalendarId(id: string): id is ServiceCalendarId {
  return (SERVICE_CALENDAR_IDS as readonly string[]).includes(id);
}

/**
 * The instant when `within` business time (`4h`, `0.5wd`, or business seconds) has passed
 * since `startAt`. Counting starts at the next open moment; a deadline landing exactly on a
 * session end stays there (12:00, not 13:00). Throws `CALENDAR_UNKNOWN_YEAR` when it needs a
 * day of a year without holiday data.
 */
export function deadline(startAt: number, within: string | number, calendar: ServiceCalendar): number {
  const seconds = typeof within === 'string' ? parseBusinessDuration(within) : within;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ScheduleError('DURATION_INVALID', `business duration must be zero or more seconds (got ${seconds})`, { value: seconds });
  }
  let remainingMs = seconds * 1000;
  if (calendar.id === '7x24') return startAt + remainingMs;
  const firstDay = localDayOf(startAt, calendar.zone);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day++) {
    const sessions = sessionsOf(day, calendar).filter(([, closeAt]) => closeAt > startAt);
    if (sessions.length === 0 || !isOpenDay(day, calendar)) continue;
    for (const [openAt, closeAt] of sessions) {
      const fromAt = Math.max(openAt, startAt);
      if (remainingMs <= closeAt - fromAt) return fromAt + remainingMs;
      remainingMs -= closeAt - fromAt;
    }
  }
  throw new ScheduleError('CALENDAR_NO_OPEN_TIME', `no open time within ${MAX_DAYS} days of the start`, { calendar: calendar.id });
}

/**
 * Business seconds between two instants (negative when `toAt` is before `fromAt`). Throws
 * `CALENDAR_UNKNOWN_YEAR` when a session in between falls in a year without holiday data.
 */
export function elapsedSeconds(fromAt: number, toAt: number, calendar: ServiceCalendar): number {
  if (toAt < fromAt) return -elapsedSeconds(toAt, fromAt, calendar);
  if (calendar.id === '7x24') return (toAt - fromAt) / 1000;
  let totalMs = 0;
  const lastDay = localDayOf(toAt, calendar.zone);
  for (let day = localDayOf(fromAt, calendar.zone); day <= lastDay; day++) {
    const overlaps = sessionsOf(day, calendar)
      .map(([openAt, closeAt]) => Math.min(closeAt, toAt) - Math.max(openAt, fromAt))
      .filter((overlapMs) => overlapMs > 0);
    if (overlaps.length === 0 || !isOpenDay(day, calendar)) continue;
    for (const overlapMs of overlaps) totalMs += overlapMs;
  }
  return totalMs / 1000;
}

/** Whether a local day has sessions in this calendar; throws `CALENDAR_UNKNOWN_YEAR` for a day without data. */
export function isOpenDay(day: DayNumber, calendar: ServiceCalendar): boolean {
  if (calendar.id === '7x24') return true;
  const kind = requireKnownDay(day, calendar.holidays);
  return calendar.id === '5x8' ? kind === 'workday' || kind === 'makeup-workday' : kind !== 'holiday';
}

/** The day's sessions as [openAt, closeAt) instants. */
function sessionsOf(day: DayNumber, calendar: ServiceCalendar): [number, number][] {
  return SESSIONS.map(([open, close]) => [localToInstant(day, open, calendar.zone), localToInstant(day, close, calendar.zone)]);
}
