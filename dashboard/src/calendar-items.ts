/**
 * What the calendar shows for windows and bookings: one item per window (as the chosen
 * tenant sees it, or across tenants for ops) and one per open booking, each placed on the
 * local date of its start in the shown zone. A window that exists only because of bookings
 * on the list is shown through those bookings, so nothing appears twice.
 */
import { localDateOf } from './calendar-days.ts';
import type { Booking, PatchWindow, ScheduleReason } from './schedule-types.ts';

/** A window's status for the viewer, or a booking's state. */
export type ItemStatus = 'scheduled' | 'skipped' | 'cancelled' | 'requested' | 'confirmed';

/** One window or booking as the calendar places and labels it. */
export interface CalendarItem {
  key: string;
  kind: 'window' | 'booking';
  /** Local date of the start in the shown zone. */
  date: string;
  startAt: number;
  endAt: number;
  trackId: string;
  status: ItemStatus;
  reason: ScheduleReason | null;
  /** Hosts the window patches (for a booking: once its window exists), null when not known yet. */
  hostCount: number | null;
  /** Tenants the window covers (ops overview) or the booking's tenant. */
  tenantIds: string[];
  note: string;
}

/** Whose calendar, which track and which local dates, in which zone. */
export interface ItemScope {
  /** The tenant whose view this is; null for the ops overview of every tenant. */
  tenantId: string | null;
  trackId?: string;
  zone: string;
  fromDate: string;
  toDate: string;
}

const OPEN_STATES = new Set(['requested', 'confirmed']);

function windowItem(window: PatchWindow, tenantId: string | null, zone: string): CalendarItem | null {
  const coverage = tenantId === null ? window.coverage : window.coverage.filter((c) => c.tenantId === tenantId);
  if (tenantId !== null && coverage.length === 0 && window.ownerTenantId !== tenantId) return null;
  const own = tenantId === null ? undefined : coverage[0];
  const status = window.status !== 'scheduled' ? window.status : own?.status === 'skipped' ? 'skipped' : 'scheduled';
  const covered = coverage.filter((c) => c.status === 'covered');
  const startAt = Date.parse(window.startAt);
  return {
    key: `window:${window.id}`,
    kind: 'window',
    date: localDateOf(startAt, zone),
    startAt,
    endAt: Date.parse(window.endAt),
    trackId: window.trackId,
    status,
    reason: window.reason ?? own?.reason ?? null,
    hostCount: covered.reduce((sum, c) => sum + c.hostIds.length, 0),
    tenantIds: covered.map((c) => c.tenantId),
    note: '',
  };
}

function bookingItem(booking: Booking, zone: string, hostCount: number | null): CalendarItem {
  const startAt = Date.parse(booking.slotStartAt);
  return {
    key: `booking:${booking.id}`,
    kind: 'booking',
    date: localDateOf(startAt, zone),
    startAt,
    endAt: Date.parse(booking.slotEndAt),
    trackId: booking.trackId,
    status: booking.state === 'confirmed' ? 'confirmed' : 'requested',
    reason: null,
    hostCount,
    tenantIds: [booking.tenantId],
    note: booking.note,
  };
}

/** The items of `scope`, by start time. */
export function calendarItems(windows: readonly PatchWindow[], bookings: readonly Booking[], scope: ItemScope): CalendarItem[] {
  const open = bookings.filter((b) => OPEN_STATES.has(b.state) && (scope.trackId === undefined || b.trackId === scope.trackId));
  const listed = new Set(open.map((b) => b.id));
  const hostsOfBooking = new Map<string, number>();
  const items: CalendarItem[] = [];
  for (const window of windows) {
    if (scope.trackId !== undefined && window.trackId !== scope.trackId) continue;
    const viaBookings = window.coverage.length > 0 && window.coverage.every((c) => c.via === 'booking' && c.bookingIds.every((id) => listed.has(id)));
    for (const c of window.coverage) for (const id of c.bookingIds) hostsOfBooking.set(id, c.hostIds.length);
    // A slot window whose bookings all went away is an artefact of booking, not news.
    const bookingsGone = window.status === 'cancelled' && window.reason?.code === 'NO_BOOKINGS';
    const item = (viaBookings && window.status === 'scheduled') || bookingsGone ? null : windowItem(window, scope.tenantId, scope.zone);
    if (item) items.push(item);
  }
  for (const booking of open) items.push(bookingItem(booking, scope.zone, hostsOfBooking.get(booking.id) ?? null));
  return items.filter((item) => item.date >= scope.fromDate && item.date <= scope.toDate).sort((a, b) => a.startAt - b.startAt || a.key.localeCompare(b.key));
}

/** Items grouped by date. */
export function itemsByDate(items: readonly CalendarItem[]): Map<string, CalendarItem[]> {
  const byDate = new Map<string, CalendarItem[]>();
  for (const item of items) byDate.set(item.date, [...(byDate.get(item.date) ?? []), item]);
  return byDate;
}
