/** The sign-off deadline on the 5x8 calendar and the sign-off state machine, at fixed instants. */
import { describe, expect, it } from 'vitest';
import { loadHolidayCalendars } from '../../../schedules/index.ts';
import { ScheduleError } from '../../../schedules/core.ts';
import { AppError } from '../../../control-plane/errors.ts';
import { isDueForDefault, nextSignOff, signOffDueAt, type SignOff } from '../../../control-plane/reports/sign-off.ts';

const holidays = loadHolidayCalendars();
const MINUTE = 60_000;

describe('signOffDueAt', () => {
  it.each([
    // 2026 (国办发明电〔2025〕7号): National Day 1-7 October are holidays, Saturday 10 October is a
    // make-up workday. From Tuesday 29 September the working days are: Wed 30 Sep (1), Thu 8 Oct (2),
    // Fri 9 Oct (3), Sat 10 Oct make-up (4), Mon 12 Oct (5); Sunday 11 October does not count.
    ['a report issued on 29 September is due after National Day, on Monday 12 October', '2026-09-29T10:00:00+08:00', 'Asia/Shanghai', '2026-10-12T17:30:00+08:00'],
    ['an issue just after local midnight counts from that local day, not the UTC one', '2026-09-28T16:30:00Z', 'Asia/Shanghai', '2026-10-12T17:30:00+08:00'],
    ['a plain week: issued on a Monday, due the next Monday', '2026-11-02T09:00:00+08:00', 'Asia/Shanghai', '2026-11-09T17:30:00+08:00'],
    ['the issue day never counts, even when issued before the day opens', '2026-11-02T00:01:00+08:00', 'Asia/Shanghai', '2026-11-09T17:30:00+08:00'],
    ['issued on a Saturday: Monday to Friday of the next week count', '2026-11-07T15:00:00+08:00', 'Asia/Shanghai', '2026-11-13T17:30:00+08:00'],
    // Sunday 20 September 2026 is a make-up workday (for National Day); Saturday 19 is a weekend.
    ['a make-up Sunday counts as a working day', '2026-09-18T11:00:00+08:00', 'Asia/Shanghai', '2026-09-24T17:30:00+08:00'],
    // Mid-Autumn 25-27 September are holidays: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4), Mon 28 (5).
    ['holidays are skipped', '2026-09-20T09:00:00+08:00', 'Asia/Shanghai', '2026-09-28T17:30:00+08:00'],
    ['a tenant in New York gets 17:30 of its own fifth working day', '2026-11-02T09:00:00-05:00', 'America/New_York', '2026-11-09T17:30:00-05:00'],
  ])('%s', (_name, issued, zone, due) => {
    expect(signOffDueAt(Date.parse(issued), holidays, zone)).toBe(Date.parse(due));
  });

  it('counts a given number of working days', () => {
    expect(signOffDueAt(Date.parse('2026-09-29T10:00:00+08:00'), holidays, 'Asia/Shanghai', 1)).toBe(Date.parse('2026-09-30T17:30:00+08:00'));
    expect(signOffDueAt(Date.parse('2026-09-29T10:00:00+08:00'), holidays, 'Asia/Shanghai', 2)).toBe(Date.parse('2026-10-08T17:30:00+08:00'));
    expect(() => signOffDueAt(0, holidays, 'Asia/Shanghai', 0)).toThrow(RangeError);
  });

  it('refuses to guess when the deadline runs into a year without holiday data', () => {
    // Tue 29, Wed 30, Thu 31 December 2026 count; 2027 has no calendar file.
    const attempt = () => signOffDueAt(Date.parse('2026-12-28T10:00:00+08:00'), holidays, 'Asia/Shanghai');
    expect(attempt).toThrow(ScheduleError);
    expect(attempt).toThrow(/2027/);
  });
});

const issuedAt = Date.parse('2026-09-29T10:00:00+08:00');
const dueAt = signOffDueAt(issuedAt, holidays, 'Asia/Shanghai');
const awaiting = nextSignOff(null, { kind: 'issue', at: issuedAt, by: 'user:ops', dueAt });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return 'no error';
};

describe('sign-off state machine', () => {
  it('issues a report as awaiting with its deadline on the 5x8 calendar', () => {
    expect(awaiting).toEqual({ state: 'awaiting', issuedAt, issuedBy: 'user:ops', dueAt, calendar: '5x8', decidedAt: null, decidedBy: null, amendments: null });
  });

  it('is not confirmed by default one minute before the deadline, and is at the deadline', () => {
    expect(isDueForDefault(awaiting, dueAt - MINUTE)).toBe(false);
    expect(codeOf(() => nextSignOff(awaiting, { kind: 'default', at: dueAt - MINUTE }))).toBe('SIGNOFF_NOT_DUE');
    expect(isDueForDefault(awaiting, dueAt)).toBe(true);
    expect(nextSignOff(awaiting, { kind: 'default', at: dueAt })).toMatchObject({ state: 'confirmed-by-default', decidedAt: dueAt, decidedBy: 'system:sign-off', dueAt });
  });

  it('records a late sweep at the deadline it was judged against', () => {
    const late = nextSignOff(awaiting, { kind: 'default', at: dueAt + 3 * 86_400_000 });
    expect(late.decidedAt).toBe(dueAt);
  });

  it('records a confirmation and written amendments with who and when', () => {
    const at = dueAt - MINUTE;
    expect(nextSignOff(awaiting, { kind: 'confirm', at, by: 'user:tenant' })).toMatchObject({ state: 'confirmed', decidedAt: at, decidedBy: 'user:tenant', amendments: null });
    expect(nextSignOff(awaiting, { kind: 'amend', at, by: 'user:tenant', text: '  Host db-2 was in planned maintenance.  ' })).toMatchObject({
      state: 'amended',
      decidedAt: at,
      amendments: 'Host db-2 was in planned maintenance.',
    });
  });

  it.each([
    ['issuing twice', awaiting, { kind: 'issue', at: issuedAt, by: 'x', dueAt }, 'SIGNOFF_EXISTS'],
    ['confirming a report never issued', null, { kind: 'confirm', at: issuedAt, by: 'x' }, 'SIGNOFF_NOT_ISSUED'],
    ['amending a report never issued', null, { kind: 'amend', at: issuedAt, by: 'x', text: 'x' }, 'SIGNOFF_NOT_ISSUED'],
    ['confirming after a confirmation', { ...awaiting, state: 'confirmed' }, { kind: 'confirm', at: issuedAt, by: 'x' }, 'SIGNOFF_DECIDED'],
    ['amending after a default confirmation', { ...awaiting, state: 'confirmed-by-default' }, { kind: 'amend', at: issuedAt, by: 'x', text: 'x' }, 'SIGNOFF_DECIDED'],
    ['defaulting an amended report', { ...awaiting, state: 'amended' }, { kind: 'default', at: dueAt }, 'SIGNOFF_DECIDED'],
    ['blank amendments', awaiting, { kind: 'amend', at: issuedAt, by: 'x', text: '   ' }, 'VALIDATION_FAILED'],
    ['amendments over 10000 characters', awaiting, { kind: 'amend', at: issuedAt, by: 'x', text: 'x'.repeat(10_001) }, 'VALIDATION_FAILED'],
  ] as const)('refuses %s', (_name, prev, event, code) => {
    expect(codeOf(() => nextSignOff(prev as SignOff | null, event))).toBe(code);
  });
});
