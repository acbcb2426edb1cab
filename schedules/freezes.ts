/**
 * Freeze periods: dates on which no window may run. Global (`schedules/freezes.yaml`) or per
 * tenant; as date ranges, as month-edge rules (month-end closing, monthly tax filing) or as
 * recurring annual ranges that may cross the year end (12-25..01-10). Dates are local dates in
 * the zone of the track being scheduled.
 */
import { Type, type Static } from '@sinclair/typebox';
import { throwIfIssues, type ScheduleIssue } from './errors.ts';
import { civilFromDays, daysFromCivil, daysInMonth, formatLocalDate, isLocalDate, monthsBetween, parseLocalDate, type DayNumber } from './local-date.ts';
import { parseYamlDocument, schemaIssues } from './schema-check.ts';

const common = {
  id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'must be an id of letters, digits, ., _ or -, e.g. month-end' }),
  label: Type.String({ minLength: 1, description: 'must say why, e.g. month-end closing' }),
};
const DATE = { pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'must be a date YYYY-MM-DD, e.g. 2026-12-20' };
const MONTH_DAY = { pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'must be MM-DD, e.g. 12-25' };
const EDGE = (what: string) => Type.Integer({ minimum: 0, maximum: 15, description: `must be the number of ${what} days of each month 0-15, e.g. 3` });

/** A freeze: one of three rule kinds, each with an id and a label saying why. */
export const FreezePeriodSchema = Type.Union([
  Type.Object({ kind: Type.Literal('dates'), ...common, from: Type.String(DATE), to: Type.String(DATE) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('month-edges'),
      ...common,
      lastDays: EDGE('last'),
      firstDays: EDGE('first'),
      months: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { minItems: 1, uniqueItems: true, description: 'must list month numbers 1-12' })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('annual'), ...common, from: Type.String(MONTH_DAY), to: Type.String(MONTH_DAY) }, { additionalProperties: false }),
]);

/** The `freezes.yaml` document (global freezes). */
export const FreezesFileSchema = Type.Object({ freezes: Type.Array(FreezePeriodSchema) }, { additionalProperties: false });

/** A freeze period rule. */
export type FreezePeriod = Static<typeof FreezePeriodSchema>;
/** Whose freeze blocked a window. */
export type FreezeScope = 'global' | 'tenant';
/** The freeze covering a date, and whose it is. */
export interface FreezeHit {
  freeze: FreezePeriod;
  scope: FreezeScope;
}

/** Global and tenant freezes to apply; global ones are reported first when both cover a date. */
export interface FreezeSet {
  global?: readonly FreezePeriod[];
  tenant?: readonly FreezePeriod[];
}

/** Why a window touching a frozen date is skipped. */
export interface FreezeSkipReason {
  kind: 'freeze';
  date: string;
  scope: FreezeScope;
  freezeId: string;
  label: string;
}

/** For each day of [firstDay, lastDay], the first freeze covering it. */
export interface FreezeMask {
  firstDay: DayNumber;
  hits: (FreezeHit | undefined)[];
  /** Skip reasons made on first use and shared by every window touching the day. */
  reasons: (FreezeSkipReason | undefined)[];
}

/** Parses a freezes document (YAML text or parsed value); throws `FREEZES_INVALID` listing every issue. */
export function parseFreezes(input: string | unknown, what = 'freezes.yaml'): FreezePeriod[] {
  const value = typeof input === 'string' ? parseYamlDocument(input, 'FREEZES_INVALID', what) : input;
  throwIfIssues('FREEZES_INVALID', what, schemaIssues(FreezesFileSchema, value));
  const freezes = (value as { freezes: FreezePeriod[] }).freezes;
  throwIfIssues('FREEZES_INVALID', what, freezes.flatMap((freeze, index) => freezeIssues(freeze, `freezes[${index}]`)));
  return freezes;
}

