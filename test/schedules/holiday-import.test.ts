import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HolidayIssueCode, parseHolidayCalendarJson, parseHolidayIcs, validateHolidayCalendar, type HolidayCalendarYear } from '../../schedules/index.ts';
import { calendars, scheduleIssues } from './helpers.ts';

const require = createRequire(import.meta.url);
const feed = (name: string) => readFileSync(require.resolve(`chinese-days/dist/${name}`), 'utf8');

const base: HolidayCalendarYear = {
  region: 'cn',
  year: 2027,
  source: { title: '国务院办公厅关于2027年部分节假日安排的通知' },
  days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
};

describe('importing a holiday year as JSON', () => {
  it('accepts a valid year and sorts its days', () => {
    const calendar = validateHolidayCalendar({ ...base, days: [{ date: '2027-02-06', kind: 'holiday', name: '春节' }, ...base.days] });
    expect(calendar.days.map((day) => day.date)).toEqual(['2027-01-01', '2027-02-06']);
  });

  it.each([
    ['a date outside the year', [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }], HolidayIssueCode.dateOutsideYear],
    ['an impossible date', [{ date: '2027-02-30', kind: 'holiday', name: '春节' }], HolidayIssueCode.dateInvalid],
    ['the same date twice', [base.days[0], base.days[0]], HolidayIssueCode.dateDuplicate],
    ['a make-up workday on a weekday', [{ date: '2027-01-04', kind: 'makeup-workday', name: '元旦' }], HolidayIssueCode.makeupNotWeekend],
  ])('rejects %s with a stable issue code', (_, days, issueCode) => {
    const { code, issues } = scheduleIssues(() => validateHolidayCalendar({ ...base, days }));
    expect(code).toBe('HOLIDAY_CALENDAR_INVALID');
    expect(issues.map((issue) => issue.code)).toContain(issueCode);
  });

  it('says which field is wrong and how to fix it when the schema does not match', () => {
    const { issues } = scheduleIssues(() => validateHolidayCalendar({ ...base, days: [{ date: '2027-1-1', kind: 'off', name: '元旦', extra: 1 }] }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'days[0].date', message: 'must be a date YYYY-MM-DD, e.g. 2026-10-01 (got "2027-1-1")' },
        { path: 'days[0].kind', message: 'must be holiday or makeup-workday (other days follow from the weekday) (got "off")' },
        { path: 'days[0].extra', message: 'is not a known field; remove it or check its spelling' },
      ]),
    );
  });

  it('reports JSON syntax errors with JSON_SYNTAX', () => {
    const { issues } = scheduleIssues(() => parseHolidayCalendarJson('{"region": "cn",'));
    expect(issues[0].code).toBe(HolidayIssueCode.jsonSyntax);
  });
});

describe('importing a holiday year from ICS', () => {
  // A real public feed (the chinese-days ICS) must import to exactly our shipped data.
  it.each([2024, 2025, 2026])('imports the chinese-days %i feed to the same kinds as the shipped calendar', (year) => {
    const imported = parseHolidayIcs(feed(`years/${year}.ics`));
    const shipped = calendars.years.get(year)!;
    expect(imported.year).toBe(year);
    expect(imported.days.map((day) => [day.date, day.kind])).toEqual(shipped.days.map((day) => [day.date, day.kind]));
    expect(imported.days.find((day) => day.kind === 'holiday')?.name).toBe('元旦');
  });

  it('imports one year of a multi-year feed when the year is given, and refuses to guess otherwise', () => {
    expect(parseHolidayIcs(feed('holidays.ics'), { year: 2025 }).days.filter((day) => day.kind === 'makeup-workday')).toHaveLength(5);
    expect(() => parseHolidayIcs(feed('holidays.ics'))).toThrow(/2024, 2025, 2026; import one year at a time/);
  });

  it('reads the English feed (Holiday / Workday markers)', () => {
    const imported = parseHolidayIcs(feed('years/2026.en.ics'));
    expect(imported.days.find((day) => day.date === '2026-02-14')).toEqual({ date: '2026-02-14', kind: 'makeup-workday', name: 'Spring Festival' });
  });

  it('unfolds long lines, unescapes text and honours X-TIDEWAY-DAY-KIND', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'X-WR-CALNAME:2027 安排',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270104',
      'SUMMARY:元旦 假期 第1天/共3天',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270109',
      'SUMMARY:元旦\\, 调休',
      'X-TIDEWAY-DAY-KIND:makeup-workday',
      'X-TIDEWAY-NAME:元',
      ' 旦',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const imported = parseHolidayIcs(text);
    expect(imported.source.title).toBe('2027 安排');
    expect(imported.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      { date: '2027-01-09', kind: 'makeup-workday', name: '元旦' },
    ]);
  });

  const event = (lines: string[]) => ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR'].join('\n');
  it.each([
    ['an event that is neither 休 nor 班', event(['DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦']), 'KIND_UNKNOWN'],
    ['a repeating event', event(['DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY', 'SUMMARY:元旦(休)']), 'RRULE_UNSUPPORTED'],
    ['a UTC date-time instead of a date', event(['DTSTART:20261231T160000Z', 'SUMMARY:元旦(休)']), 'DATE_INVALID'],
    ['a date marked both ways', event(['DTSTART;VALUE=DATE:20270102', 'SUMMARY:元旦(休)', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270102', 'SUMMARY:元旦(班)']), 'DATE_CONFLICT'],
  ])('rejects %s with HOLIDAY_ICS_INVALID', (_, text, issueCode) => {
    const { code, issues } = scheduleIssues(() => parseHolidayIcs(text));
    expect(code).toBe('HOLIDAY_ICS_INVALID');
    expect(issues.map((issue) => issue.code)).toContain(issueCode);
  });

  it.each([
    ['no calendar', 'BEGIN:VEVENT\nEND:VEVENT'],
    ['an unclosed component', 'BEGIN:VCALENDAR\nBEGIN:VEVENT'],
    ['a line that is not a content line', 'BEGIN:VCALENDAR\nthis is not ics\nEND:VCALENDAR'],
  ])('rejects a file with %s', (_, text) => {
    expect(() => parseHolidayIcs(text)).toThrow(expect.objectContaining({ code: 'HOLIDAY_ICS_INVALID' }));
  });

  it('checks the imported year like any other (a make-up workday on a weekday is refused)', () => {
    const text = event(['DTSTART;VALUE=DATE:20270104', 'SUMMARY:元旦(班)']);
    expect(scheduleIssues(() => parseHolidayIcs(text)).issues[0].code).toBe(HolidayIssueCode.makeupNotWeekend);
  });
});
