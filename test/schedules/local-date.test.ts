import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, daysInMonth, formatLocalDate, isLocalDate, isoWeekday, monthsBetween, parseLocalDate } from '../../schedules/local-date.ts';

describe('local dates as day numbers', () => {
  it.each([
    ['1970-01-01', 0, 4],
    ['2000-02-29', 11016, 2],
    ['2024-12-31', 20088, 2],
    ['2026-01-10', 20463, 6],
    ['2026-10-01', 20727, 4],
    ['1969-12-31', -1, 3],
  ])('%s is day %i and ISO weekday %i', (date, day, weekday) => {
    expect(parseLocalDate(date)).toBe(day);
    expect(formatLocalDate(day)).toBe(date);
    expect(isoWeekday(day)).toBe(weekday);
  });

  it('round-trips every day between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2200, 12, 31) }), (day) => {
        const { year, month, day: dayOfMonth } = civilFromDays(day);
        expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
        expect(dayOfMonth).toBeLessThanOrEqual(daysInMonth(year, month));
      }),
    );
  });

  it.each([
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-4-1', false],
    ['2026-12-31', true],
  ])('isLocalDate(%s) is %s', (text, valid) => {
    expect(isLocalDate(text)).toBe(valid);
  });

  it('rejects an impossible date with DATE_INVALID', () => {
    expect(() => parseLocalDate('2026-02-30')).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
  });

  it('lists the months touching a range across a year end', () => {
    expect(monthsBetween(parseLocalDate('2025-11-30'), parseLocalDate('2026-02-01'))).toEqual([
      [2025, 11],
      [2025, 12],
      [2026, 1],
      [2026, 2],
    ]);
  });
});
