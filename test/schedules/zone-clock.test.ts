import { describe, expect, it } from 'vitest';
import { parseLocalDate } from '../../schedules/local-date.ts';
import { formatInstant, instantToLocal, localToInstant, parseInstant } from '../../schedules/zone-clock.ts';

describe('wall clock and instants in a zone', () => {
  it.each([
    ['Asia/Shanghai', '2026-01-10', 22 * 60, '2026-01-10T14:00:00.000Z'],
    ['America/New_York', '2026-03-07', 22 * 60, '2026-03-08T03:00:00.000Z'],
    ['America/New_York', '2026-03-08', 22 * 60, '2026-03-09T02:00:00.000Z'],
    // 02:30 does not exist on the spring-forward night: it moves forward by the gap to 03:30 EDT.
    ['America/New_York', '2026-03-08', 2 * 60 + 30, '2026-03-08T07:30:00.000Z'],
    // 01:30 happens twice on the fall-back night: the earlier (EDT) instant is used.
    ['America/New_York', '2026-11-01', 60 + 30, '2026-11-01T05:30:00.000Z'],
    ['UTC', '2026-12-31', 23 * 60 + 59, '2026-12-31T23:59:00.000Z'],
  ])('%s %s at minute %i is %s', (zone, date, minute, expected) => {
    expect(new Date(localToInstant(parseLocalDate(date), minute, zone)).toISOString()).toBe(expected);
  });

  it('reads an instant back as the local day and minute', () => {
    const local = instantToLocal(Date.UTC(2026, 0, 10, 14, 0), 'Asia/Shanghai');
    expect(local).toEqual({ day: parseLocalDate('2026-01-10'), minuteOfDay: 22 * 60, offset: 480 });
  });

  it.each([
    [Date.UTC(2026, 0, 10, 14), 'Asia/Shanghai', '2026-01-10T22:00:00+08:00'],
    [Date.UTC(2026, 6, 1, 2, 0, 0, 250), 'America/New_York', '2026-06-30T22:00:00.250-04:00'],
    [Date.UTC(2026, 0, 1), 'UTC', '2026-01-01T00:00:00+00:00'],
  ])('formats %i in %s as %s', (instantAt, zone, text) => {
    expect(formatInstant(instantAt, zone)).toBe(text);
  });

  it.each(['2026-09-30T16:00', '2026-09-30', '2026-02-30T10:00:00Z', '2026-09-30T24:00:00+08:00', 'yesterday'])(
    'refuses %s as an instant (no offset, or not a real time)',
    (text) => {
      expect(() => parseInstant(text)).toThrow(expect.objectContaining({ code: 'INSTANT_INVALID' }));
    },
  );

  it('accepts an instant with Z or an offset', () => {
    expect(parseInstant('2026-09-30T08:00:00Z')).toBe(parseInstant('2026-09-30T16:00+08:00'));
  });

  it('refuses an unknown zone with ZONE_INVALID', () => {
    expect(() => localToInstant(0, 0, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'ZONE_INVALID' }));
  });
});
