/**
 * Bookings: every check and the write happen inside one synchronous transaction, so the
 * last place of a slot goes to exactly one request and the others get `SLOT_FULL` with
 * nothing changed. Each change is audited with who, what and why.
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import { newBooking, nextBooking, requireTransition, type BookingAction, type SlotPlacement } from './booking-machine.ts';
import { resolveTrack, subscriptionFor, type Actor, type SchedulingDeps } from './deps.ts';
import type { Booking, ResolvedTrack } from './model.ts';
import { approvalFor, auditStatus, bookingRoute, requireAuditPassed, type AuditStatus } from './policy.ts';
import { requireInHorizon, slotContext, visibleRelease } from './slot-service.ts';
import { requireBookable, requireOnRequest, slotOn } from './slots.ts';
import { batchTracksWithAlternative } from './tracks.ts';

export interface BookingRequest {
  tenantId: string;
  trackId: string;
  slotDate: string;
  releaseId?: string | null;
  insteadOfWindowId?: string | null;
  note?: string;
}

/** A change to a booking as callers ask for it. */
export type BookingCommand =
  | { kind: 'cancel'; reason: string | null }
  | { kind: 'reschedule'; slotDate: string; reason: string | null }
  | { kind: 'approve'; reason: string | null }
  | { kind: 'reject'; reason: string }
  | { kind: 'move'; slotDate: string; reason: string };

/** A booking before and after one change (`before` null for a new booking). */
export interface BookingChange {
  action: string;
  before: Booking | null;
  after: Booking;
}

/** Books one slot for `request.tenantId`. */
export function requestBooking(deps: SchedulingDeps, request: BookingRequest, by: Actor, now: number): BookingChange {
  return deps.store.transaction(() => {
    const resolved = resolveTrack(deps, request.trackId, request.tenantId);
    requireOnRequest(resolved);
    const insteadOf = accessOf(deps, resolved, request.tenantId, request.insteadOfWindowId ?? null, now);
    const release = request.releaseId ? visibleRelease(deps, request.releaseId, request.tenantId) : null;
    if (release && release.trackId !== resolved.track.id) throw new AppError('VALIDATION_FAILED', `release ${release.id} is for track ${release.trackId}, not ${resolved.track.id}`);
    if (!release && resolved.track.prerequisites.includes('security-audit')) {
      throw new AppError('RELEASE_REQUIRED', `track ${resolved.track.id} needs the releaseId of an audited customisation release`);
    }
    const audit = auditStatus(release, resolved);
    requireAuditPassed(audit, release?.id ?? null);
    const placement = placeInSlot(deps, resolved, request.tenantId, request.slotDate, audit, now, false);
    const booking = newBooking(
      {
        ...placement,
        id: newId('bkg'),
        tenantId: request.tenantId,
        trackId: resolved.track.id,
        trackKey: resolved.key,
        approval: approvalFor(bookingRoute(resolved, insteadOf.viaAlternative)),
        releaseId: release?.id ?? null,
        insteadOfWindowId: insteadOf.windowId,
        note: request.note ?? '',
        by: by.actor,
      },
      audit,
      now,
    );
    deps.store.bookings.create(booking);
    const change = { action: booking.state === 'confirmed' ? 'confirmed' : 'requested', before: null, after: booking };
    auditBooking(deps, change, by.actor, now);
    return change;
  });
}

/** Applies one command to a booking the actor may see. */
export function changeBooking(deps: SchedulingDeps, bookingId: string, command: BookingCommand, by: Actor, now: number): BookingChange {
  return deps.store.transaction(() => {
    const booking = deps.store.bookings.get(bookingId);
    if (!booking || (by.tenantId !== null && booking.tenantId !== by.tenantId)) throw new AppError('NOT_FOUND', `booking ${bookingId} not found`);
    const resolved = resolveTrack(deps, booking.trackId, booking.tenantId);
    const release = booking.releaseId ? (deps.store.releases.get(booking.releaseId) ?? null) : null;
    const audit = auditStatus(release, resolved);
    const after = nextBooking(booking, actionOf(deps, resolved, booking, command, audit, by.actor, now), now);
    deps.store.bookings.update(after);
    const change = { action: pastTense[command.kind], before: booking, after };
    auditBooking(deps, change, by.actor, now);
    return change;
  });
}

const pastTense: Record<BookingCommand['kind'], string> = { cancel: 'cancelled', reschedule: 'rescheduled', approve: 'approved', reject: 'rejected', move: 'moved' };

