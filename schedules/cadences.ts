/**
 * Candidate dates of each cadence kind, as groups: the first date of a group is the preferred
 * one, the others are the alternatives tried in order when it is blocked (only
 * monthly-mid-weekend has alternatives). Pure day-number arithmetic.
 */
import { daysFromCivil, daysInMonth, isoWeekday, mondayOf, monthsBetween, parseLocalDate, type DayNumber } from './local-date.ts';
import type { Cadence } from './tracks.ts';

/** How far outside [from, to] candidates are generated, so shifted dates can move into the range. */
export const CANDIDATE_MARGIN_DAYS = 7;

/** Candidate groups whose preferred date is within [fromDay - margin, toDay + margin]. */
export function candidateGroups(cadence: Cadence, fromDay: DayNumber, toDay: DayNumber): DayNumber[][] {
  const first = fromDay - CANDIDATE_MARGIN_DAYS;
  const last = toDay + CANDIDATE_MARGIN_DAYS;
  switch (cadence.kind) {
    case 'weekly':
      return weeklyDays(cadence, first, last).map((day) => [day]);
    case 'on-request':
      return daysOnWeekdays(cadence.weekdays, first, last).map((day) => [day]);
    case 'monthly-mid-weekend':
      return monthsBetween(first, last)
        .filter(([, month]) => cadence.months.includes(month))
        .map(([year, month]) => midMonthSaturday(year, month))
        .filter((day) => day >= first && day <= last)
        .map((saturday) => [saturday, saturday + 7, saturday - 7]);
    case 'monthly-nth-weekday':
      return monthsBetween(first - 31, last + 31)
        .filter(([, month]) => cadence.months.includes(month))
        .map(([year, month]) => nthWeekday(year, month, cadence.weekday, cadence.nth) + cadence.offsetDays)
        .filter((day) => day >= first && day <= last)
        .map((day) => [day]);
  }
}

/** The Saturday that falls on day 12-18 of a month. */
export function midMonthSaturday(year: number, month: number): DayNumber {
  const twelfth = daysFromCivil(year, month, 12);
  return twelfth + ((6 - isoWeekday(twelfth) + 7) % 7);
}

/** The nth (1-4) or last given ISO weekday of a month. */
export function nthWeekday(year: number, month: number, weekday: number, nth: 1 | 2 | 3 | 4 | 'last'): DayNumber {
  if (nth === 'last') {
    const lastDay = daysFromCivil(year, month, daysInMonth(year, month));
    return lastDay - ((isoWeekday(lastDay) - weekday + 7) % 7);
  }
  const firstDay = daysFromCivil(year, month, 1);
  return firstDay + ((weekday - isoWeekday(firstDay) + 7) % 7) + (nth - 1) * 7;
}

function weeklyDays(cadence: Extract<Cadence, { kind: 'weekly' }>, first: DayNumber, last: DayNumber): DayNumber[] {
  const anchor = cadence.anchor === undefined ? undefined : parseLocalDate(cadence.anchor);
  const anchorMonday = mondayOf(anchor ?? first);
  return daysOnWeekdays(cadence.weekdays, anchor === undefined ? first : Math.max(first, anchor), last).filter((day) => {
    const weeks = (mondayOf(day) - anchorMonday) / 7;
    return ((weeks % cadence.everyWeeks) + cadence.everyWeeks) % cadence.everyWeeks === 0;
  });
}

function daysOnWeekdays(weekdays: readonly number[], first: DayNumber, last: DayNumber): DayNumber[] {
  const days: DayNumber[] = [];
  for (let day = first; day <= last; day++) if (weekdays.includes(isoWeekday(day))) days.push(day);
  return days;
}
