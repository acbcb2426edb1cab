/**
 * Local calendar dates as day numbers (days since 1970-01-01 in the proleptic Gregorian
 * calendar). Pure integer arithmetic: no `Date`, so nothing depends on the process zone.
 */
import { ScheduleError } from './errors.ts';

/** A wall-clock date in some zone, counted in days since 1970-01-01. */
export type DayNumber = number;

/** ISO weekday numbers: 1 = Monday ... 7 = Sunday. */
export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A weekday as written in data files. */
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (Howard Hinnant's civil_from_days). */
export function civilFromDays(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** True when `text` is a real `YYYY-MM-DD` date (2026-02-30 is not). */
export function isLocalDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Day number of a `YYYY-MM-DD` date; throws `DATE_INVALID` otherwise. */
export function parseLocalDate(text: string): DayNumber {
  if (!isLocalDate(text)) {
    throw new ScheduleError('DATE_INVALID', `'${text}' is not a date; use YYYY-MM-DD, e.g. 2026-10-01`, { value: text });
  }
  return daysFromCivil(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

/** `YYYY-MM-DD` of a day number. */
export function formatLocalDate(dayNumber: DayNumber): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: DayNumber): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Day number of the Monday of the ISO week containing `dayNumber`. */
export function mondayOf(dayNumber: DayNumber): DayNumber {
  return dayNumber - isoWeekday(dayNumber) + 1;
}

/** ISO weekday number (1-7) of a weekday name. */
export function weekdayNumber(name: WeekdayName): number {
  return WEEKDAY_NAMES.indexOf(name) + 1;
}

/** Two-digit zero padding. */
export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Minutes after midnight of an `hh:mm` time (already schema-checked). */
export function parseClock(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** [year, month] of every month touching the days [first, last], in order. */
export function monthsBetween(first: DayNumber, last: DayNumber): [number, number][] {
  const start = civilFromDays(first);
  const end = civilFromDays(last);
  const pairs: [number, number][] = [];
  for (let index = start.year * 12 + start.month - 1; index <= end.year * 12 + end.month - 1; index++) {
    pairs.push([Math.floor(index / 12), (index % 12) + 1]);
  }
  return pairs;
}
