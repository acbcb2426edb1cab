/** Slot listings for one tenant (or an ops overview), read from the store and the calendar. */
import { formatLocalDate, isLocalDate, parseLocalDate } from '../../schedules/core.ts';
import { declaredSpans } from '../critical/freeze.ts';
import { AppError } from '../errors.ts';
import { horizonDates, tenantRules, type SchedulingDeps } from './deps.ts';
import type { Release, ResolvedTrack } from './model.ts';
import { auditStatus, type AuditStatus } from './policy.ts';
import { slotViews, type SlotContext, type SlotView } from './slots.ts';

/** Listings default to four weeks from today; a longer range is allowed up to the horizon. */
const DEFAULT_LIST_DAYS = 27;

/** The release `releaseId` if `tenantId` may use it (a shared release, or its own); `NOT_FOUND` otherwise. */
export function visibleRelease(deps: SchedulingDeps, releaseId: string, tenantId: string | null): Release {
  const release = deps.store.releases.get(releaseId);
  if (!release || (tenantId !== null && release.tenantId !== null && release.tenantId !== tenantId)) throw new AppError('NOT_FOUND', `release ${releaseId} not found`);
  return release;
}

/** What slot checks need for `tenantId` (none: an ops overview without tenant freezes) over [fromDate, toDate]. */
export function slotContext(
  deps: SchedulingDeps,
  resolved: ResolvedTrack,
  tenantId: string | null,
  audit: AuditStatus,
  range: { fromDate: string; toDate: string },
  now: number,
  ignoreLead = false,
): SlotContext {
  const booked = new Map<string, number>();
  const own = new Map<string, string>();
  for (const booking of deps.store.bookings.activeBySlot(resolved.key, range.fromDate, range.toDate)) {
    booked.set(booking.slotDate, (booked.get(booking.slotDate) ?? 0) + 1);
    if (booking.tenantId === tenantId) own.set(booking.slotDate, booking.id);
  }
  return {
    resolved,
    calendars: deps.calendars,
    globalFreezes: deps.globalFreezes,
    tenantFreezes: tenantId === null ? [] : tenantRules(deps, tenantId, now),
    critical: tenantId === null ? [] : declaredSpans(deps.store, tenantId, now),
    booked,
    own,
    audit,
    ignoreLead,
  };
}

/**
 * For a track that needs an audited release: the named release's audit, or without one,
 * `approved` when the tenant has any release of the track whose latest audit passed.
 */
export function listingAudit(deps: SchedulingDeps, resolved: ResolvedTrack, tenantId: string | null, releaseId: string | undefined): AuditStatus {
  if (releaseId) return auditStatus(visibleRelease(deps, releaseId, tenantId), resolved);
  const base = auditStatus(null, resolved);
  if (base === 'not-required' || tenantId === null) return base;
  const releases = deps.store.releases.list({ trackId: resolved.track.id, visibleTo: tenantId, limit: 200 });
  return releases.some((r) => auditStatus(r, resolved) === 'approved') ? 'approved' : base;
}

/** Checks a requested date range against the horizon; defaults to four weeks from today. */
export function slotRange(deps: SchedulingDeps, resolved: ResolvedTrack, now: number, fromDate?: string, toDate?: string): { fromDate: string; toDate: string } {
  const horizon = horizonDates(resolved.track.zone, now, deps.horizonDays);
  const from = fromDate ?? horizon.fromDate;
  const to = toDate ?? formatLocalDate(parseLocalDate(from) + DEFAULT_LIST_DAYS);
  if (!isLocalDate(from) || !isLocalDate(to)) throw new AppError('VALIDATION_FAILED', 'from and to must be dates YYYY-MM-DD, e.g. 2026-05-01');
  if (to < from || parseLocalDate(to) - parseLocalDate(from) > deps.horizonDays) {
    throw new AppError('VALIDATION_FAILED', `to must not be before from, and the range at most ${deps.horizonDays} days`);
  }
  return { fromDate: from, toDate: to };
}

/** The slots of an on-request track for a tenant, each bookable or with its reason. */
export function listSlots(deps: SchedulingDeps, resolved: ResolvedTrack, tenantId: string | null, query: { fromDate?: string; toDate?: string; releaseId?: string }, now: number): { fromDate: string; toDate: string; slots: SlotView[] } {
  const range = slotRange(deps, resolved, now, query.fromDate, query.toDate);
  const context = slotContext(deps, resolved, tenantId, listingAudit(deps, resolved, tenantId, query.releaseId), range, now);
  return { ...range, slots: slotViews(context, range.fromDate, range.toDate, now) };
}

/** Throws `VALIDATION_FAILED` unless `slotDate` is within [today, today + horizon] of the track. */
export function requireInHorizon(deps: SchedulingDeps, resolved: ResolvedTrack, slotDate: string, now: number): void {
  const { fromDate, toDate } = horizonDates(resolved.track.zone, now, deps.horizonDays);
  if (slotDate < fromDate || slotDate > toDate) throw new AppError('VALIDATION_FAILED', `slotDate must be from ${fromDate} to ${toDate} (the ${deps.horizonDays}-day horizon)`);
}
