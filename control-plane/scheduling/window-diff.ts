/**
 * Planned windows against stored ones (pure): what is new, what changed and how, and what
 * is unchanged, so re-running the materialisation writes and audits only real changes.
 * Windows that have started are history: the plan never touches them.
 */
import type { PatchWindow, WindowCoverage, WindowReason } from './model.ts';
import type { PlannedWindow } from './window-plan.ts';

export type WindowChangeKind = 'created' | 'moved' | 'skipped' | 'cancelled' | 'restored' | 'updated' | 'coverage';

/** Tenants whose part in a window appeared, went, or changed (status, reason, hosts, bookings). */
export interface CoverageDelta {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface WindowChange {
  kinds: WindowChangeKind[];
  before: PatchWindow | null;
  /** The window to store: version bumped, `updatedAt` now. */
  after: PatchWindow;
  coverage: CoverageDelta;
}

export interface WindowDiff {
  changes: WindowChange[];
  unchanged: number;
}

/**
 * `stored`: the track's stored windows (any age); `planned`: what should exist after `now`.
 * A stored future window the plan no longer has is cancelled with `dropReason`.
 */
export function diffWindows(stored: readonly PatchWindow[], planned: readonly PlannedWindow[], dropReason: WindowReason, now: number): WindowDiff {
  const started = new Set(stored.filter((w) => w.startAt <= now).map((w) => w.id));
  const byId = new Map(stored.filter((w) => !started.has(w.id)).map((w) => [w.id, w]));
  const changes: WindowChange[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const plan of planned) {
    if (started.has(plan.id) || seen.has(plan.id)) continue;
    seen.add(plan.id);
    const before = byId.get(plan.id) ?? null;
    const change = compare(before, settle(before, plan, now));
    if (change) changes.push(change);
    else unchanged += 1;
  }
  for (const before of byId.values()) {
    if (seen.has(before.id)) continue;
    if (before.status === 'cancelled') {
      unchanged += 1;
      continue;
    }
    changes.push(compare(before, settle(before, { ...before, status: 'cancelled', reason: dropReason, coverage: [] }, now))!);
  }
  return { changes, unchanged };
}

/** The planned window as it would be stored after `before`: versions carried on, previous times kept. */
function settle(before: PatchWindow | null, plan: PlannedWindow, now: number): PatchWindow {
  const moved = before !== null && (before.startAt !== plan.startAt || before.endAt !== plan.endAt);
  const window: PatchWindow = {
    ...plan,
    previousStartAt: moved ? before.startAt : (before?.previousStartAt ?? null),
    previousEndAt: moved ? before.endAt : (before?.previousEndAt ?? null),
    version: (before?.version ?? 0) + 1,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
    coverage: [],
  };
  const old = new Map((before?.coverage ?? []).map((c) => [c.tenantId, c]));
  window.coverage = plan.coverage.map((c) => {
    const prior = old.get(c.tenantId);
    const same = prior !== undefined && before !== null && tenantView(before, prior) === tenantView(window, c);
    return { ...c, revision: prior ? prior.revision + (same ? 0 : 1) : 1 };
  });
  return window;
}

/** What one tenant sees of a window: its times, the window's status and its own. */
const tenantView = (w: Pick<PatchWindow, 'startAt' | 'endAt' | 'status'>, c: Pick<WindowCoverage, 'status'>) => `${w.startAt}|${w.endAt}|${w.status}|${c.status}`;

function compare(before: PatchWindow | null, after: PatchWindow): WindowChange | null {
  const coverage = coverageDelta(before?.coverage ?? [], after.coverage);
  if (!before) return { kinds: ['created'], before, after, coverage };
  const kinds: WindowChangeKind[] = [];
  if (before.status !== after.status) kinds.push(after.status === 'scheduled' ? 'restored' : after.status);
  if (before.startAt !== after.startAt || before.endAt !== after.endAt) kinds.push('moved');
  if (kinds.length === 0 && stableJson(details(before)) !== stableJson(details(after))) kinds.push('updated');
  if (coverage.added.length + coverage.removed.length + coverage.changed.length > 0) kinds.push('coverage');
  return kinds.length === 0 ? null : { kinds, before, after, coverage };
}

const details = (w: PatchWindow) => [w.localDate, w.zone, w.cutoffAt, w.noticeBy, w.reason, w.trackId, w.ownerTenantId];

/** Coverage compared tenant by tenant. */
export function coverageDelta(before: readonly WindowCoverage[], after: readonly WindowCoverage[]): CoverageDelta {
  // The revision follows from the rest; comparing it would call every moved window's coverage changed.
  const key = ({ revision: _revision, ...rest }: WindowCoverage) => stableJson(rest);
  const old = new Map(before.map((c) => [c.tenantId, key(c)]));
  const now = new Map(after.map((c) => [c.tenantId, key(c)]));
  return {
    added: [...now.keys()].filter((t) => !old.has(t)),
    removed: [...old.keys()].filter((t) => !now.has(t)),
    changed: [...now.keys()].filter((t) => old.has(t) && old.get(t) !== now.get(t)),
  };
}

/** JSON with object keys sorted, so values read back from the store compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