function freezeIssues(freeze: FreezePeriod, path: string): ScheduleIssue[] {
  if (freeze.kind !== 'dates') return [];
  const issues: ScheduleIssue[] = [];
  for (const key of ['from', 'to'] as const) {
    if (!isLocalDate(freeze[key])) issues.push({ path: `${path}.${key}`, message: `is not a real date (got "${freeze[key]}")` });
  }
  if (issues.length === 0 && freeze.from > freeze.to) issues.push({ path: `${path}.to`, message: `must not be before from ${freeze.from} (got "${freeze.to}")` });
  return issues;
}

/** Marks every day of [firstDay, lastDay] covered by a freeze; cost is per frozen day, not per rule and day. */
export function freezeMask(freezes: FreezeSet, firstDay: DayNumber, lastDay: DayNumber): FreezeMask {
  const hits: (FreezeHit | undefined)[] = new Array(Math.max(0, lastDay - firstDay + 1));
  const mark = (hit: FreezeHit) => (from: DayNumber, to: DayNumber) => {
    for (let day = Math.max(from, firstDay); day <= Math.min(to, lastDay); day++) hits[day - firstDay] ??= hit;
  };
  for (const freeze of freezes.global ?? []) forEachRange(freeze, firstDay, lastDay, mark({ freeze, scope: 'global' }));
  for (const freeze of freezes.tenant ?? []) forEachRange(freeze, firstDay, lastDay, mark({ freeze, scope: 'tenant' }));
  return { firstDay, hits, reasons: new Array(hits.length) };
}

/** The freeze covering `day`, if any (days outside the mask are not frozen). */
export function freezeOn(mask: FreezeMask, day: DayNumber): FreezeHit | undefined {
  return mask.hits[day - mask.firstDay];
}

/** The skip reason of the freeze covering `day`, if any. */
export function freezeReasonOn(mask: FreezeMask, day: DayNumber): FreezeSkipReason | undefined {
  const index = day - mask.firstDay;
  const hit = mask.hits[index];
  if (!hit) return undefined;
  return (mask.reasons[index] ??= { kind: 'freeze', date: formatLocalDate(day), scope: hit.scope, freezeId: hit.freeze.id, label: hit.freeze.label });
}

/** Calls `visit(from, to)` for each inclusive day range a freeze covers near [firstDay, lastDay]. */
export function forEachRange(freeze: FreezePeriod, firstDay: DayNumber, lastDay: DayNumber, visit: (from: DayNumber, to: DayNumber) => void): void {
  if (freeze.kind === 'dates') {
    visit(parseLocalDate(freeze.from), parseLocalDate(freeze.to));
    return;
  }
  if (freeze.kind === 'annual') {
    const [first, last] = [civilFromDays(firstDay), civilFromDays(lastDay)];
    const [fromMonth, fromDay] = monthDay(freeze.from);
    const [toMonth, toDay] = monthDay(freeze.to);
    const crossesYearEnd = fromMonth * 100 + fromDay > toMonth * 100 + toDay;
    for (let year = first.year - 1; year <= last.year; year++) {
      visit(clampedDay(year, fromMonth, fromDay), clampedDay(crossesYearEnd ? year + 1 : year, toMonth, toDay));
    }
    return;
  }
  for (const [year, month] of monthsBetween(firstDay, lastDay)) {
    if (freeze.months && !freeze.months.includes(month)) continue;
    const start = daysFromCivil(year, month, 1);
    const end = start + daysInMonth(year, month) - 1;
    if (freeze.firstDays > 0) visit(start, start + freeze.firstDays - 1);
    if (freeze.lastDays > 0) visit(end - freeze.lastDays + 1, end);
  }
}

function monthDay(text: string): [number, number] {
  return [Number(text.slice(0, 2)), Number(text.slice(3, 5))];
}

/** 02-29 in a year without it (and 04-31 and the like) means the month's last day. */
function clampedDay(year: number, month: number, day: number): DayNumber {
  return daysFromCivil(year, month, Math.min(day, daysInMonth(year, month)));
}
