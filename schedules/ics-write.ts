/**
 * RFC 5545 writing: content lines folded at 75 octets, CRLF line ends, TEXT escaping, and a
 * VTIMEZONE built from the zone's actual offset changes (found through Intl), so a client
 * needs no zone database of its own to get the same instants.
 */
import { civilFromDays, pad2 } from './local-date.ts';
import { formatOffset, offsetMinutes } from './zone-clock.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const encoder = new TextEncoder();

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line so no physical line exceeds 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Joins content lines into an iCalendar document: folded, CRLF-terminated. */
export function icsDocument(lines: readonly string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** `YYYYMMDDTHHMMSS` wall-clock time of an instant in a zone (for `;TZID=` values). */
export function icsLocalDateTime(instantAt: number, zone: string): string {
  return icsWallTime(instantAt + offsetMinutes(instantAt, zone) * MINUTE_MS);
}

/** `YYYYMMDDTHHMMSSZ` of an instant in UTC (for DTSTAMP). */
export function icsUtcDateTime(instantAt: number): string {
  return `${icsWallTime(instantAt)}Z`;
}

/** `YYYYMMDDTHHMMSS` of a wall-clock time given as ms since 1970-01-01T00:00 on that clock. */
function icsWallTime(wallMs: number): string {
  const day = Math.floor(wallMs / DAY_MS);
  const seconds = Math.floor((wallMs - day * DAY_MS) / 1000);
  return `${icsDate(day)}T${pad2(Math.floor(seconds / 3600))}${pad2(Math.floor(seconds / 60) % 60)}${pad2(seconds % 60)}`;
}

/** `YYYYMMDD` of a day number. */
export function icsDate(day: number): string {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}${pad2(month)}${pad2(dayOfMonth)}`;
}

interface Transition {
  at: number;
  from: number;
  to: number;
}

/** A VTIMEZONE for `zone` with every offset change from a year before `fromAt` to a year after `toAt`. */
export function vtimezone(zone: string, fromAt: number, toAt: number): string[] {
  const startAt = fromAt - 366 * DAY_MS;
  const transitions = offsetTransitions(zone, startAt, toAt + 366 * DAY_MS);
  const initial = offsetMinutes(startAt, zone);
  const firstIsDaylight = transitions.length > 0 && transitions[0].to > transitions[0].from;
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  lines.push(...observance(firstIsDaylight ? 'STANDARD' : transitions.length ? 'DAYLIGHT' : 'STANDARD', startAt, initial, initial, zone));
  for (const change of transitions) {
    lines.push(...observance(change.to > change.from ? 'DAYLIGHT' : 'STANDARD', change.at, change.from, change.to, zone));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', at: number, from: number, to: number, zone: string): string[] {
  // DTSTART of an observance is the wall time of the change read in the old offset.
  const lines = [`BEGIN:${kind}`, `DTSTART:${icsWallTime(at + from * MINUTE_MS)}`, `TZOFFSETFROM:${icsOffset(from)}`, `TZOFFSETTO:${icsOffset(to)}`];
  const name = zoneAbbreviation(at, zone);
  if (name) lines.push(`TZNAME:${escapeText(name)}`);
  lines.push(`END:${kind}`);
  return lines;
}

/** Offset changes of a zone in [fromAt, toAt], each found to the minute by bisection. */
function offsetTransitions(zone: string, fromAt: number, toAt: number): Transition[] {
  const transitions: Transition[] = [];
  let previousAt = Math.floor(fromAt / DAY_MS) * DAY_MS;
  let previous = offsetMinutes(previousAt, zone);
  for (let at = previousAt + DAY_MS; at <= toAt + DAY_MS; at += DAY_MS) {
    const offset = offsetMinutes(at, zone);
    if (offset !== previous) {
      let [low, high] = [previousAt / MINUTE_MS, at / MINUTE_MS];
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetMinutes(middle * MINUTE_MS, zone) === previous) low = middle;
        else high = middle;
      }
      transitions.push({ at: high * MINUTE_MS, from: previous, to: offset });
    }
    previousAt = at;
    previous = offset;
  }
  return transitions;
}

function icsOffset(offset: number): string {
  return formatOffset(offset).replace(':', '');
}

function zoneAbbreviation(at: number, zone: string): string | undefined {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value;
}
