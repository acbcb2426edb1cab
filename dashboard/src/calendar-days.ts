/**
 * Pure calendar arithmetic for the month view: weeks of a month (Monday first), day kinds
 * from holiday calendar years, and a tenant's freezes as dated ranges. Dates are local
 * `YYYY-MM-DD` strings; the date arithmetic is the schedules library's own (`local-date.ts`,
 * integer day numbers, no `Date`), so nothing depends on the browser's zone.
 */
import type { DayKind, HolidayDay } from '../../schedules/holiday-schema.ts';
import { daysFromCivil, daysInMonth, formatLocalDate, isoWeekday, parseLocalDate } from '../../schedules/local-date.ts';
import type { Freeze, FreezeKind } from './schedule-types.ts';
import { instantToWallTime } from './zoned-time.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthParts = (month: string): [number, number] => [Number(month.slice(0, 4)), Number(month.slice(5, 7))];

/** The local date of an instant in a zone. */
export const localDateOf = (at: number, zone: string): string => instantToWallTime(at, zone).slice(0, 10);

/** `YYYY-MM` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [year, number] = monthParts(month);
  const index = year * 12 + (number - 1) + delta;
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/** The dates of a month's grid: whole weeks, Monday first, from the week of the 1st to that of the last day. */
export function monthGrid(month: string): string[][] {
  const [year, number] = monthParts(month);
  const first = daysFromCivil(year, number, 1);
  const last = first + daysInMonth(year, number) - 1;
  const weeks: string[][] = [];
  for (let monday = first - (isoWeekday(first) - 1); monday <= last; monday += 7) {
    weeks.push(Array.from({ length: 7 }, (_, i) => formatLocalDate(monday + i)));
  }
  return weeks;
}

/** Every date from `fromDate` to `toDate`, inclusive. */
export function datesBetween(fromDate: string, toDate: string): string[] {
  const dates: string[] = [];
  for (let day = parseLocalDate(fromDate); day <= parseLocalDate(toDate); day++) dates.push(formatLocalDate(day));
  return dates;
}

/** One holiday calendar year as the dashboard keeps it: its listed days. */
export interface HolidayYear {
  year: number;
  days: readonly HolidayDay[];
}

/** What a date is: its kind and, for a listed date, the festival it belongs to. */
export interface DayMark {
  kind: DayKind;
  name?: string;
  nameEn?: string;
}

/** Holiday years indexed for lookups by date. */
export interface HolidayIndex {
  years: ReadonlySet<number>;
  days: ReadonlyMap<string, HolidayDay>;
}

/** Indexes holiday years by date, and which years have data at all. */
export function holidayIndex(years: readonly HolidayYear[]): HolidayIndex {
  return { years: new Set(years.map((y) => y.year)), days: new Map(years.flatMap((y) => y.days.map((d) => [d.date, d] as const))) };
}

/**
 * The kind of a date, by the rule of `schedules/day-kind.ts`: a listed date has its listed
 * kind; a date in a year without data is `unknown`, never an ordinary day.
 */
export function dayMark(date: string, index: HolidayIndex): DayMark {
  const listed = index.days.get(date);
  if (listed) return { kind: listed.kind, name: listed.name, ...(listed.nameEn ? { nameEn: listed.nameEn } : {}) };
  if (!index.years.has(Number(date.slice(0, 4)))) return { kind: 'unknown' };
  return { kind: isoWeekday(parseLocalDate(date)) >= 6 ? 'weekend' : 'workday' };
}

/** A run of frozen dates of one tenant freeze. */
export interface FreezeRange {
  freezeId: string;
  kind: FreezeKind;
  label: string;
  fromDate: string;
  toDate: string;
}

/** `YYYY-MM` of every month touching [fromDate, toDate]. */
export function monthsBetween(fromDate: string, toDate: string): string[] {
  const months: string[] = [];
  for (let month = fromDate.slice(0, 7); month <= toDate.slice(0, 7); month = shiftMonth(month, 1)) months.push(month);
  return months;
}

function clampedDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(Math.min(day, daysInMonth(year, month)))}`;
}

type Params = Freeze['params'];

/** Month-end closing: the first and the last days of each month (defaults as the server's: 3 and 2). */
function monthEndRanges(params: Params, months: readonly string[]): Array<[string, string]> {
  const [lastDays, firstDays] = [params.lastDays ?? 2, params.firstDays ?? 3];
  return months.flatMap((month) => {
    const [year, number] = monthParts(month);
    const length = daysInMonth(year, number);
    const ranges: Array<[string, string]> = [];
    if (firstDays > 0) ranges.push([`${month}-01`, `${month}-${pad2(firstDays)}`]);
    if (lastDays > 0) ranges.push([`${month}-${pad2(length - lastDays + 1)}`, `${month}-${pad2(length)}`]);
    return ranges;
  });
}

/** Tax filing: each month's own day range when edited (none when switched off), else the default. */
function taxFilingRanges(params: Params, months: readonly string[]): Array<[string, string]> {
  return months.flatMap((month): Array<[string, string]> => {
    const edited = params.months && month in params.months;
    const range = edited ? params.months![month] : { fromDay: params.fromDay ?? 1, toDay: params.toDay ?? 15 };
    const [year, number] = monthParts(month);
    if (!range || range.fromDay > daysInMonth(year, number)) return [];
    return [[`${month}-${pad2(range.fromDay)}`, clampedDate(year, number, range.toDay)]];
  });
}

/** Year-end: an annual MM-DD range, which may cross the new year. */
function yearEndRanges(params: Params, fromDate: string, toDate: string): Array<[string, string]> {
  const [from, to] = [params.from ?? '12-25', params.to ?? '01-05'];
  const [fromMonth, fromDay, toMonth, toDay] = [from.slice(0, 2), from.slice(3), to.slice(0, 2), to.slice(3)].map(Number);
  const crosses = from > to;
  const ranges: Array<[string, string]> = [];
  for (let year = Number(fromDate.slice(0, 4)) - 1; year <= Number(toDate.slice(0, 4)); year++) {
    ranges.push([clampedDate(year, fromMonth, fromDay), clampedDate(crosses ? year + 1 : year, toMonth, toDay)]);
  }
  return ranges;
}

/** The tenant's freezes as dated ranges that touch [fromDate, toDate] (a range may reach beyond it). */
export function freezeRanges(freezes: readonly Freeze[], fromDate: string, toDate: string): FreezeRange[] {
  const months = monthsBetween(fromDate, toDate);
  return freezes.flatMap((freeze) => {
    const kind = freeze.kind as FreezeKind;
    const ranges =
      kind === 'month-end'
        ? monthEndRanges(freeze.params, months)
        : kind === 'tax-filing'
          ? taxFilingRanges(freeze.params, months)
          : kind === 'year-end'
            ? yearEndRanges(freeze.params, fromDate, toDate)
            : [[freeze.params.from ?? '', freeze.params.to ?? ''] as [string, string]];
    return ranges
      .filter(([from, to]) => from <= toDate && to >= fromDate)
      .map(([from, to]) => ({ freezeId: freeze.id, kind, label: freeze.label, fromDate: from, toDate: to }));
  });
}

/** The freeze ranges covering each date of [fromDate, toDate]. */
export function frozenDates(ranges: readonly FreezeRange[], fromDate: string, toDate: string): Map<string, FreezeRange[]> {
  const byDate = new Map<string, FreezeRange[]>();
  for (const range of ranges) {
    const from = range.fromDate > fromDate ? range.fromDate : fromDate;
    const to = range.toDate < toDate ? range.toDate : toDate;
    for (const date of from <= to ? datesBetween(from, to) : []) byDate.set(date, [...(byDate.get(date) ?? []), range]);
  }
  return byDate;
}

/** Years of the dates in [fromDate, toDate]. */
export function yearsBetween(fromDate: string, toDate: string): number[] {
  const [first, last] = [Number(fromDate.slice(0, 4)), Number(toDate.slice(0, 4))];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A local date moved by `days`. */
export const addDays = (date: string, days: number): string => formatLocalDate(parseLocalDate(date) + days);
