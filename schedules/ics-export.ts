/**
 * ICS (RFC 5545) export of update windows and freeze periods. Times are written with
 * `DTSTART;TZID=<zone>` and a VTIMEZONE for each zone; UIDs depend only on the track (or
 * freeze) and the local start, so re-exporting updates events in place instead of duplicating.
 */
import { forEachRange, type FreezePeriod, type FreezeScope, type FreezeSet } from './freezes.ts';
import { formatLocalDate, parseLocalDate, type DayNumber } from './local-date.ts';
import { escapeText, icsDate, icsDocument, icsLocalDateTime, icsUtcDateTime, vtimezone } from './ics-write.ts';
import type { Track } from './tracks.ts';
import type { WindowOccurrence } from './windows.ts';
import { DEFAULT_ZONE, formatInstant, localToInstant } from './zone-clock.ts';

const PRODID = '-//Tideway//Update windows//EN';

/** Options of an export: `generatedAt` (epoch ms) becomes DTSTAMP, so output is reproducible. */
export interface IcsExportOptions {
  generatedAt: number;
  calendarName?: string;
  /** Tracks whose names title the events; events of other tracks use the track id. */
  tracks?: readonly Track[];
}

/** An iCalendar document of the scheduled windows (skipped occurrences have no window and are left out). */
export function windowsToIcs(windows: readonly WindowOccurrence[], options: IcsExportOptions): string {
  const scheduled = windows.filter((window) => window.status === 'scheduled');
  const names = new Map((options.tracks ?? []).map((track) => [track.id, track.name]));
  const events = scheduled.flatMap((window) => {
    const description = [`Track: ${window.trackId}`, `No new work after ${formatInstant(window.cutoffAt, window.zone)}`];
    if (window.noticeBy) description.push(`Tenants told by ${window.noticeBy}`);
    if (window.shiftedFrom) description.push(`Moved from ${window.shiftedFrom.localDate}`);
    return [
      'BEGIN:VEVENT',
      `UID:${slug(window.trackId)}-${icsLocalDateTime(window.startAt, window.zone).slice(0, 13)}@tideway`,
      `DTSTAMP:${icsUtcDateTime(options.generatedAt)}`,
      `DTSTART;TZID=${window.zone}:${icsLocalDateTime(window.startAt, window.zone)}`,
      `DTEND;TZID=${window.zone}:${icsLocalDateTime(window.endAt, window.zone)}`,
      `SUMMARY:${escapeText(`Update window: ${names.get(window.trackId) ?? window.trackId}`)}`,
      `DESCRIPTION:${escapeText(description.join('\n'))}`,
      'CATEGORIES:UPDATE-WINDOW',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      `X-TIDEWAY-TRACK:${escapeText(window.trackId)}`,
      'END:VEVENT',
    ];
  });
  const spans = scheduled.map((window) => ({ zone: window.zone, fromAt: window.startAt, toAt: window.endAt }));
  return calendar(options.calendarName ?? 'Tideway update windows', spans, events);
}

/** An iCalendar document of the freezes' days in [fromDate, toDate], as midnight-to-midnight events in `zone`. */
export function freezesToIcs(freezes: FreezeSet, fromDate: string, toDate: string, options: IcsExportOptions & { zone?: string }): string {
  const zone = options.zone ?? DEFAULT_ZONE;
  const [fromDay, toDay] = [parseLocalDate(fromDate), parseLocalDate(toDate)];
  const runs = [
    ...(freezes.global ?? []).flatMap((freeze) => freezeRuns(freeze, 'global', fromDay, toDay)),
    ...(freezes.tenant ?? []).flatMap((freeze) => freezeRuns(freeze, 'tenant', fromDay, toDay)),
  ];
  const events = runs.flatMap(({ freeze, scope, from, to }) => [
    'BEGIN:VEVENT',
    `UID:freeze-${scope}-${slug(freeze.id)}-${icsDate(from)}@tideway`,
    `DTSTAMP:${icsUtcDateTime(options.generatedAt)}`,
    `DTSTART;TZID=${zone}:${icsDate(from)}T000000`,
    `DTEND;TZID=${zone}:${icsDate(to + 1)}T000000`,
    `SUMMARY:${escapeText(`Freeze: ${freeze.label}`)}`,
    `DESCRIPTION:${escapeText(`${scope === 'global' ? 'Global' : 'Tenant'} freeze ${freeze.id}, ${formatLocalDate(from)} to ${formatLocalDate(to)}`)}`,
    'CATEGORIES:FREEZE',
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ]);
  const spans = runs.map((run) => ({ zone, fromAt: localToInstant(run.from, 0, zone), toAt: localToInstant(run.to + 1, 0, zone) }));
  return calendar(options.calendarName ?? 'Tideway freeze periods', spans, events);
}

interface FreezeRun {
  freeze: FreezePeriod;
  scope: FreezeScope;
  from: DayNumber;
  to: DayNumber;
}

/** The freeze's day ranges clipped to [fromDay, toDay], with touching ranges merged (Jan 29-31 + Feb 1-2). */
function freezeRuns(freeze: FreezePeriod, scope: FreezeScope, fromDay: DayNumber, toDay: DayNumber): FreezeRun[] {
  const ranges: [DayNumber, DayNumber][] = [];
  forEachRange(freeze, fromDay, toDay, (from, to) => {
    const [start, end] = [Math.max(from, fromDay), Math.min(to, toDay)];
    if (start <= end) ranges.push([start, end]);
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const runs: FreezeRun[] = [];
  for (const [from, to] of ranges) {
    const last = runs.at(-1);
    if (last && from <= last.to + 1) last.to = Math.max(last.to, to);
    else runs.push({ freeze, scope, from, to });
  }
  return runs;
}

function calendar(name: string, spans: { zone: string; fromAt: number; toAt: number }[], events: string[]): string {
  const zones = [...new Set(spans.map((span) => span.zone))].sort();
  const timezones = zones.flatMap((zone) => {
    const own = spans.filter((span) => span.zone === zone);
    return vtimezone(zone, Math.min(...own.map((span) => span.fromAt)), Math.max(...own.map((span) => span.toAt)));
  });
  const header = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  return icsDocument([...header, ...timezones, ...events, 'END:VCALENDAR']);
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
