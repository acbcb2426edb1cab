/**
 * `tideway windows`, `tideway calendar` and `tideway sla`: the schedules library on the
 * command line. Flags are parsed and checked here; bad input is a usage error (exit 2).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ScheduleError,
  dayKind,
  deadline,
  elapsedSeconds,
  findTrack,
  formatInstant,
  isLocalDate,
  isServiceCalendarId,
  loadFreezes,
  loadHolidayCalendars,
  loadTracks,
  parseBusinessDuration,
  parseFreezes,
  parseHolidayCalendarJson,
  parseHolidayIcs,
  parseInstant,
  serviceCalendar,
  windowToJson,
  windowsBetween,
  windowsToIcs,
  DEFAULT_ZONE,
  SERVICE_CALENDAR_IDS,
  type ScheduleErrorCode,
  type WindowJson,
} from '../../schedules/index.ts';
import { UsageError, type CliIo } from './io.ts';

const WINDOWS_USAGE = `usage: tideway windows --track ID --from YYYY-MM-DD --to YYYY-MM-DD [--json | --ics] [--freezes FILE]
  --freezes FILE   tenant freezes (YAML, same format as schedules/freezes.yaml) applied on top of the global ones`;
const CALENDAR_USAGE = `usage: tideway calendar day YYYY-MM-DD [--json]
       tideway calendar check FILE.json|FILE.ics [--year YYYY] [--json]   (validate a holiday year before adding it)`;
const SLA_USAGE = `usage: tideway sla deadline --start ISO --within 4h|0.5wd --calendar ${SERVICE_CALENDAR_IDS.join('|')} [--zone ZONE] [--json]
       tideway sla elapsed --from ISO --to ISO --calendar ${SERVICE_CALENDAR_IDS.join('|')} [--zone ZONE] [--json]
  ISO instants carry their offset, e.g. 2026-09-30T16:00:00+08:00; --zone defaults to ${DEFAULT_ZONE}`;

/** Codes that mean the caller's input was wrong (exit 2) rather than the data or the system. */
const INPUT_CODES = new Set<ScheduleErrorCode>([
  'DATE_INVALID',
  'INSTANT_INVALID',
  'DURATION_INVALID',
  'ZONE_INVALID',
  'RANGE_INVALID',
  'TRACK_NOT_FOUND',
  'SERVICE_CALENDAR_INVALID',
  'FREEZES_INVALID',
]);

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;

function parseFlags<T extends FlagSpec>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

