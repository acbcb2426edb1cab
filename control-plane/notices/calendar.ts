/**
 * A tenant's calendar feed: its windows and bookings as timed events in their zones (with a
 * VTIMEZONE each, from the schedules library's writer) and its freezes as all-day events, so
 * a calendar client subscribed to the feed URL shows them on the right days.
 */
import { forEachRange, type FreezeSet } from '../../schedules/freezes.ts';
import { escapeText, icsDate, icsDocument, icsLocalDateTime, icsUtcDateTime, vtimezone } from '../../schedules/ics-write.ts';
import { formatLocalDate, parseLocalDate } from '../../schedules/local-date.ts';

/** A window or booking of the tenant. */
export interface CalendarEvent {
  /** Stable across fetches (and unique in the feed), so clients update events in place. */
  uid: string;
  kind: 'window' | 'booking';
  startsAt: number;
  endsAt: number;
  /** The IANA zone the event is written in (the track's or the tenant's). */
  timeZone: string;
  summary: string;
  description?: string;
  /** `tentative` for a booking still waiting for approval; `cancelled` for a cancelled window. */
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** Goes up when the event changes (the window's version), so clients take the new times. */
  sequence?: number;
}

/** A frozen date range of the tenant (its own or a global one), as local dates. */
export interface CalendarFreeze {
  uid: string;
  summary: string;
  description?: string;
  /** First frozen date, `YYYY-MM-DD`. */
  fromDate: string;
  /** Last frozen date (inclusive), `YYYY-MM-DD`. */
  toDate: string;
}

/** What a feed shows. */
export interface TenantCalendar {
  events: CalendarEvent[];
  freezes: CalendarFreeze[];
}

/** Where feeds read a tenant's calendar from; the scheduling side implements it. */
export interface CalendarSource {
  /** The tenant's windows, bookings and freezes overlapping [fromAt, toAt]; synchronous. */
  tenantCalendar(tenantId: string, range: { fromAt: number; toAt: number }): TenantCalendar;
}

/** A source with nothing in it: the feed of a build whose scheduling is not wired in. */
export const EMPTY_CALENDAR_SOURCE: CalendarSource = { tenantCalendar: () => ({ events: [], freezes: [] }) };

/** Freeze rules as the dated ranges they cover in [fromDate, toDate] (uids from the rule id and first date). */
export function freezeRanges(freezes: FreezeSet, fromDate: string, toDate: string): CalendarFreeze[] {
  const [firstDay, lastDay] = [parseLocalDate(fromDate), parseLocalDate(toDate)];
  const ranges: CalendarFreeze[] = [];
  for (const [scope, list] of [['global', freezes.global ?? []], ['tenant', freezes.tenant ?? []]] as const) {
    for (const freeze of list) {
      forEachRange(freeze, firstDay, lastDay, (from, to) => {
        if (to < firstDay || from > lastDay) return;
        ranges.push({ uid: `freeze-${scope}-${freeze.id}-${formatLocalDate(from)}@tideway`, summary: freeze.label, fromDate: formatLocalDate(from), toDate: formatLocalDate(to) });
      });
    }
  }
  return ranges;
}

const STATUS = { confirmed: 'CONFIRMED', tentative: 'TENTATIVE', cancelled: 'CANCELLED' } as const;

function eventLines(event: CalendarEvent, stamp: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${event.timeZone}:${icsLocalDateTime(event.startsAt, event.timeZone)}`,
    `DTEND;TZID=${event.timeZone}:${icsLocalDateTime(event.endsAt, event.timeZone)}`,
    ...(event.sequence === undefined ? [] : [`SEQUENCE:${event.sequence}`]),
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    `CATEGORIES:${event.kind === 'window' ? 'UPDATE-WINDOW' : 'BOOKING'}`,
    `STATUS:${STATUS[event.status]}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

function freezeLines(freeze: CalendarFreeze, stamp: string): string[] {
  // An all-day event ends on the day after its last date (RFC 5545, DTEND is exclusive).
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(freeze.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icsDate(parseLocalDate(freeze.fromDate))}`,
    `DTEND;VALUE=DATE:${icsDate(parseLocalDate(freeze.toDate) + 1)}`,
    `SUMMARY:${escapeText(freeze.summary)}`,
    ...(freeze.description ? [`DESCRIPTION:${escapeText(freeze.description)}`] : []),
    'CATEGORIES:FREEZE',
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The feed document; `generatedAt` becomes every DTSTAMP. */
export function tenantCalendarIcs(calendar: TenantCalendar, options: { generatedAt: number; name: string }): string {
  const stamp = icsUtcDateTime(options.generatedAt);
  const zones = new Map<string, { fromAt: number; toAt: number }>();
  for (const event of calendar.events) {
    const span = zones.get(event.timeZone);
    zones.set(event.timeZone, { fromAt: Math.min(span?.fromAt ?? event.startsAt, event.startsAt), toAt: Math.max(span?.toAt ?? event.endsAt, event.endsAt) });
  }
  const timezones = [...zones.keys()].sort().flatMap((zone) => vtimezone(zone, zones.get(zone)!.fromAt, zones.get(zone)!.toAt));
  return icsDocument([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tideway//Tenant calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    // Clients that honour it poll hourly; a window moved in the meantime shows up within the hour.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...timezones,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    ...calendar.freezes.flatMap((freeze) => freezeLines(freeze, stamp)),
    'END:VCALENDAR',
  ]);
}
