/**
 * Keeps every track's windows materialised over the horizon: for each track, in its own
 * transaction, the pure plan is diffed against the stored windows, and only the changes
 * are written, audited and mirrored into maintenance periods. Tracks that no longer exist
 * have their future windows cancelled.
 */
import { declaredSpans, type CriticalSpan } from '../critical/freeze.ts';
import type { Host } from '../store/types.ts';
import { SCHEDULER_ACTOR, allPrivateTracks, horizonDates, hostsForTrack, subscriptionFor, tenantRules, type SchedulingDeps } from './deps.ts';
import { maintenancePeriodsOf } from './maintenance.ts';
import type { Booking, ResolvedTrack, WindowReason } from './model.ts';
import { catalogEntry, isOnRequest } from './tracks.ts';
import { diffWindows, type WindowChange } from './window-diff.ts';
import { planTrackWindows, type PlanBooking, type PlanTenant } from './window-plan.ts';

export interface MaterialiseResult {
  tracks: number;
  changes: WindowChange[];
  unchanged: number;
}

/** Stored windows this far back are read too, so a planned window never collides with one that began. */
const LOOKBACK_MS = 32 * 86_400_000;
/** Above this many tenants, a coverage change is audited once for the window, not once per tenant. */
const PER_TENANT_AUDIT_LIMIT = 25;
/** Alternative bookings this old no longer matter to any future window. */
const ALTERNATIVES_LOOKBACK_MS = 90 * 86_400_000;

const NO_BOOKINGS: WindowReason = { code: 'NO_BOOKINGS', message: 'no confirmed booking is left in this slot' };
const NOT_PLANNED: WindowReason = { code: 'NOT_PLANNED', message: 'the track no longer has this occurrence (its cadence, start or duration changed)' };
const TRACK_GONE: WindowReason = { code: 'NOT_PLANNED', message: 'the track was removed' };

/** What every track's plan shares in one run: read once. */
interface RunContext {
  deps: SchedulingDeps;
  now: number;
  why: string;
  hostsByTenant: Map<string, Host[]>;
  rulesByTenant: Map<string, ReturnType<typeof tenantRules>>;
  criticalByTenant: Map<string, CriticalSpan[]>;
  replacedBy: Map<string, PlanBooking[]>;
}

/** Materialises every track; `pause` runs between tracks so requests are served meanwhile. */
export async function materialiseAll(deps: SchedulingDeps, now: number, why: string, pause: () => Promise<void>): Promise<MaterialiseResult> {
  const run: RunContext = { deps, now, why, hostsByTenant: groupHosts(deps.store.hosts.list()), rulesByTenant: new Map(), criticalByTenant: new Map(), replacedBy: new Map() };
  for (const booking of deps.store.bookings.confirmedAlternatives(now - ALTERNATIVES_LOOKBACK_MS)) {
    const list = run.replacedBy.get(booking.insteadOfWindowId!) ?? [];
    list.push(planBooking(booking));
    run.replacedBy.set(booking.insteadOfWindowId!, list);
  }
  const tracks = [...deps.catalog.map(catalogEntry), ...allPrivateTracks(deps)];
  const result: MaterialiseResult = { tracks: tracks.length, changes: [], unchanged: 0 };
  for (const resolved of tracks) {
    const { changes, unchanged } = materialiseTrack(run, resolved);
    result.changes.push(...changes);
    result.unchanged += unchanged;
    await pause();
  }
  const live = new Set(tracks.map((t) => t.key));
  for (const key of deps.store.windows.trackKeys(now)) {
    if (!live.has(key)) result.changes.push(...retireTrack(run, key));
  }
  return result;
}

