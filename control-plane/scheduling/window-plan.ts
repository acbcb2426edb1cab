/**
 * Which windows a track should have over the horizon, and whom each covers (pure).
 *
 * - Fixed-cadence tracks: every occurrence is a window, resolved against holidays and the
 *   global freezes (and, for a private track, its owner's freezes, so the library may move a
 *   mid-month weekend). Each subscribed tenant is covered, unless the tenant's own freezes
 *   touch the window or the tenant booked another slot instead of it: then its coverage is
 *   skipped with that reason, and the batch goes ahead for the others.
 * - On-request tracks: only slots with confirmed bookings are windows; they cover exactly
 *   the booking tenants.
 */
import { createHash } from 'node:crypto';
import { formatInstant, formatLocalDate, freezeMask, freezeOn, parseLocalDate, windowsBetween, type FreezePeriod, type HolidayCalendars, type WindowOccurrence } from '../../schedules/core.ts';
import { criticalOverlap, criticalReason, type CriticalSpan } from '../critical/freeze.ts';
import type { PatchWindow, ResolvedTrack, WindowCoverage, WindowReason } from './model.ts';
import { fromSkipReason } from './reasons.ts';
import { isOnRequest } from './tracks.ts';

/** A tenant as one track's plan needs it: the hosts the track patches and the tenant's freezes. */
export interface PlanTenant {
  tenantId: string;
  hostIds: string[];
  freezes: readonly FreezePeriod[];
  /** The tenant's declared critical periods: a window overlapping one does not cover the tenant. */
  critical?: readonly CriticalSpan[];
}

/** A confirmed booking of an on-request track, or one that replaces a batch window. */
export interface PlanBooking {
  id: string;
  tenantId: string;
  slotDate: string;
}

export interface TrackPlanInput {
  resolved: ResolvedTrack;
  /** The horizon: local dates in the track's zone. */
  fromDate: string;
  toDate: string;
  calendars: HolidayCalendars;
  globalFreezes: readonly FreezePeriod[];
  /** The owner's freezes, for a private track. */
  ownerFreezes: readonly FreezePeriod[];
  /** Tenants subscribed to the track (fixed-cadence tracks cover them). */
  subscribers: readonly PlanTenant[];
  /** Confirmed bookings of the track (on-request tracks), and the tenants who made them. */
  bookings: readonly PlanBooking[];
  bookers: ReadonlyMap<string, PlanTenant>;
  /** Confirmed bookings replacing a window of this track, by window id. */
  replacedBy: ReadonlyMap<string, readonly PlanBooking[]>;
}

/** A tenant's part in a planned window, before it is given a revision. */
export type PlannedCoverage = Omit<WindowCoverage, 'revision'>;

/** A window as planned, before the diff gives it versions and its previous times. */
export type PlannedWindow = Omit<PatchWindow, 'version' | 'createdAt' | 'updatedAt' | 'previousStartAt' | 'previousEndAt' | 'coverage'> & { coverage: PlannedCoverage[] };

/** The stable id of a track's occurrence: the same track and preferred date give the same id. */
export function windowId(trackKey: string, occurrenceKey: string): string {
  return `win_${createHash('sha256').update(`${trackKey}|${occurrenceKey}`).digest('base64url').slice(0, 22)}`;
}

/** The windows `input.resolved` should have starting after `now`, each with its coverage. */
export function planTrackWindows(input: TrackPlanInput, now: number): PlannedWindow[] {
  return isOnRequest(input.resolved.track) ? planBookedSlots(input, now) : planOccurrences(input, now);
}

function planOccurrences(input: TrackPlanInput, now: number): PlannedWindow[] {
  const occurrences = windowsBetween(input.resolved.track, input.fromDate, input.toDate, {
    calendars: input.calendars,
    freezes: { global: input.globalFreezes, tenant: input.ownerFreezes },
  });
  return occurrences
    .filter((occurrence) => occurrence.startAt > now)
    .map((occurrence) => {
      const window = shell(input.resolved, occurrence, occurrence.shiftedFrom?.localDate ?? occurrence.localDate);
      const replaced = input.replacedBy.get(window.id) ?? [];
      window.coverage = input.subscribers.map((tenant) => {
        const bookingIds = replaced.filter((b) => b.tenantId === tenant.tenantId).map((b) => b.id);
        const elsewhere: WindowReason | null = bookingIds.length
          ? { code: 'BOOKED_ELSEWHERE', message: `booked another slot instead (${bookingIds.join(', ')})`, detail: { bookingIds } }
          : null;
        return coverageOf(window, tenant, 'subscription', bookingIds, elsewhere);
      });
      return window;
    });
}

