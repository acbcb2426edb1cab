/**
 * Checks a holiday calendar year beyond its schema (real dates, inside the year, no
 * duplicates, make-up workdays on weekends) and normalises it (days sorted by date). Used for
 * the shipped files, for files ops drop in, and for imports through the API.
 */
import { throwIfIssues, type ScheduleIssue } from './errors.ts';
import { HolidayCalendarYearSchema, type HolidayCalendarYear } from './holiday-schema.ts';
import { isLocalDate, isoWeekday, parseLocalDate } from './local-date.ts';
import { schemaIssues } from './schema-check.ts';

/** Issue codes of a rejected calendar (besides plain schema mismatches). */
export const HolidayIssueCode = {
  jsonSyntax: 'JSON_SYNTAX',
  dateInvalid: 'DATE_INVALID',
  dateOutsideYear: 'DATE_OUTSIDE_YEAR',
  dateDuplicate: 'DATE_DUPLICATE',
  makeupNotWeekend: 'MAKEUP_NOT_WEEKEND',
} as const;

/** The calendar, validated and with its days sorted; throws `HOLIDAY_CALENDAR_INVALID` listing every issue. */
export function validateHolidayCalendar(value: unknown, what = 'holiday calendar'): HolidayCalendarYear {
  const issues = schemaIssues(HolidayCalendarYearSchema, value);
  throwIfIssues('HOLIDAY_CALENDAR_INVALID', what, issues);
  const calendar = value as HolidayCalendarYear;
  throwIfIssues('HOLIDAY_CALENDAR_INVALID', what, dayIssues(calendar));
  const days = [...calendar.days].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { ...calendar, days };
}

/** Parses and validates the JSON text of a calendar year (an import or a dropped-in file). */
export function parseHolidayCalendarJson(text: string, what = 'holiday calendar'): HolidayCalendarYear {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    throwIfIssues('HOLIDAY_CALENDAR_INVALID', what, [{ path: '', message, code: HolidayIssueCode.jsonSyntax }]);
  }
  return validateHolidayCalendar(value, what);
}

function dayIssues(calendar: HolidayCalendarYear): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const seen = new Set<string>();
  calendar.days.forEach((entry, index) => {
    const path = `days[${index}].date`;
    if (!isLocalDate(entry.date)) {
      issues.push({ path, message: `is not a real date (got "${entry.date}")`, code: HolidayIssueCode.dateInvalid });
      return;
    }
    if (!entry.date.startsWith(`${calendar.year}-`)) {
      issues.push({ path, message: `must be in ${calendar.year}, the file's year (got "${entry.date}")`, code: HolidayIssueCode.dateOutsideYear });
    }
    if (seen.has(entry.date)) {
      issues.push({ path, message: `lists ${entry.date} twice; keep one entry per date`, code: HolidayIssueCode.dateDuplicate });
    }
    seen.add(entry.date);
    if (entry.kind === 'makeup-workday' && isoWeekday(parseLocalDate(entry.date)) < 6) {
      issues.push({ path, message: `is a make-up workday on a weekday; make-up workdays are Saturdays or Sundays (got "${entry.date}")`, code: HolidayIssueCode.makeupNotWeekend });
    }
  });
  return issues;
}