function actionOf(deps: SchedulingDeps, resolved: ResolvedTrack, booking: Booking, command: BookingCommand, audit: AuditStatus, by: string, now: number): BookingAction {
  switch (command.kind) {
    case 'approve':
      return { kind: 'approve', by, reason: command.reason, audit };
    case 'reject':
    case 'cancel':
      return { kind: command.kind, by, reason: command.reason } as BookingAction;
    case 'reschedule':
    case 'move': {
      // Whether the booking can change at all comes before anything about the new slot.
      requireTransition(booking, command.kind, now);
      const slot = placeInSlot(deps, resolved, booking.tenantId, command.slotDate, audit, now, command.kind === 'move');
      return { kind: command.kind, by, reason: command.reason ?? '', slot } as BookingAction;
    }
  }
}

/** The slot on `slotDate` if the tenant may take a place in it now; throws the reason otherwise. */
function placeInSlot(deps: SchedulingDeps, resolved: ResolvedTrack, tenantId: string, slotDate: string, audit: AuditStatus, now: number, ignoreLead: boolean): SlotPlacement {
  requireInHorizon(deps, resolved, slotDate, now);
  const slot = slotOn(slotContext(deps, resolved, tenantId, audit, { fromDate: slotDate, toDate: slotDate }, now, ignoreLead), slotDate, now);
  // Full before already-booked: losers of a race for the last place all hear SLOT_FULL.
  requireBookable(slot);
  if (slot.yourBookingId) throw new AppError('ALREADY_BOOKED', `the tenant already holds booking ${slot.yourBookingId} in the slot of ${slotDate}`, { bookingId: slot.yourBookingId });
  return { slotDate: slot.slotDate, slotStartAt: slot.startAt, slotEndAt: slot.endAt, cutoffAt: slot.cutoffAt };
}

/**
 * How the tenant may book the track: its own private track, a subscription to it, or as the
 * alternative of a batch track it follows (then the batch window replaced: the one named,
 * or the next scheduled window covering the tenant). `NOT_SUBSCRIBED` otherwise.
 */
function accessOf(deps: SchedulingDeps, resolved: ResolvedTrack, tenantId: string, named: string | null, now: number): { viaAlternative: boolean; windowId: string | null } {
  if (resolved.ownerTenantId !== null) return { viaAlternative: false, windowId: null };
  const subscriptions = deps.store.tenantSchedules.subscriptions(tenantId);
  const batchIds = new Set(batchTracksWithAlternative(deps.catalog, resolved.track.id).map((t) => t.id).filter((id) => subscriptions.some((s) => s.trackId === id)));
  if (named !== null) {
    const window = deps.store.windows.get(named);
    const mine = window?.coverage.find((c) => c.tenantId === tenantId);
    if (!window || !batchIds.has(window.trackId) || !mine) throw new AppError('NOT_FOUND', `batch window ${named} not found`);
    if (window.status !== 'scheduled' || window.startAt <= now) throw new AppError('VALIDATION_FAILED', `window ${named} is ${window.startAt <= now ? 'under way or over' : window.status}: nothing to replace`);
    return { viaAlternative: true, windowId: window.id };
  }
  if (!subscriptionFor(deps, subscriptions, resolved)) throw new AppError('NOT_SUBSCRIBED', `the tenant does not follow track ${resolved.track.id} or a batch track it is the alternative of`);
  if (subscriptions.some((s) => s.trackId === resolved.track.id)) return { viaAlternative: false, windowId: null };
  const upcoming = [...batchIds].flatMap((trackId) =>
    deps.store.windows.list({ trackId, tenantId, status: 'scheduled', fromAt: now + 1, toAt: now + deps.horizonDays * 86_400_000 + 86_400_000, limit: 10 }),
  );
  const next = upcoming.filter((w) => w.coverage.some((c) => c.tenantId === tenantId && c.status === 'covered')).sort((a, b) => a.startAt - b.startAt)[0];
  return { viaAlternative: true, windowId: next?.id ?? null };
}

function auditBooking(deps: SchedulingDeps, change: BookingChange, actor: string, now: number): void {
  const { before, after } = change;
  deps.store.audit.append({
    at: now,
    actor,
    action: `booking.${change.action}`,
    tenantId: after.tenantId,
    target: after.id,
    details: {
      why: after.reason,
      trackId: after.trackId,
      slotDate: after.slotDate,
      state: after.state,
      ...(before ? { from: { state: before.state, slotDate: before.slotDate } } : {}),
      releaseId: after.releaseId,
      insteadOfWindowId: after.insteadOfWindowId,
      version: after.version,
    },
  });
}