function planBookedSlots(input: TrackPlanInput, now: number): PlannedWindow[] {
  const dates = [...new Set(input.bookings.map((b) => b.slotDate))].sort();
  if (dates.length === 0) return [];
  const slots = windowsBetween(input.resolved.track, dates[0], dates[dates.length - 1], {
    calendars: input.calendars,
    freezes: { global: input.globalFreezes, tenant: input.ownerFreezes },
  });
  const byDate = new Map(slots.map((slot) => [slot.localDate, slot]));
  return dates.flatMap((date) => {
    const slot = byDate.get(date);
    if (!slot || slot.startAt <= now) return [];
    const window = shell(input.resolved, slot, date);
    const booked = input.bookings.filter((b) => b.slotDate === date);
    const tenantIds = [...new Set(booked.map((b) => b.tenantId))].sort();
    window.coverage = tenantIds.map((tenantId) => {
      const tenant = input.bookers.get(tenantId) ?? { tenantId, hostIds: [], freezes: [] };
      return coverageOf(window, tenant, 'booking', booked.filter((b) => b.tenantId === tenantId).map((b) => b.id), null);
    });
    return [window];
  });
}

function shell(resolved: ResolvedTrack, occurrence: WindowOccurrence, occurrenceKey: string): PlannedWindow {
  return {
    id: windowId(resolved.key, occurrenceKey),
    trackId: resolved.track.id,
    trackKey: resolved.key,
    ownerTenantId: resolved.ownerTenantId,
    occurrenceKey,
    localDate: occurrence.localDate,
    zone: occurrence.zone,
    startAt: occurrence.startAt,
    endAt: occurrence.endAt,
    cutoffAt: occurrence.cutoffAt,
    noticeBy: occurrence.noticeBy ?? null,
    status: occurrence.status,
    reason: occurrence.reason ? fromSkipReason(occurrence.reason) : null,
    coverage: [],
  };
}

/** A skipped window skips everyone; otherwise the tenant's freezes, its critical periods, then `elsewhere`, may skip it. */
function coverageOf(window: PlannedWindow, tenant: PlanTenant, via: WindowCoverage['via'], bookingIds: string[], elsewhere: WindowReason | null): PlannedCoverage {
  const critical = criticalOverlap(tenant.critical ?? [], window.startAt, window.endAt);
  const reason = window.status === 'skipped' ? window.reason : (tenantFreezeReason(window, tenant.freezes) ?? (critical ? criticalReason(critical) : null) ?? elsewhere);
  const ids = [...bookingIds].sort();
  if (reason) return { tenantId: tenant.tenantId, status: 'skipped', reason, hostIds: [], via, bookingIds: ids };
  return { tenantId: tenant.tenantId, status: 'covered', reason: null, hostIds: [...tenant.hostIds].sort(), via, bookingIds: ids };
}

/** The first of the tenant's freezes touching a local date the window overlaps (in the track's zone). */
export function tenantFreezeReason(window: Pick<PlannedWindow, 'startAt' | 'endAt' | 'zone'>, freezes: readonly FreezePeriod[]): WindowReason | null {
  if (freezes.length === 0) return null;
  const firstDay = parseLocalDate(formatInstant(window.startAt, window.zone).slice(0, 10));
  const lastDay = parseLocalDate(formatInstant(window.endAt - 1, window.zone).slice(0, 10));
  const mask = freezeMask({ tenant: freezes }, firstDay, lastDay);
  for (let day = firstDay; day <= lastDay; day++) {
    const hit = freezeOn(mask, day);
    if (hit) {
      return fromSkipReason({ kind: 'freeze', date: formatLocalDate(day), scope: 'tenant', freezeId: hit.freeze.id, label: hit.freeze.label });
    }
  }
  return null;
}
