/**
 * Tenant freeze periods as `schedules` freeze rules. Month-end closing and year-end map to
 * the library's month-edge and annual rules; tax filing is expanded month by month, since
 * any single month may be edited (another day range, or none).
 */
import { isLocalDate, parseLocalDate, type FreezePeriod } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { DayRange, FreezeKind, FreezeParamsByKind, TenantFreeze } from './model.ts';

/** Parameters a new freeze of each kind gets when the caller names none, and its label. */
export const FREEZE_DEFAULTS: { [K in FreezeKind]: { label: string; params: FreezeParamsByKind[K] | null } } = {
  'month-end': { label: 'month-end closing', params: { lastDays: 2, firstDays: 3 } },
  'tax-filing': { label: 'tax filing', params: { fromDay: 1, toDay: 15, months: {} } },
  'year-end': { label: 'year-end closing', params: { from: '12-25', to: '01-05' } },
  // A custom range has no sensible default: the caller must say which dates.
  custom: { label: 'custom freeze', params: null },
};

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_CUSTOM_DAYS = 366;

/** Throws `VALIDATION_FAILED` naming the fix when a freeze's parameters are not usable. */
export function checkFreezeParams(kind: FreezeKind, params: FreezeParamsByKind[FreezeKind]): void {
  const fail = (message: string) => {
    throw new AppError('VALIDATION_FAILED', `${kind} freeze: ${message}`);
  };
  if (kind === 'month-end') {
    const p = params as FreezeParamsByKind['month-end'];
    if (p.lastDays + p.firstDays === 0) fail('lastDays and firstDays cannot both be 0');
  } else if (kind === 'tax-filing') {
    const p = params as FreezeParamsByKind['tax-filing'];
    checkDayRange(p, fail);
    for (const [month, range] of Object.entries(p.months)) {
      if (!YEAR_MONTH.test(month)) fail(`month must be YYYY-MM, e.g. 2026-04 (got "${month}")`);
      if (range) checkDayRange(range, fail);
    }
  } else if (kind === 'year-end') {
    const p = params as FreezeParamsByKind['year-end'];
    if (!MONTH_DAY.test(p.from) || !MONTH_DAY.test(p.to)) fail('from and to must be MM-DD, e.g. 12-25 and 01-05');
  } else {
    const p = params as FreezeParamsByKind['custom'];
    if (!isLocalDate(p.from) || !isLocalDate(p.to)) fail('from and to must be real dates YYYY-MM-DD');
    if (p.from > p.to) fail(`to ${p.to} must not be before from ${p.from}`);
    if (parseLocalDate(p.to) - parseLocalDate(p.from) >= MAX_CUSTOM_DAYS) fail(`may cover at most ${MAX_CUSTOM_DAYS} days`);
  }
}

function checkDayRange(range: DayRange, fail: (message: string) => void): void {
  if (range.fromDay > range.toDay) fail(`toDay ${range.toDay} must not be before fromDay ${range.fromDay}`);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const nextMonth = (year: number, month: number): [number, number] => (month === 12 ? [year + 1, 1] : [year, month + 1]);
const firstOf = (year: number, month: number) => parseLocalDate(`${year}-${pad2(month)}-01`);
const daysIn = (year: number, month: number) => firstOf(...nextMonth(year, month)) - firstOf(year, month);

/** `YYYY-MM` of every month touching [fromDate, toDate]. */
export function monthsOf(fromDate: string, toDate: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(fromDate.slice(0, 4)), Number(fromDate.slice(5, 7))];
  const last = toDate.slice(0, 7);
  for (let ym = `${year}-${pad2(month)}`; ym <= last; ym = `${year}-${pad2(month)}`) {
    months.push(ym);
    [year, month] = nextMonth(year, month);
  }
  return months;
}

/** The tax-filing day range in force for one month (`YYYY-MM`), or null for none. */
export function taxFilingRange(params: FreezeParamsByKind['tax-filing'], month: string): DayRange | null {
  return month in params.months ? params.months[month] : { fromDay: params.fromDay, toDay: params.toDay };
}

/**
 * A tenant's freezes as library rules for local dates in [fromDate, toDate] (tax filing is
 * expanded only over the months of that range; the other kinds are range-free rules).
 */
export function freezeRules(freezes: readonly TenantFreeze[], fromDate: string, toDate: string): FreezePeriod[] {
  const rules: FreezePeriod[] = [];
  for (const freeze of freezes) {
    const common = { id: freeze.id, label: freeze.label };
    switch (freeze.kind) {
      case 'month-end':
        rules.push({ kind: 'month-edges', ...common, lastDays: freeze.params.lastDays, firstDays: freeze.params.firstDays });
        break;
      case 'year-end':
        rules.push({ kind: 'annual', ...common, from: freeze.params.from, to: freeze.params.to });
        break;
      case 'custom':
        rules.push({ kind: 'dates', ...common, from: freeze.params.from, to: freeze.params.to });
        break;
      case 'tax-filing':
        rules.push(...taxFilingRules(freeze.id, freeze.label, freeze.params, fromDate, toDate));
        break;
    }
  }
  return rules;
}

function taxFilingRules(id: string, label: string, params: FreezeParamsByKind['tax-filing'], fromDate: string, toDate: string): FreezePeriod[] {
  return monthsOf(fromDate, toDate).flatMap((month): FreezePeriod[] => {
    const range = taxFilingRange(params, month);
    const length = daysIn(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
    if (!range || range.fromDay > length) return [];
    return [{ kind: 'dates', id: `${id}.${month}`, label, from: `${month}-${pad2(range.fromDay)}`, to: `${month}-${pad2(Math.min(range.toDay, length))}` }];
  });
}
