/**
 * The notice planner and the calendar feeds read windows, bookings and freezes from the
 * scheduling tables through these adapters: one `NoticeWindow` per (window, tenant it
 * concerns), one feed per tenant.
 */
import { formatInstant } from '../../schedules/core.ts';
import { freezeRules } from '../scheduling/freeze-rules.ts';
import type { PatchWindow, Release } from '../scheduling/model.ts';
import type { SchedulingService } from '../scheduling/service.ts';
import type { FleetState } from '../services/fleet-state.ts';
import type { Store } from '../store/types.ts';
import { freezeRanges, type CalendarEvent, type CalendarSource } from './calendar.ts';
import type { NoticeSource, NoticeWindow } from './model.ts';

export interface SchedulingSourceDeps {
  store: Store;
  fleet: FleetState;
  /** Resolved lazily: the scheduling plugin registers after this adapter is made. */
  scheduling: () => SchedulingService;
}

const DAY_MS = 86_400_000;
const LOOKUP_LIMIT = 10_000;

/** The newest release registered for the track (the tenant's own first), shown in notices. */
function releaseFor(store: Store, window: PatchWindow, tenantId: string): Release | undefined {
  const releases = store.releases.list({ trackId: window.trackId, visibleTo: tenantId, limit: 20 });
  return releases.find((r) => r.tenantId === tenantId) ?? releases[0];
}

function noticeWindows(deps: SchedulingSourceDeps, window: PatchWindow): NoticeWindow[] {
  const { store, fleet } = deps;
  let trackName = window.trackId;
  let noticeDays = 0;
  try {
    const resolved = deps.scheduling().resolve(window.trackId, window.ownerTenantId);
    trackName = resolved.track.name;
    noticeDays = resolved.track.noticeDays ?? 0;
  } catch {
    // A track dropped from the catalog still has its windows told by id.
  }
  return window.coverage.flatMap((coverage) => {
    const tenant = store.tenants.get(coverage.tenantId);
    if (!tenant) return [];
    const release = releaseFor(store, window, tenant.id);
    const status = window.status !== 'scheduled' ? window.status : coverage.status === 'covered' ? 'scheduled' : 'skipped';
    return [
      {
        windowId: window.id,
        trackId: window.trackId,
        trackName,
        tenantId: tenant.id,
        tenantName: tenant.name,
        timeZone: tenant.timeZone,
        startsAt: window.startAt,
        endsAt: window.endAt,
        status,
        version: coverage.revision,
        ...(window.previousStartAt !== null && window.previousEndAt !== null ? { previous: { startsAt: window.previousStartAt, endsAt: window.previousEndAt } } : {}),
        noticeDays,
        hostNames: coverage.hostIds.map((id) => fleet.get(id)?.name ?? id),
        ...(release ? { release: { version: release.version, kind: release.kind } } : {}),
      },
    ];
  });
}

export function schedulingNoticeSource(deps: SchedulingSourceDeps): NoticeSource {
  return {
    windows(query) {
      const windows =
        'windowIds' in query
          ? query.windowIds.flatMap((id) => deps.store.windows.get(id) ?? [])
          : deps.store.windows.list({ fromAt: query.fromAt - DAY_MS, toAt: query.toAt, limit: LOOKUP_LIMIT }).filter((w) => w.endAt >= query.fromAt);
      return windows.flatMap((window) => noticeWindows(deps, window));
    },
  };
}

function windowEvent(window: PatchWindow, tenantId: string, trackName: string): CalendarEvent | null {
  const coverage = window.coverage.find((c) => c.tenantId === tenantId);
  if (!coverage && window.ownerTenantId !== tenantId) return null;
  const skipped = coverage?.status === 'skipped';
  return {
    uid: `window-${window.id}-${tenantId}@tideway`,
    kind: 'window',
    startsAt: window.startAt,
    endsAt: window.endAt,
    timeZone: window.zone,
    summary: `${trackName}${skipped ? ' (not for you)' : ''}`,
    description: `${window.trackId} ${window.localDate}${coverage ? `, ${coverage.hostIds.length} host(s)` : ''}${window.reason ? `, ${window.reason.code}` : ''}`,
    status: window.status === 'cancelled' || skipped ? 'cancelled' : 'confirmed',
    sequence: coverage?.revision ?? window.version,
  };
}

export function schedulingCalendarSource(deps: SchedulingSourceDeps): CalendarSource {
  return {
    tenantCalendar(tenantId, range) {
      const { store } = deps;
      const tenant = store.tenants.get(tenantId);
      if (!tenant) return { events: [], freezes: [] };
      const names = new Map(deps.scheduling().tracksFor(tenantId).map((r) => [r.track.id, r.track.name]));
      const windows = store.windows.list({ tenantId, fromAt: range.fromAt, toAt: range.toAt, limit: LOOKUP_LIMIT });
      const events = windows.flatMap((w) => windowEvent(w, tenantId, names.get(w.trackId) ?? w.trackId) ?? []);
      for (const booking of store.bookings.list({ tenantId, limit: LOOKUP_LIMIT })) {
        if (booking.slotEndAt < range.fromAt || booking.slotStartAt > range.toAt || booking.state === 'rejected') continue;
        events.push({
          uid: `booking-${booking.id}@tideway`,
          kind: 'booking',
          startsAt: booking.slotStartAt,
          endsAt: booking.slotEndAt,
          timeZone: tenant.timeZone,
          summary: `Booked: ${names.get(booking.trackId) ?? booking.trackId}`,
          description: booking.note || undefined,
          status: booking.state === 'confirmed' ? 'confirmed' : booking.state === 'cancelled' ? 'cancelled' : 'tentative',
        });
      }
      const fromDate = formatInstant(range.fromAt, tenant.timeZone).slice(0, 10);
      const toDate = formatInstant(range.toAt, tenant.timeZone).slice(0, 10);
      const freezes = freezeRanges({ tenant: freezeRules(store.tenantSchedules.freezes(tenantId), fromDate, toDate) }, fromDate, toDate);
      return { events, freezes };
    },
  };
}
