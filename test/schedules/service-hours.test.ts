import { describe, expect, it } from 'vitest';
import { deadline, elapsedSeconds, incidentResponseDeadline, serviceCalendar, type ServiceCalendarId } from '../../schedules/index.ts';
import { at, calendars, iso, plans } from './helpers.ts';

const cal = (id: ServiceCalendarId, zone = 'Asia/Shanghai') => serviceCalendar(id, calendars, zone);

describe('deadline(start, within, calendar)', () => {
  it.each([
    // [calendar, start, within, expected deadline]
    ['5x8', '2026-09-30T16:00:00+08:00', '1wd', '2026-10-08T16:00:00+08:00'], // over National Day, 1.5 h + 6.5 h
    ['5x8', '2026-03-09T10:00:00+08:00', '4h', '2026-03-09T15:00:00+08:00'], // lunch is not counted
    ['5x8', '2026-03-09T07:00:00+08:00', '30m', '2026-03-09T09:00:00+08:00'], // counting starts at 08:30
    ['5x8', '2026-03-09T12:30:00+08:00', '1h', '2026-03-09T14:00:00+08:00'], // starting at lunch counts from 13:00
    ['5x8', '2026-03-09T13:00:00+08:00', '0.5wd', '2026-03-09T17:00:00+08:00'],
    ['5x8', '2026-03-13T16:00:00+08:00', '4h', '2026-03-16T11:00:00+08:00'], // Friday -> Monday
    ['7x8', '2026-03-13T16:00:00+08:00', '4h', '2026-03-14T11:00:00+08:00'], // Saturday is open on 7x8
    ['7x24', '2026-03-13T16:00:00+08:00', '4h', '2026-03-13T20:00:00+08:00'],
    ['5x8', '2026-02-13T16:00:00+08:00', '4h', '2026-02-14T11:00:00+08:00'], // Saturday make-up workday is open
    ['7x8', '2026-02-14T17:00:00+08:00', '1h', '2026-02-24T09:00:00+08:00'], // Spring Festival is closed on 7x8 too
    ['7x8', '2026-10-01T10:00:00+08:00', '0.5wd', '2026-10-08T13:30:00+08:00'],
    ['5x8', '2026-03-09T10:00:00+08:00', '10wd', '2026-03-23T10:00:00+08:00'], // two whole weeks
  ] as const)('%s from %s within %s is %s', (calendar, start, within, expected) => {
    expect(iso(deadline(at(start), within, cal(calendar)))).toBe(expected);
  });

  it.each([
    // Session boundaries 08:30, 12:00, 13:00, 17:30 as starts and as landing points.
    ['2026-03-09T08:30:00+08:00', '1m', '2026-03-09T08:31:00+08:00'],
    ['2026-03-09T12:00:00+08:00', '1m', '2026-03-09T13:01:00+08:00'],
    ['2026-03-09T13:00:00+08:00', '1m', '2026-03-09T13:01:00+08:00'],
    ['2026-03-09T17:30:00+08:00', '1m', '2026-03-10T08:31:00+08:00'],
    ['2026-03-09T08:30:00+08:00', '3.5h', '2026-03-09T12:00:00+08:00'], // lands on 12:00, stays there
    ['2026-03-09T13:00:00+08:00', '4.5h', '2026-03-09T17:30:00+08:00'], // lands on 17:30, stays there
    ['2026-03-09T08:30:00+08:00', '1wd', '2026-03-09T17:30:00+08:00'],
    ['2026-03-09T11:00:00+08:00', '1h', '2026-03-09T12:00:00+08:00'],
    ['2026-03-09T12:00:00+08:00', '0m', '2026-03-09T13:00:00+08:00'], // zero waits for the next open moment
  ])('5x8 from %s within %s is %s', (start, within, expected) => {
    expect(iso(deadline(at(start), within, cal('5x8')))).toBe(expected);
  });

  it.each([
    ['5x8', '2025-12-31T17:00:00+08:00', '1h', '2026-01-04T09:00:00+08:00'], // 元旦 1-3, Sunday 1-4 is a make-up workday
    ['5x8', '2024-12-31T17:00:00+08:00', '1h', '2025-01-02T09:00:00+08:00'],
    ['7x8', '2025-12-31T17:00:00+08:00', '1h', '2026-01-04T09:00:00+08:00'],
    ['5x8', '2026-12-31T09:00:00+08:00', '1h', '2026-12-31T10:00:00+08:00'], // 2027 not needed, so no error
  ] as const)('%s across the year end from %s within %s is %s', (calendar, start, within, expected) => {
    expect(iso(deadline(at(start), within, cal(calendar)))).toBe(expected);
  });

  it('says which year is missing instead of guessing when the deadline needs it', () => {
    expect(() => deadline(at('2026-12-31T16:00:00+08:00'), '1wd', cal('5x8'))).toThrow(
      expect.objectContaining({ code: 'CALENDAR_UNKNOWN_YEAR', details: expect.objectContaining({ year: 2027, date: '2027-01-01' }) }),
    );
  });

  it('keeps the local session times in a zone with daylight saving time', () => {
    const newYork = cal('7x8', 'America/New_York');
    expect(iso(deadline(at('2026-03-07T17:00:00-05:00'), '1h', newYork), 'America/New_York')).toBe('2026-03-08T09:00:00-04:00');
    expect(elapsedSeconds(at('2026-03-07T08:30:00-05:00'), at('2026-03-08T17:30:00-04:00'), newYork)).toBe(16 * 3600);
  });

  it.each(['-1h', '4x', '', '0.0001h'])('refuses the duration %j with DURATION_INVALID', (within) => {
    expect(() => deadline(at('2026-03-09T10:00:00+08:00'), within, cal('5x8'))).toThrow(expect.objectContaining({ code: 'DURATION_INVALID' }));
  });

  it('refuses an unknown calendar id', () => {
    expect(() => serviceCalendar('6x9', calendars)).toThrow(expect.objectContaining({ code: 'SERVICE_CALENDAR_INVALID' }));
  });
});

