/**
 * Imports a holiday calendar year from an ICS feed (e.g. the public 中国节假日 feeds):
 * all-day events marked 休/班 (or Holiday/Workday, or X-APPLE-SPECIAL-DAY, or our own
 * X-TIDEWAY-DAY-KIND) become holiday and make-up workday dates. Pure: the API route reads the
 * upload and calls `parseHolidayIcs`.
 */
import { ScheduleError, throwIfIssues, type ScheduleIssue } from './errors.ts';
import type { HolidayCalendarYear, HolidayDay, HolidaySource } from './holiday-schema.ts';
import { validateHolidayCalendar } from './holiday-validate.ts';
import { icsProperty, readIcs, unescapeIcsText, type IcsComponent } from './ics-read.ts';
import { daysFromCivil, formatLocalDate } from './local-date.ts';

/** Options of an ICS import: which year to keep when the feed spans several, and the source notice. */
export interface HolidayIcsOptions {
  year?: number;
  region?: string;
  source?: HolidaySource;
}

type ListedKind = HolidayDay['kind'];

/** Parses an ICS feed into one validated calendar year; throws `HOLIDAY_ICS_INVALID` or `HOLIDAY_CALENDAR_INVALID`. */
export function parseHolidayIcs(text: string, options: HolidayIcsOptions = {}): HolidayCalendarYear {
  const calendar = readIcs(text).find((component) => component.name === 'VCALENDAR');
  if (!calendar) throw new ScheduleError('HOLIDAY_ICS_INVALID', 'ICS file has no BEGIN:VCALENDAR');
  const issues: ScheduleIssue[] = [];
  const byDate = new Map<string, HolidayDay>();
  calendar.components
    .filter((component) => component.name === 'VEVENT')
    .forEach((event, index) => {
      for (const day of eventDays(event, `VEVENT[${index}]`, issues)) addDay(byDate, day, `VEVENT[${index}]`, issues);
    });
  throwIfIssues('HOLIDAY_ICS_INVALID', 'ICS file', issues);
  const year = options.year ?? singleYear([...byDate.keys()]);
  const days = [...byDate.values()].filter((day) => day.date.startsWith(`${year}-`));
  return validateHolidayCalendar({ region: options.region ?? 'cn', year, source: options.source ?? sourceOf(calendar), days }, `ICS import for ${year}`);
}

function eventDays(event: IcsComponent, path: string, issues: ScheduleIssue[]): HolidayDay[] {
  if (icsProperty(event, 'RRULE')) {
    issues.push({ path, message: 'repeats with RRULE; list each year\'s dates as separate events', code: 'RRULE_UNSUPPORTED' });
    return [];
  }
  const summary = unescapeIcsText(icsProperty(event, 'SUMMARY')?.value ?? '');
  const kind = eventKind(event, summary);
  const name = festivalName(event, summary);
  const range = eventRange(event);
  if (!kind) issues.push({ path, message: `cannot tell whether "${summary}" is a holiday or a make-up workday; add X-TIDEWAY-DAY-KIND:holiday or X-TIDEWAY-DAY-KIND:makeup-workday`, code: 'KIND_UNKNOWN' });
  if (!name) issues.push({ path: `${path}.SUMMARY`, message: 'must name the festival, e.g. 春节(休)', code: 'NAME_MISSING' });
  if (typeof range === 'string') issues.push({ path: `${path}.DTSTART`, message: range, code: 'DATE_INVALID' });
  if (!kind || !name || typeof range === 'string') return [];
  const days: HolidayDay[] = [];
  for (let day = range.first; day < range.end; day++) days.push({ date: formatLocalDate(day), kind, name });
  return days;
}

