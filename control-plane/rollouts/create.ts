/**
 * Creating rollouts: checks the window, release and hosts an ops request names, and finds
 * the rollouts a window starts on its own when it opens (`auto-start.ts` has the rule).
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { PatchWindow, Release } from '../scheduling/model.ts';
import type { Store } from '../store/types.ts';
import { dueRollouts } from './auto-start.ts';
import type { Rollout, RolloutHost, RolloutOptions } from './model.ts';
import { newRollout } from './new-rollout.ts';
import { planSteps, type RolloutRecipe } from './recipe.ts';

/** What an ops request may say; unset options come from the recipe's defaults. */
export interface CreateRolloutRequest {
  windowId: string;
  releaseId: string;
  /** A subset of the hosts the window covers for the release; all of them when unset. */
  hostIds?: string[];
  options?: Partial<RolloutOptions>;
}

/** What creating a rollout reads besides the request. */
export interface CreateDeps {
  store: Store;
  recipe: RolloutRecipe;
  /** Throws `AUDIT_PENDING` / `AUDIT_REJECTED` when the release is not cleared for rollout. */
  requireCleared(release: Release): void;
}

/** Rollout states in which a rollout still holds its window and release. */
const LIVE = new Set(['scheduled', 'running', 'paused']);

/** The window as a rollout target: scheduled, and before its cutoff. */
export function openWindow(store: Store, windowId: string, now: number): PatchWindow {
  const window = store.windows.get(windowId);
  if (!window) throw new AppError('NOT_FOUND', `window ${windowId} not found`);
  if (window.status !== 'scheduled') throw new AppError('WINDOW_NOT_OPEN', `window ${windowId} is ${window.status}`, { windowId, status: window.status });
  if (now >= window.cutoffAt) {
    throw new AppError('WINDOW_NOT_OPEN', `window ${windowId} is past its cutoff (${new Date(window.cutoffAt).toISOString()}): no host may start`, { windowId });
  }
  return window;
}

/** Covered hosts of tenants that may receive `release`, host id -> tenant id. */
function coveredHosts(window: PatchWindow, release: Release): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const c of window.coverage) {
    if (c.status !== 'covered' || (release.tenantId !== null && release.tenantId !== c.tenantId)) continue;
    for (const hostId of c.hostIds) hosts.set(hostId, c.tenantId);
  }
  return hosts;
}

/** Builds (does not store) the rollout an ops request asks for; throws with a stable code. */
export function buildRequested(deps: CreateDeps, request: CreateRolloutRequest, createdBy: string, now: number): { rollout: Rollout; hosts: RolloutHost[] } {
  const window = openWindow(deps.store, request.windowId, now);
  const release = deps.store.releases.get(request.releaseId);
  if (!release) throw new AppError('NOT_FOUND', `release ${request.releaseId} not found`);
  if (release.trackId !== window.trackId) {
    throw new AppError('RELEASE_TRACK_MISMATCH', `release ${release.id} is for ${release.trackId}, the window for ${window.trackId}`, { releaseId: release.id, windowId: window.id });
  }
  deps.requireCleared(release);
  if (deps.store.rollouts.forWindow(window.id).some((r) => r.releaseId === release.id && LIVE.has(r.state))) {
    throw new AppError('ROLLOUT_EXISTS', `a rollout of ${release.id} in window ${window.id} is under way`, { windowId: window.id, releaseId: release.id });
  }
  const covered = coveredHosts(window, release);
  const done = deps.store.rollouts.succeededHosts(release.id);
  const wanted = request.hostIds ?? [...covered.keys()];
  const outside = wanted.filter((id) => !covered.has(id));
  if (outside.length > 0) throw new AppError('HOST_NOT_COVERED', 'some hosts are not covered by the window for this release', { hostIds: outside });
  const hosts = new Map(wanted.filter((id) => !done.has(id)).map((id) => [id, covered.get(id)!]));
  if (hosts.size === 0) throw new AppError('NO_HOSTS', 'no host is left to patch: none covered, or the release already succeeded on each');
  return assemble(deps, window, release, hosts, { ...deps.recipe.defaults, ...request.options }, createdBy, now);
}

function assemble(deps: CreateDeps, window: PatchWindow, release: Release, hosts: Map<string, string>, options: RolloutOptions, createdBy: string, now: number) {
  const { steps, problem } = planSteps(deps.recipe, release);
  if (problem) throw new AppError('RELEASE_NOT_DEPLOYABLE', `release ${release.id} cannot be rolled out: ${problem}`, { releaseId: release.id });
  return newRollout({ id: newId('rol'), window, release, hosts, options, steps, createdBy }, now);
}

/**
 * The rollouts the windows open at `now` should start and have not: one per (window,
 * release) not yet rolled out there. A release that cannot be rolled out is reported in
 * `problems` and left out.
 */
export function buildDue(deps: CreateDeps, now: number, lookbackMs: number, createdBy: string) {
  const built: Array<{ rollout: Rollout; hosts: RolloutHost[] }> = [];
  const problems: Array<{ windowId: string; releaseId: string; message: string }> = [];
  const windows = deps.store.windows.list({ status: 'scheduled', fromAt: now - lookbackMs, toAt: now + 1, limit: 10_000 }).filter((w) => now < w.cutoffAt);
  for (const window of windows) {
    const started = new Set(deps.store.rollouts.forWindow(window.id).map((r) => r.releaseId));
    const releases = deps.store.releases.list({ trackId: window.trackId, visibleTo: null, limit: 10_000 });
    const bookings = new Map(window.coverage.flatMap((c) => c.bookingIds).map((id) => [id, deps.store.bookings.get(id)!] as const).filter(([, b]) => b));
    const cleared = (release: Release) => {
      try {
        deps.requireCleared(release);
        return true;
      } catch {
        return false;
      }
    };
    for (const due of dueRollouts({ window, releases, bookings, succeeded: (id) => deps.store.rollouts.succeededHosts(id), cleared })) {
      if (started.has(due.releaseId)) continue;
      const release = releases.find((r) => r.id === due.releaseId)!;
      const tenants = new Map(window.coverage.flatMap((c) => c.hostIds.map((h) => [h, c.tenantId] as const)));
      try {
        built.push(assemble(deps, window, release, new Map(due.hostIds.map((h) => [h, tenants.get(h)!])), deps.recipe.defaults, createdBy, now));
      } catch (error) {
        problems.push({ windowId: window.id, releaseId: release.id, message: (error as Error).message });
      }
    }
  }
  return { built, problems };
}
