import { describe, expect, it } from 'vitest';
import { buildHolidayCalendars, dayKind, missingCalendarYear, requireKnownDay } from '../../schedules/index.ts';
import { parseLocalDate } from '../../schedules/local-date.ts';
import { at, calendars } from './helpers.ts';

describe('day kinds of the cn calendar', () => {
  it.each([
    ['2026-10-01', 'holiday', '国庆节'],
    ['2026-02-17', 'holiday', '春节'],
    ['2025-10-06', 'holiday', '国庆节、中秋节'],
    ['2024-06-10', 'holiday', '端午节'],
    ['2026-01-03', 'holiday', '元旦'],
    ['2026-02-14', 'makeup-workday', '春节'],
    ['2026-02-28', 'makeup-workday', '春节'],
    ['2026-09-20', 'makeup-workday', '国庆节'],
    ['2024-02-04', 'makeup-workday', '春节'],
    ['2026-03-07', 'weekend', undefined],
    ['2024-06-08', 'weekend', undefined],
    ['2026-03-09', 'workday', undefined],
    ['2024-02-09', 'workday', undefined],
    ['2024-12-31', 'workday', undefined],
    ['2026-12-31', 'workday', undefined],
    ['2027-01-01', 'unknown', undefined],
    ['2023-12-30', 'unknown', undefined],
  ])('%s is %s (%s)', (date, kind, name) => {
    const info = dayKind(date, calendars);
    expect(info.kind).toBe(kind);
    expect(info.name).toBe(name);
  });

  it('gives the English festival name next to the Chinese one', () => {
    expect(dayKind('2026-02-17', calendars)).toEqual({ date: '2026-02-17', kind: 'holiday', name: '春节', nameEn: 'Spring Festival' });
  });

  it('never treats a year without data as ordinary: requireKnownDay names the missing year', () => {
    expect(() => requireKnownDay(parseLocalDate('2027-03-01'), calendars)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_UNKNOWN_YEAR', details: expect.objectContaining({ year: 2027 }) }),
    );
  });

  it('refuses two calendars for the same year', () => {
    const year = calendars.years.get(2026)!;
    expect(() => buildHolidayCalendars([year, year])).toThrow(expect.objectContaining({ code: 'HOLIDAY_CALENDAR_DUPLICATE_YEAR' }));
  });

  it('refuses a calendar of another region', () => {
    expect(() => buildHolidayCalendars([{ ...calendars.years.get(2026)!, region: 'hk' }])).toThrow(/region 'hk'/);
  });

  it('builds from plain data (as the dashboard gets it from the API) with the same answers', () => {
    const rebuilt = buildHolidayCalendars(JSON.parse(JSON.stringify([...calendars.years.values()])));
    expect(dayKind('2026-09-20', rebuilt)).toEqual(dayKind('2026-09-20', calendars));
  });

  it.each([
    ['2026-09-30T23:59:00+08:00', undefined],
    ['2026-09-30T16:00:00Z', 2027], // already 1 October in Shanghai
    ['2026-12-31T12:00:00+08:00', 2027],
    ['2027-01-01T00:00:00+08:00', 2027],
    ['2025-10-01T00:00:00+08:00', undefined], // 2026 is there
    ['2023-06-01T00:00:00+08:00', 2023],
  ])('at %s the calendar ops must add is %s', (now, year) => {
    expect(missingCalendarYear(at(now), calendars)).toBe(year);
  });
});
