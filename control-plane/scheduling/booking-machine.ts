/**
 * The booking state machine, pure and driven by `now`:
 *
 *   (new)      -> requested   the track asks for approval
 *   (new)      -> confirmed   it does not (a private track)
 *   requested  -> confirmed   ops approve (the release's security audit must have passed)
 *   requested  -> rejected    ops reject, with a reason
 *   requested  -> cancelled   the tenant or ops cancel
 *   confirmed  -> cancelled
 *   requested  -> requested   reschedule (tenant) or move (ops, with a reason) to another slot
 *   confirmed  -> requested   a tenant's reschedule needs approval again where the track asks
 *   confirmed  -> confirmed   an ops move, or a reschedule on a track without approval
 *
 * Nothing changes once the slot's cutoff has passed (`BOOKING_CLOSED`); rejected and
 * cancelled bookings are final (`INVALID_TRANSITION`).
 */
import { formatInstant } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { Approval, Booking, BookingState } from './model.ts';
import { requireAuditPassed, type AuditStatus } from './policy.ts';

/** Where a booking sits: one slot of its track. */
export interface SlotPlacement {
  slotDate: string;
  slotStartAt: number;
  slotEndAt: number;
  cutoffAt: number;
}

export type BookingAction =
  | { kind: 'approve'; by: string; reason: string | null; audit: AuditStatus }
  | { kind: 'reject'; by: string; reason: string }
  | { kind: 'cancel'; by: string; reason: string | null }
  | { kind: 'reschedule'; by: string; reason: string | null; slot: SlotPlacement }
  | { kind: 'move'; by: string; reason: string; slot: SlotPlacement };

/** The states each action may start from. */
export const ALLOWED_FROM: Record<BookingAction['kind'], readonly BookingState[]> = {
  approve: ['requested'],
  reject: ['requested'],
  cancel: ['requested', 'confirmed'],
  reschedule: ['requested', 'confirmed'],
  move: ['requested', 'confirmed'],
};

/** What a new booking is made of besides its state. */
export interface NewBooking extends SlotPlacement {
  id: string;
  tenantId: string;
  trackId: string;
  trackKey: string;
  approval: Approval;
  releaseId: string | null;
  insteadOfWindowId: string | null;
  note: string;
  by: string;
}

/** A new booking: confirmed at once when its route needs no approval, else requested. */
export function newBooking(input: NewBooking, audit: AuditStatus, now: number): Booking {
  requireAuditPassed(audit, input.releaseId);
  const { by, ...rest } = input;
  const confirmed = input.approval === 'none';
  return {
    ...rest,
    state: confirmed ? 'confirmed' : 'requested',
    requestedAt: now,
    requestedBy: by,
    confirmedAt: confirmed ? now : null,
    confirmedBy: confirmed ? by : null,
    rejectedAt: null,
    rejectedBy: null,
    cancelledAt: null,
    cancelledBy: null,
    reason: null,
    version: 1,
    updatedAt: now,
  };
}

/** Throws `INVALID_TRANSITION` when `kind` cannot start from the booking's state, `BOOKING_CLOSED` past its cutoff. */
export function requireTransition(booking: Booking, kind: BookingAction['kind'], now: number): void {
  if (!ALLOWED_FROM[kind].includes(booking.state)) {
    throw new AppError('INVALID_TRANSITION', `cannot ${kind} a ${booking.state} booking`, { state: booking.state, action: kind });
  }
  if (now >= booking.cutoffAt) {
    throw new AppError('BOOKING_CLOSED', `booking ${booking.id} can no longer change: the slot of ${booking.slotDate} is past its cutoff`, { cutoffAt: formatInstant(booking.cutoffAt, 'UTC') });
  }
}

/** The booking after `action` at `now`; throws `INVALID_TRANSITION`, `BOOKING_CLOSED` or an audit code. */
export function nextBooking(booking: Booking, action: BookingAction, now: number): Booking {
  requireTransition(booking, action.kind, now);
  const base = { ...booking, reason: action.reason, version: booking.version + 1, updatedAt: now };
  switch (action.kind) {
    case 'approve':
      requireAuditPassed(action.audit, booking.releaseId);
      return { ...base, state: 'confirmed', confirmedAt: now, confirmedBy: action.by };
    case 'reject':
      return { ...base, state: 'rejected', rejectedAt: now, rejectedBy: action.by };
    case 'cancel':
      return { ...base, state: 'cancelled', cancelledAt: now, cancelledBy: action.by };
    case 'reschedule':
    case 'move': {
      if (action.slot.slotDate === booking.slotDate) throw new AppError('VALIDATION_FAILED', `booking ${booking.id} is already in the slot of ${booking.slotDate}`);
      const placed = { ...base, ...action.slot };
      // A tenant's new slot is a new request where the track asks for approval; an ops move is not.
      if (action.kind === 'move' || booking.approval === 'none') return placed;
      return { ...placed, state: 'requested', confirmedAt: null, confirmedBy: null };
    }
  }
}

/** True when a change from `before` to `after` can alter which tenants a window covers. */
export function touchesCoverage(before: Booking | null, after: Booking): boolean {
  const covering = (b: Booking | null) => b?.state === 'confirmed';
  return covering(before) || covering(after);
}
