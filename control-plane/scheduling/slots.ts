/**
 * Bookable slots of on-request tracks for one tenant at `now`: each with its remaining
 * capacity, or the first reason it cannot be booked. The same check guards a booking, so
 * what the list says and what a booking gets never disagree.
 */
import { formatInstant, slotsBetween, type FreezePeriod, type HolidayCalendars, type Slot } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import { criticalOverlap, criticalReason, type CriticalSpan } from '../critical/freeze.ts';
import type { ResolvedTrack } from './model.ts';
import type { AuditStatus } from './policy.ts';
import { fromSkipReason } from './reasons.ts';
import { isOnRequest } from './tracks.ts';

/** Why a slot cannot be booked now; also the error code a booking of it gets. */
export type SlotReasonCode = 'SLOT_FULL' | 'IN_FREEZE' | 'IN_CRITICAL_PERIOD' | 'HOLIDAY' | 'TOO_SOON' | 'AUDIT_PENDING' | 'PAST_CUTOFF' | 'UNKNOWN_CALENDAR';

export interface SlotBlock {
  code: SlotReasonCode;
  message: string;
  detail?: Record<string, unknown>;
}

/** One slot as a tenant sees it; `reason` null means bookable. */
export interface SlotView {
  slotDate: string;
  startAt: number;
  endAt: number;
  cutoffAt: number;
  bookBeforeAt: number;
  capacity: number | null;
  booked: number;
  remaining: number | null;
  reason: SlotBlock | null;
  /** The tenant's own active booking of this slot, if any. */
  yourBookingId: string | null;
}

/** What a slot check reads besides the track and `now`. */
export interface SlotContext {
  resolved: ResolvedTrack;
  calendars: HolidayCalendars;
  globalFreezes: readonly FreezePeriod[];
  /** The booking tenant's freezes as rules (none for an ops overview). */
  tenantFreezes: readonly FreezePeriod[];
  /** The booking tenant's declared critical periods (none for an ops overview). */
  critical?: readonly CriticalSpan[];
  /** Active bookings per slot date. */
  booked: ReadonlyMap<string, number>;
  /** The tenant's active booking per slot date. */
  own: ReadonlyMap<string, string>;
  audit: AuditStatus;
  /** Ops moving a booking may go below the minimum lead time (never past the cutoff). */
  ignoreLead?: boolean;
}

/** Throws `TRACK_NOT_BOOKABLE` unless the track has bookable slots. */
export function requireOnRequest(resolved: ResolvedTrack): void {
  if (!isOnRequest(resolved.track)) {
    throw new AppError('TRACK_NOT_BOOKABLE', `track ${resolved.track.id} has fixed windows, not bookable slots`, { trackId: resolved.track.id });
  }
}

/** Every slot whose local date is in [fromDate, toDate], bookable or with its reason. */
export function slotViews(context: SlotContext, fromDate: string, toDate: string, now: number): SlotView[] {
  requireOnRequest(context.resolved);
  const slots = slotsBetween(context.resolved.track, fromDate, toDate, {
    calendars: context.calendars,
    freezes: { global: context.globalFreezes, tenant: context.tenantFreezes },
  });
  return slots.map((slot) => view(context, slot, now));
}

/** The slot on `slotDate`; throws `NOT_FOUND` when the track has none that day. */
export function slotOn(context: SlotContext, slotDate: string, now: number): SlotView {
  const slot = slotViews(context, slotDate, slotDate, now)[0];
  if (!slot) throw new AppError('NOT_FOUND', `track ${context.resolved.track.id} has no slot on ${slotDate}`);
  return slot;
}

/** Throws the slot's reason as an error with the same code, when it is not bookable. */
export function requireBookable(slot: SlotView): void {
  if (slot.reason) throw new AppError(slot.reason.code, slot.reason.message, { slotDate: slot.slotDate, ...slot.reason.detail });
}

function view(context: SlotContext, slot: Slot, now: number): SlotView {
  const capacity = context.resolved.track.capacity ?? null;
  const booked = context.booked.get(slot.localDate) ?? 0;
  const cutoffAt = slot.endAt - context.resolved.track.cutoffMs;
  return {
    slotDate: slot.localDate,
    startAt: slot.startAt,
    endAt: slot.endAt,
    cutoffAt,
    bookBeforeAt: slot.bookBeforeAt,
    capacity,
    booked,
    remaining: capacity === null ? null : Math.max(0, capacity - booked),
    reason: blockOf(context, slot, { cutoffAt, capacity, booked }, now),
    yourBookingId: context.own.get(slot.localDate) ?? null,
  };
}

/** Order: what time rules out for good, then the calendar and critical periods, then the audit, then capacity. */
function blockOf(context: SlotContext, slot: Slot, use: { cutoffAt: number; capacity: number | null; booked: number }, now: number): SlotBlock | null {
  if (now >= use.cutoffAt) return { code: 'PAST_CUTOFF', message: `the slot of ${slot.localDate} is past its cutoff` };
  if (now > slot.bookBeforeAt && !context.ignoreLead) {
    return { code: 'TOO_SOON', message: `the slot of ${slot.localDate} needs booking ${slot.minLeadMs / 3_600_000}h ahead`, detail: { bookBeforeAt: formatInstant(slot.bookBeforeAt, 'UTC') } };
  }
  if (slot.blocked) {
    const reason = fromSkipReason(slot.blocked);
    return { code: reason.code as SlotReasonCode, message: reason.message, detail: reason.detail };
  }
  const critical = criticalOverlap(context.critical ?? [], slot.startAt, slot.endAt);
  if (critical) return criticalReason(critical);
  if (context.audit !== 'not-required' && context.audit !== 'approved') {
    return { code: 'AUDIT_PENDING', message: `the release needs an approved security audit (${context.audit})`, detail: { audit: context.audit } };
  }
  if (use.capacity !== null && use.booked >= use.capacity) return { code: 'SLOT_FULL', message: `the slot of ${slot.localDate} is full (${use.capacity} places)` };
  return null;
}