describe('elapsedSeconds(from, to, calendar)', () => {
  it.each([
    ['5x8', '2026-09-30T16:00:00+08:00', '2026-10-08T16:00:00+08:00', 8 * 3600],
    ['5x8', '2026-03-13T12:00:00+08:00', '2026-03-16T09:00:00+08:00', 5 * 3600], // Fri 4.5 h + Mon 0.5 h
    ['7x8', '2026-03-13T12:00:00+08:00', '2026-03-16T09:00:00+08:00', 21 * 3600], // plus two 8 h weekend days
    ['7x24', '2026-03-13T12:00:00+08:00', '2026-03-16T09:00:00+08:00', 69 * 3600],
    ['5x8', '2026-03-09T12:10:00+08:00', '2026-03-09T12:50:00+08:00', 0], // inside lunch
    ['5x8', '2026-03-09T17:30:00+08:00', '2026-03-10T08:30:00+08:00', 0], // overnight
    ['5x8', '2025-12-31T17:00:00+08:00', '2026-01-05T08:30:00+08:00', 8.5 * 3600], // Dec 31 0.5 h + make-up Sunday 8 h
    ['5x8', '2026-12-31T10:00:00+08:00', '2027-01-01T00:00:00+08:00', 6.5 * 3600], // touches 2027 but no session of it
    ['5x8', '2026-03-09T15:00:00+08:00', '2026-03-09T10:00:00+08:00', -4 * 3600], // reversed is negative
  ] as const)('%s from %s to %s is %i business seconds', (calendar, from, to, seconds) => {
    expect(elapsedSeconds(at(from), at(to), cal(calendar))).toBe(seconds);
  });

  it('refuses to count sessions of a year without holiday data', () => {
    expect(() => elapsedSeconds(at('2026-12-31T10:00:00+08:00'), at('2027-01-04T10:00:00+08:00'), cal('5x8'))).toThrow(
      expect.objectContaining({ code: 'CALENDAR_UNKNOWN_YEAR' }),
    );
  });
});

describe('service plans drive incident response deadlines', () => {
  it.each([
    ['standard', '2026-09-30T16:00:00+08:00', '2026-10-08T16:00:00+08:00'], // 1wd on 5x8
    ['advanced', '2026-09-30T16:00:00+08:00', '2026-10-08T11:00:00+08:00'], // 0.5wd on 7x8: 1.5 h + 2.5 h
    ['advanced', '2026-03-14T10:00:00+08:00', '2026-03-14T15:00:00+08:00'], // Saturday is open on 7x8
  ])('the %s plan answers an incident opened %s by %s', (planId, openedAt, expected) => {
    const plan = plans.find((candidate) => candidate.id === planId)!;
    expect(iso(incidentResponseDeadline(plan, at(openedAt), calendars))).toBe(expected);
  });
});