function materialiseTrack(run: RunContext, resolved: ResolvedTrack): { changes: WindowChange[]; unchanged: number } {
  const { deps, now } = run;
  return deps.store.transaction(() => {
    const { fromDate, toDate } = horizonDates(resolved.track.zone, now, deps.horizonDays);
    const subscriptions = deps.store.tenantSchedules
      .subscribersOf(resolved.track.id)
      .filter((s) => resolved.ownerTenantId === null || s.tenantId === resolved.ownerTenantId);
    const bookings = isOnRequest(resolved.track) ? deps.store.bookings.confirmedFor(resolved.key, now) : [];
    const bookers = new Map<string, PlanTenant>();
    for (const tenantId of new Set(bookings.map((b) => b.tenantId))) {
      const listed = subscriptionFor(deps, deps.store.tenantSchedules.subscriptions(tenantId), resolved)?.hostIds ?? null;
      bookers.set(tenantId, planTenant(run, tenantId, resolved, listed));
    }
    const planned = planTrackWindows(
      {
        resolved,
        fromDate,
        toDate,
        calendars: deps.calendars,
        globalFreezes: deps.globalFreezes,
        ownerFreezes: resolved.ownerTenantId === null ? [] : rulesOf(run, resolved.ownerTenantId),
        subscribers: subscriptions.map((s) => planTenant(run, s.tenantId, resolved, s.hostIds)),
        bookings: bookings.map(planBooking),
        bookers,
        replacedBy: run.replacedBy,
      },
      now,
    );
    const diff = diffWindows(deps.store.windows.forTrack(resolved.key, now - LOOKBACK_MS), planned, isOnRequest(resolved.track) ? NO_BOOKINGS : NOT_PLANNED, now);
    diff.changes.forEach((change) => write(run, change));
    return diff;
  });
}

function retireTrack(run: RunContext, key: string): WindowChange[] {
  return run.deps.store.transaction(() => {
    const diff = diffWindows(run.deps.store.windows.forTrack(key, run.now - LOOKBACK_MS), [], TRACK_GONE, run.now);
    diff.changes.forEach((change) => write(run, change));
    return diff.changes;
  });
}

/** Stores one changed window, keeps its maintenance periods in step, and audits it. */
function write(run: RunContext, change: WindowChange): void {
  const { store } = run.deps;
  const window = change.after;
  store.windows.save(window);
  store.windows.syncMaintenance(window.id, maintenancePeriodsOf(window), run.now);
  const summary = { why: run.why, trackId: window.trackId, localDate: window.localDate, kinds: change.kinds, version: window.version };
  store.audit.append({
    at: run.now,
    actor: SCHEDULER_ACTOR,
    action: `window.${change.kinds[0]}`,
    tenantId: window.ownerTenantId,
    target: window.id,
    details: {
      ...summary,
      status: window.status,
      reason: window.reason,
      startAt: window.startAt,
      endAt: window.endAt,
      before: change.before ? { startAt: change.before.startAt, endAt: change.before.endAt, status: change.before.status } : null,
      coverage: { added: change.coverage.added.length, removed: change.coverage.removed.length, changed: change.coverage.changed.length },
    },
  });
  // Later coverage changes of a few tenants are also told to each of them; a new window, or one
  // changing for many tenants at once (a calendar added), is told once, in the window's entry.
  const tenants = [...change.coverage.added, ...change.coverage.removed, ...change.coverage.changed];
  if (!change.before || tenants.length > PER_TENANT_AUDIT_LIMIT) return;
  for (const tenantId of tenants) {
    const part = window.coverage.find((c) => c.tenantId === tenantId);
    store.audit.append({
      at: run.now,
      actor: SCHEDULER_ACTOR,
      action: 'window.coverage-changed',
      tenantId,
      target: window.id,
      details: { ...summary, coverage: part ? part.status : 'removed', reason: part?.reason ?? null, hostIds: part?.hostIds ?? [] },
    });
  }
}

function planTenant(run: RunContext, tenantId: string, resolved: ResolvedTrack, listed: string[] | null): PlanTenant {
  return { tenantId, hostIds: hostsForTrack(run.hostsByTenant.get(tenantId) ?? [], resolved, listed), freezes: rulesOf(run, tenantId), critical: criticalOf(run, tenantId) };
}

function criticalOf(run: RunContext, tenantId: string): CriticalSpan[] {
  let spans = run.criticalByTenant.get(tenantId);
  if (!spans) run.criticalByTenant.set(tenantId, (spans = declaredSpans(run.deps.store, tenantId, run.now)));
  return spans;
}

function rulesOf(run: RunContext, tenantId: string) {
  let rules = run.rulesByTenant.get(tenantId);
  if (!rules) {
    rules = tenantRules(run.deps, tenantId, run.now);
    run.rulesByTenant.set(tenantId, rules);
  }
  return rules;
}

const planBooking = (b: Booking): PlanBooking => ({ id: b.id, tenantId: b.tenantId, slotDate: b.slotDate });

function groupHosts(hosts: Host[]): Map<string, Host[]> {
  const byTenant = new Map<string, Host[]>();
  for (const host of hosts) {
    const list = byTenant.get(host.tenantId);
    if (list) list.push(host);
    else byTenant.set(host.tenantId, [host]);
  }
  return byTenant;
}