function required(value: unknown, name: string, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required\n${usage}`);
  return value;
}

function date(value: unknown, name: string, usage: string): string {
  const text = required(value, name, usage);
  if (!isLocalDate(text)) throw new UsageError(`--${name} must be a date YYYY-MM-DD, e.g. 2026-01-10 (got '${text}')`);
  return text;
}

/** Runs `body`, turning schedule errors about the caller's input into usage errors (exit 2). */
function asUsage<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof ScheduleError && INPUT_CODES.has(error.code)) throw new UsageError(error.message);
    throw error;
  }
}

function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

function printUsage(io: CliIo, usage: string): number {
  io.out(usage);
  return 0;
}

/** `tideway windows --track ID --from YYYY-MM-DD --to YYYY-MM-DD [--json|--ics]`. */
export async function windowsCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { track: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, ics: { type: 'boolean' }, freezes: { type: 'string' } }, WINDOWS_USAGE);
  if (values.help) return printUsage(io, WINDOWS_USAGE);
  if (values.json && values.ics) throw new UsageError(`--json and --ics cannot be combined\n${WINDOWS_USAGE}`);
  const [fromDate, toDate] = [date(values.from, 'from', WINDOWS_USAGE), date(values.to, 'to', WINDOWS_USAGE)];
  const trackId = required(values.track, 'track', WINDOWS_USAGE);
  const tracks = loadTracks();
  const freezesFile = values.freezes;
  const tenant = freezesFile === undefined ? [] : asUsage(() => parseFreezes(readInput(freezesFile), freezesFile));
  const windows = asUsage(() =>
    windowsBetween(findTrack(tracks, trackId), fromDate, toDate, { calendars: loadHolidayCalendars(), freezes: { global: loadFreezes(), tenant } }),
  );
  if (values.ics) io.out(windowsToIcs(windows, { generatedAt: Date.now(), tracks, calendarName: `Tideway ${trackId}` }));
  else if (values.json) printJson(io, windows.map(windowToJson));
  else io.out(windowsTable(windows.map(windowToJson)));
  return 0;
}

function windowsTable(rows: WindowJson[]): string {
  if (rows.length === 0) return '(no occurrences in this range)';
  const lines = rows.map((row) => [row.start, row.end, row.status, row.reason ?? (row.shiftedFrom ? `moved from ${row.shiftedFrom}: ${row.shiftReason}` : '')]);
  const widths = [0, 1, 2].map((column) => Math.max(...lines.map((line) => line[column].length), ['START', 'END', 'STATUS'][column].length));
  const format = (line: string[]) => line.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ').trimEnd();
  return [`track ${rows[0].track}`, format(['START', 'END', 'STATUS', 'REASON']), ...lines.map(format)].join('\n');
}

/** `tideway calendar day YYYY-MM-DD [--json]` and `tideway calendar check FILE [--json]`. */
export async function calendarCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' }, year: { type: 'string' } }, CALENDAR_USAGE);
  const [sub, argument, ...extra] = positionals;
  if (values.help) return printUsage(io, CALENDAR_USAGE);
  if (extra.length > 0 || !argument || (sub !== 'day' && sub !== 'check')) throw new UsageError(CALENDAR_USAGE);
  if (sub === 'check') return checkCalendarFile(argument, values.year, values.json === true, io);
  if (!isLocalDate(argument)) throw new UsageError(`the date must be YYYY-MM-DD, e.g. 2026-10-01 (got '${argument}')\n${CALENDAR_USAGE}`);
  const info = dayKind(argument, loadHolidayCalendars());
  if (values.json) printJson(io, { date: info.date, kind: info.kind, ...(info.name ? { name: info.name } : {}), ...(info.nameEn ? { nameEn: info.nameEn } : {}) });
  else io.out(`${info.date}  ${info.kind}${info.name ? `  ${info.name}${info.nameEn ? ` / ${info.nameEn}` : ''}` : ''}`);
  return 0;
}

function checkCalendarFile(path: string, yearText: string | undefined, json: boolean, io: CliIo): number {
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !Number.isInteger(year)) throw new UsageError(`--year must be a year, e.g. 2027 (got '${yearText}')`);
  const text = readInput(path);
  try {
    const calendar = path.toLowerCase().endsWith('.ics') ? parseHolidayIcs(text, { year }) : parseHolidayCalendarJson(text, path);
    if (json) printJson(io, calendar);
    else io.out(`${path}: ${calendar.region} ${calendar.year}, ${calendar.days.length} dates, valid; save it as schedules/holidays/${calendar.region}/${calendar.year}.json`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    io.err(`${error.code}: ${error.message}`);
    return 1;
  }
}

/** `tideway sla deadline ...` and `tideway sla elapsed ...`. */
export async function slaCommand(args: string[], io: CliIo): Promise<number> {
  const spec = { start: { type: 'string' }, within: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, calendar: { type: 'string' }, zone: { type: 'string' }, json: { type: 'boolean' } } as const;
  const { values, positionals } = parseFlags(args, spec, SLA_USAGE);
  if (values.help) return printUsage(io, SLA_USAGE);
  const [sub, ...extra] = positionals;
  if (extra.length > 0 || (sub !== 'deadline' && sub !== 'elapsed')) throw new UsageError(SLA_USAGE);
  const calendarId = required(values.calendar, 'calendar', SLA_USAGE);
  if (!isServiceCalendarId(calendarId)) throw new UsageError(`--calendar must be one of ${SERVICE_CALENDAR_IDS.join(', ')} (got '${calendarId}')`);
  const zone = values.zone ?? DEFAULT_ZONE;
  const calendar = asUsage(() => serviceCalendar(calendarId, loadHolidayCalendars(), zone));
  if (sub === 'deadline') {
    const startAt = asUsage(() => parseInstant(required(values.start, 'start', SLA_USAGE)));
    const seconds = asUsage(() => parseBusinessDuration(required(values.within, 'within', SLA_USAGE)));
    const result = formatInstant(deadline(startAt, seconds, calendar), zone);
    if (values.json) printJson(io, { deadline: result });
    else io.out(`deadline ${result} (${values.within} of ${calendarId} business time from ${values.start})`);
    return 0;
  }
  const fromAt = asUsage(() => parseInstant(required(values.from, 'from', SLA_USAGE)));
  const toAt = asUsage(() => parseInstant(required(values.to, 'to', SLA_USAGE)));
  const seconds = elapsedSeconds(fromAt, toAt, calendar);
  if (values.json) printJson(io, { seconds });
  else io.out(`${seconds} business seconds (${(seconds / 3600).toFixed(2)} h) of ${calendarId} between ${values.from} and ${values.to}`);
  return 0;
}

function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
