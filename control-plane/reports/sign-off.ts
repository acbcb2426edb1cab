/**
 * Report sign-off (issue 10): a report issued to a tenant awaits confirmation; the tenant
 * confirms or submits written amendments, and with neither by the end of the fifth working
 * day on the tenant's `5x8` calendar the report counts as confirmed by default. Pure: every
 * transition takes its instant, and nothing reads the clock or the process time zone.
 */
import { ScheduleError, SESSIONS, isOpenDay, serviceCalendar, type HolidayCalendars } from '../../schedules/core.ts';
import { localDayOf, localToInstant } from '../../schedules/zone-clock.ts';
import { AppError } from '../errors.ts';

/** Where a sign-off stands; `awaiting` is the only undecided state. */
export type SignOffState = 'awaiting' | 'confirmed' | 'amended' | 'confirmed-by-default';
/** Every sign-off state. */
export const SIGNOFF_STATES: readonly SignOffState[] = ['awaiting', 'confirmed', 'amended', 'confirmed-by-default'];
/** The calendar sign-off deadlines are counted on. */
export const SIGNOFF_CALENDAR = '5x8';
/** Working days a tenant has to answer. */
export const SIGNOFF_WORKING_DAYS = 5;
/** Who records a confirmation by default. */
export const DEFAULT_DECIDER = 'system:sign-off';
/** Longest amendment text. */
export const MAX_AMENDMENT_CHARS = 10_000;

/** One report's sign-off; instants are epoch ms. */
export interface SignOff {
  state: SignOffState;
  issuedAt: number;
  issuedBy: string;
  /** End of the last working day to answer: the deadline a default confirmation is judged against. */
  dueAt: number;
  calendar: typeof SIGNOFF_CALENDAR;
  decidedAt: number | null;
  decidedBy: string | null;
  amendments: string | null;
}

/** What can happen to a sign-off. */
export type SignOffEvent =
  | { kind: 'issue'; at: number; by: string; dueAt: number }
  | { kind: 'confirm'; at: number; by: string }
  | { kind: 'amend'; at: number; by: string; text: string }
  | { kind: 'default'; at: number };

// The close of the day's last session: 17:30 local.
const SERVICE_DAY_END_MINUTE = SESSIONS[SESSIONS.length - 1][1];
// A year holds ~250 working days; a bound keeps a bad argument from looping forever.
const MAX_DAYS_SEARCHED = 400;

/**
 * The end of the tenant's service day (17:30 local) on the `workingDays`-th working day after
 * the issue day, on the `5x8` calendar: holidays and weekends are skipped, make-up workdays
 * count. The issue day itself never counts, whatever the hour. Throws `CALENDAR_UNKNOWN_YEAR`
 * (a `ScheduleError`) when a day it needs falls in a year without holiday data.
 */
export function signOffDueAt(issuedAt: number, holidays: HolidayCalendars, zone: string, workingDays = SIGNOFF_WORKING_DAYS): number {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError(`workingDays must be a whole number of days, at least 1 (got ${workingDays})`);
  const calendar = serviceCalendar(SIGNOFF_CALENDAR, holidays, zone);
  const issueDay = localDayOf(issuedAt, zone);
  let counted = 0;
  for (let day = issueDay + 1; day <= issueDay + MAX_DAYS_SEARCHED; day++) {
    if (isOpenDay(day, calendar) && ++counted === workingDays) return localToInstant(day, SERVICE_DAY_END_MINUTE, zone);
  }
  throw new ScheduleError('CALENDAR_NO_OPEN_TIME', `no ${workingDays} working days within ${MAX_DAYS_SEARCHED} days of the issue day`, { calendar: SIGNOFF_CALENDAR });
}

/** True when an awaiting sign-off has reached its deadline at `now`. */
export function isDueForDefault(signOff: SignOff | null, now: number): boolean {
  return signOff !== null && signOff.state === 'awaiting' && now >= signOff.dueAt;
}

function requireAwaiting(prev: SignOff | null): SignOff {
  if (prev === null) throw new AppError('SIGNOFF_NOT_ISSUED', 'the report has not been issued for sign-off');
  if (prev.state !== 'awaiting') throw new AppError('SIGNOFF_DECIDED', `the sign-off was already decided (${prev.state})`, { state: prev.state });
  return prev;
}

/**
 * The sign-off after `event`. Issue starts one (`SIGNOFF_EXISTS` when there is one); confirm,
 * amend and default decide an awaiting one (`SIGNOFF_NOT_ISSUED` without one, `SIGNOFF_DECIDED`
 * once decided). A default is recorded at the deadline it was judged against, not when a sweep
 * noticed it, and only once that deadline has passed.
 */
export function nextSignOff(prev: SignOff | null, event: SignOffEvent): SignOff {
  if (event.kind === 'issue') {
    if (prev !== null) throw new AppError('SIGNOFF_EXISTS', `the report was already issued for sign-off (${prev.state})`, { state: prev.state });
    return { state: 'awaiting', issuedAt: event.at, issuedBy: event.by, dueAt: event.dueAt, calendar: SIGNOFF_CALENDAR, decidedAt: null, decidedBy: null, amendments: null };
  }
  const awaiting = requireAwaiting(prev);
  if (event.kind === 'confirm') return { ...awaiting, state: 'confirmed', decidedAt: event.at, decidedBy: event.by };
  if (event.kind === 'amend') {
    const text = event.text.trim();
    if (text.length === 0 || text.length > MAX_AMENDMENT_CHARS) throw new AppError('VALIDATION_FAILED', `amendments must be 1 to ${MAX_AMENDMENT_CHARS} characters of text`);
    return { ...awaiting, state: 'amended', decidedAt: event.at, decidedBy: event.by, amendments: text };
  }
  if (!isDueForDefault(awaiting, event.at)) throw new AppError('SIGNOFF_NOT_DUE', 'the sign-off deadline has not passed yet', { dueAt: awaiting.dueAt });
  return { ...awaiting, state: 'confirmed-by-default', decidedAt: awaiting.dueAt, decidedBy: DEFAULT_DECIDER };
}
