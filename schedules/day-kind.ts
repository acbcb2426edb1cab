/**
 * Day kinds of local dates from holiday calendar years. A date in a year without data is
 * `unknown`: callers must report it, never treat it as an ordinary workday or weekend.
 */
import { ScheduleError } from './errors.ts';
import type { DayKind, HolidayCalendarYear, HolidayDay } from './holiday-schema.ts';
import { validateHolidayCalendar } from './holiday-validate.ts';
import { civilFromDays, formatLocalDate, isoWeekday, parseLocalDate, type DayNumber } from './local-date.ts';
import { DEFAULT_ZONE, localDayOf } from './zone-clock.ts';

/** Holiday calendar years of one region, indexed for lookups by day number. */
export interface HolidayCalendars {
  readonly region: string;
  readonly years: ReadonlyMap<number, HolidayCalendarYear>;
  readonly days: ReadonlyMap<DayNumber, HolidayDay>;
}

/** What a local date is: its kind and, for listed dates, the festival it belongs to. */
export interface DayInfo {
  date: string;
  kind: DayKind;
  name?: string;
  nameEn?: string;
}

/**
 * Indexes calendar years (plain data, e.g. parsed JSON or an API response; each is
 * validated). Throws `HOLIDAY_CALENDAR_DUPLICATE_YEAR` when two describe the same year.
 */
export function buildHolidayCalendars(years: readonly unknown[], region = 'cn'): HolidayCalendars {
  const byYear = new Map<number, HolidayCalendarYear>();
  const days = new Map<DayNumber, HolidayDay>();
  for (const raw of years) {
    const calendar = validateHolidayCalendar(raw);
    if (calendar.region !== region) {
      throw new ScheduleError('HOLIDAY_CALENDAR_INVALID', `calendar ${calendar.year} is for region '${calendar.region}', expected '${region}'`, { year: calendar.year });
    }
    if (byYear.has(calendar.year)) {
      throw new ScheduleError('HOLIDAY_CALENDAR_DUPLICATE_YEAR', `two calendars describe ${region} ${calendar.year}; keep one`, { year: calendar.year });
    }
    byYear.set(calendar.year, calendar);
    for (const entry of calendar.days) days.set(parseLocalDate(entry.date), entry);
  }
  return { region, years: byYear, days };
}

/** The kind of a local day number (the fast path used by window generation). */
export function dayKindOf(day: DayNumber, calendars: HolidayCalendars): DayKind {
  const listed = calendars.days.get(day);
  if (listed) return listed.kind;
  if (!calendars.years.has(civilFromDays(day).year)) return 'unknown';
  return isoWeekday(day) >= 6 ? 'weekend' : 'workday';
}

/** The kind, and festival name when listed, of a `YYYY-MM-DD` date or day number. */
export function dayKind(date: string | DayNumber, calendars: HolidayCalendars): DayInfo {
  const day = typeof date === 'string' ? parseLocalDate(date) : date;
  const info: DayInfo = { date: formatLocalDate(day), kind: dayKindOf(day, calendars) };
  const listed = calendars.days.get(day);
  if (listed) {
    info.name = listed.name;
    if (listed.nameEn) info.nameEn = listed.nameEn;
  }
  return info;
}

/** Throws `CALENDAR_UNKNOWN_YEAR` naming the year when `day` has no calendar data. */
export function requireKnownDay(day: DayNumber, calendars: HolidayCalendars): DayKind {
  const kind = dayKindOf(day, calendars);
  if (kind === 'unknown') {
    const year = civilFromDays(day).year;
    throw new ScheduleError(
      'CALENDAR_UNKNOWN_YEAR',
      `no ${calendars.region} holiday calendar for ${year} (needed for ${formatLocalDate(day)}); add schedules/holidays/${calendars.region}/${year}.json`,
      { year, date: formatLocalDate(day), region: calendars.region },
    );
  }
  return kind;
}

/** Years that have calendar data, ascending. */
export function calendarYears(calendars: HolidayCalendars): number[] {
  return [...calendars.years.keys()].sort((a, b) => a - b);
}

/**
 * The year whose calendar ops must add now, if any: the current local year when it has no
 * data, or from 1 October the next year (the State Council publishes it around November).
 */
export function missingCalendarYear(nowAt: number, calendars: HolidayCalendars, zone: string = DEFAULT_ZONE): number | undefined {
  const { year, month } = civilFromDays(localDayOf(nowAt, zone));
  if (!calendars.years.has(year)) return year;
  if (month >= 10 && !calendars.years.has(year + 1)) return year + 1;
  return undefined;
}