function eventKind(event: IcsComponent, summary: string): ListedKind | undefined {
  const explicit = icsProperty(event, 'X-TIDEWAY-DAY-KIND')?.value.trim().toLowerCase();
  if (explicit === 'holiday' || explicit === 'makeup-workday') return explicit;
  const apple = icsProperty(event, 'X-APPLE-SPECIAL-DAY')?.value.trim().toUpperCase();
  if (apple === 'WORK-HOLIDAY') return 'holiday';
  if (apple === 'ALTERNATE-WORKDAY') return 'makeup-workday';
  const text = `${summary} ${unescapeIcsText(icsProperty(event, 'DESCRIPTION')?.value ?? '')}`;
  // 班 first: "调休上班" contains 休 but is a make-up workday.
  if (/班|work\s?day|working day/i.test(text)) return 'makeup-workday';
  if (/休|假|holiday|day off/i.test(text)) return 'holiday';
  return undefined;
}

function festivalName(event: IcsComponent, summary: string): string {
  const explicit = icsProperty(event, 'X-TIDEWAY-NAME')?.value.trim();
  if (explicit) return unescapeIcsText(explicit);
  const stripped = summary
    .replace(/[(（【\[][^)）】\]]*[)）】\]]/g, ' ')
    .replace(/第\s*\d+\s*天.*$|共\s*\d+\s*天/g, ' ')
    .replace(/调休上班|补班|上班|放假|调休|假期|休息/g, ' ')
    .trim();
  return /[\u4e00-\u9fff]/.test(stripped) ? stripped.split(/\s+/)[0] : stripped;
}

/** First day and the day after the last (DTEND of all-day events is exclusive). */
function eventRange(event: IcsComponent): { first: number; end: number } | string {
  const start = icsDate(icsProperty(event, 'DTSTART')?.value);
  if (start === undefined) return 'must be an all-day date (DTSTART;VALUE=DATE:20261001) or a local date-time';
  const endValue = icsProperty(event, 'DTEND')?.value;
  const duration = /^P(\d+)D$/.exec(icsProperty(event, 'DURATION')?.value ?? '');
  if (endValue !== undefined) {
    const end = icsDate(endValue);
    if (end === undefined || end < start) return `DTEND "${endValue}" must be a date after DTSTART`;
    return { first: start, end: Math.max(end, start + 1) };
  }
  return { first: start, end: start + (duration ? Math.max(1, Number(duration[1])) : 1) };
}

function icsDate(value: string | undefined): number | undefined {
  // A UTC date-time (trailing Z) names an instant, not a local date: refuse it rather than guess the zone.
  const match = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})(T\d{6})?$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = daysFromCivil(year, month, day);
  return formatLocalDate(dayNumber) === `${match[1]}-${match[2]}-${match[3]}` ? dayNumber : undefined;
}

function addDay(byDate: Map<string, HolidayDay>, day: HolidayDay, path: string, issues: ScheduleIssue[]): void {
  const existing = byDate.get(day.date);
  if (!existing) byDate.set(day.date, day);
  else if (existing.kind !== day.kind) {
    issues.push({ path, message: `marks ${day.date} as ${day.kind} but another event marks it as ${existing.kind}`, code: 'DATE_CONFLICT' });
  }
}

function singleYear(dates: string[]): number {
  const years = [...new Set(dates.map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);
  if (years.length === 1) return years[0];
  const found = years.length === 0 ? 'no holiday or make-up workday events' : `events in ${years.join(', ')}`;
  throw new ScheduleError('HOLIDAY_ICS_INVALID', `ICS file has ${found}; import one year at a time by passing the year`, { years });
}

function sourceOf(calendar: IcsComponent): HolidaySource {
  const title = icsProperty(calendar, 'X-WR-CALNAME') ?? icsProperty(calendar, 'NAME') ?? icsProperty(calendar, 'PRODID');
  const url = icsProperty(calendar, 'URL')?.value ?? icsProperty(calendar, 'SOURCE')?.value;
  const source: HolidaySource = { title: title ? unescapeIcsText(title.value) : 'ICS import' };
  if (url && /^https?:\/\/\S+$/.test(url)) source.url = url;
  return source;
}
