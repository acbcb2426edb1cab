/**
 * Patching of the period: windows held or skipped for the tenant, patch-plan outcomes per
 * host (plan_events), and on-request slots requested, honoured and moved. Pure.
 */
import type { Booking, PatchWindow } from '../scheduling/model.ts';
import type { ReportPlanEvent } from '../store/types.ts';
import { iso, tally, trace } from './figures.ts';
import type { BookingRow, PatchingSection, PlanOutcomeRow, ReportPeriod, WindowRow } from './model.ts';

/** One window as the tenant saw it: held once ended, else upcoming; skipped or cancelled with the reason code. */
export function windowRow(window: PatchWindow, tenantId: string, hostIdsOfTenant: readonly string[], now: number): WindowRow {
  const coverage = window.coverage.find((c) => c.tenantId === tenantId);
  const base = { id: window.id, trackId: window.trackId, startAt: iso(window.startAt), endAt: iso(window.endAt) };
  const hostIds = coverage && coverage.hostIds.length > 0 ? coverage.hostIds : [...hostIdsOfTenant];
  if (window.status === 'cancelled') return { ...base, status: 'cancelled', reason: window.reason?.code ?? null, hostIds };
  if (window.status === 'skipped' || coverage?.status === 'skipped') {
    return { ...base, status: 'skipped', reason: coverage?.reason?.code ?? window.reason?.code ?? null, hostIds };
  }
  return { ...base, status: window.endAt <= now ? 'held' : 'upcoming', reason: null, hostIds };
}

/** The tenant's windows starting in the period, by outcome. */
export function windowsFigures(windows: readonly PatchWindow[], tenantId: string, hostIdsOfTenant: readonly string[], period: ReportPeriod, now: number): PatchingSection['windows'] {
  const items = windows
    .filter((w) => w.startAt >= period.fromAt && w.startAt < period.toAt)
    .filter((w) => w.ownerTenantId === tenantId || w.coverage.some((c) => c.tenantId === tenantId))
    .sort((a, b) => a.startAt - b.startAt)
    .map((w) => windowRow(w, tenantId, hostIdsOfTenant, now));
  const count = (status: WindowRow['status']) => items.filter((row) => row.status === status).length;
  return {
    held: count('held'),
    upcoming: count('upcoming'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    skipReasons: tally(items.filter((row) => row.status === 'skipped').map((row) => row.reason ?? 'none')),
    items,
    trace: trace('windows, window_coverage (start_at in period)', { tenantId, fromAt: iso(period.fromAt), toAt: iso(period.toAt), now: iso(now) }, items.map((row) => row.id)),
  };
}

const TERMINAL = new Set(['succeeded', 'failed', 'rolled-back']);

/** The last terminal state of each (plan, host): a retried plan counts once, as it ended. */
export function planFigures(events: readonly ReportPlanEvent[], hostNames: ReadonlyMap<string, string>, period: ReportPeriod): PatchingSection['plans'] {
  const last = new Map<string, ReportPlanEvent>();
  for (const event of events) {
    if (!TERMINAL.has(event.state) || event.at < period.fromAt || event.at >= period.toAt) continue;
    const key = `${event.planId}\u0000${event.hostId}`;
    const seen = last.get(key);
    if (!seen || event.at > seen.at || (event.at === seen.at && event.id > seen.id)) last.set(key, event);
  }
  const items: PlanOutcomeRow[] = [...last.values()]
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map((e) => ({
      planId: e.planId,
      rolloutId: e.rolloutId,
      hostId: e.hostId,
      hostName: hostNames.get(e.hostId) ?? e.hostId,
      at: iso(e.at),
      state: e.state as PlanOutcomeRow['state'],
      versionBefore: e.versionBefore,
      versionAfter: e.versionAfter,
      reason: e.reason,
      eventId: e.id,
    }));
  const count = (state: PlanOutcomeRow['state']) => items.filter((row) => row.state === state).length;
  const versions = new Set(items.filter((row) => row.state === 'succeeded' && row.versionAfter !== null).map((row) => row.versionAfter!));
  return {
    succeeded: count('succeeded'),
    failed: count('failed'),
    rolledBack: count('rolled-back'),
    versionsApplied: [...versions].sort(),
    items,
    trace: trace('plan_events (last terminal state per plan and host)', { fromAt: iso(period.fromAt), toAt: iso(period.toAt) }, items.map((row) => row.eventId)),
  };
}

/** A booking audit entry (moved, rescheduled, approved...). */
export interface BookingChange {
  at: number;
  action: string;
  bookingId: string;
  reason: string | null;
}

const MOVES = new Set(['booking.moved', 'booking.rescheduled']);

/** Requested: asked for in the period; honoured: confirmed with a slot of the period that has ended; moved: moved or rescheduled in the period. */
export function slotFigures(bookings: readonly Booking[], changes: readonly BookingChange[], period: ReportPeriod, now: number): PatchingSection['slots'] {
  const inPeriod = (at: number) => at >= period.fromAt && at < period.toAt;
  const moves = changes.filter((change) => MOVES.has(change.action) && inPeriod(change.at));
  const items: BookingRow[] = [...bookings]
    .sort((a, b) => a.requestedAt - b.requestedAt)
    .map((b) => ({
      id: b.id,
      trackId: b.trackId,
      slotDate: b.slotDate,
      state: b.state,
      requestedAt: iso(b.requestedAt),
      honoured: b.state === 'confirmed' && inPeriod(b.slotStartAt) && b.slotEndAt <= now,
      moves: moves.filter((m) => m.bookingId === b.id).map((m) => ({ at: iso(m.at), action: m.action, reason: m.reason })),
    }));
  const requested = bookings.filter((b) => inPeriod(b.requestedAt));
  return {
    requested: requested.length,
    honoured: items.filter((row) => row.honoured).length,
    moved: new Set(moves.map((m) => m.bookingId)).size,
    rejected: requested.filter((b) => b.state === 'rejected').length,
    cancelled: requested.filter((b) => b.state === 'cancelled').length,
    items,
    trace: trace('bookings, audit_log (booking.*)', { fromAt: iso(period.fromAt), toAt: iso(period.toAt), now: iso(now) }, items.map((row) => row.id)),
  };
}
