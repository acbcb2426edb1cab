/**
 * Pure rules of the rollout views: which rollouts a list shows and in what order, how live
 * pushes change a list or a rollout's page, and what a wave is called.
 */
import { mergePushed } from './merge-pushed.ts';
import type { RolloutsQuery } from './rollout-routes.ts';
import type { RolloutDetail, RolloutSummary } from './rollout-types.ts';
import { zoneFor, type Session } from './session.ts';

/** Newest first, as the API lists them. */
export const compareRollouts = (a: RolloutSummary, b: RolloutSummary): number => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

/** Whether a rollout belongs in the list a query shows. */
export const rolloutMatches = (rollout: RolloutSummary, query: RolloutsQuery): boolean =>
  (!query.state || rollout.state === query.state) && (!query.tenantId || rollout.tenantIds.includes(query.tenantId));

/**
 * A list after a live push: changed rollouts that still match replace their row or join the
 * list; those that no longer match (another state now) leave it.
 */
export function mergeRollouts(current: readonly RolloutSummary[], pushed: readonly RolloutSummary[], query: RolloutsQuery): RolloutSummary[] {
  return mergePushed(current, pushed, (rollout) => rollout.id, (rollout) => rolloutMatches(rollout, query), compareRollouts);
}

/**
 * Whether live pushes can be merged into a list as they come. A push carries the rollout as
 * the viewer's own scope sees it; an operator narrowing the list to one tenant sees counts
 * of that tenant's hosts only, so that list is fetched again instead.
 */
export const pushesFitList = (query: RolloutsQuery, viewerTenantId: string | null): boolean => !query.tenantId || query.tenantId === viewerTenantId;

/** A rollout's page with the summary from a push; the same object when the push is about other rollouts. */
export function applyPush(detail: RolloutDetail, pushed: readonly RolloutSummary[]): RolloutDetail {
  const rollout = pushed.find((item) => item.id === detail.rollout.id);
  return rollout ? { ...detail, rollout } : detail;
}

/** Whether the rollout starts with a canary wave (wave 0): a canary limit above zero, as a count or a share. */
export const hasCanary = (options: Pick<RolloutSummary['options'], 'canary'>): boolean => Number.parseFloat(String(options.canary)) > 0;

/** What wave `index` is called: the canary, or a batch numbered from 1. */
export function waveName(index: number, canary: boolean): { kind: 'canary' } | { kind: 'batch'; number: number } {
  if (canary && index === 0) return { kind: 'canary' };
  return { kind: 'batch', number: canary ? index : index + 1 };
}

/** The zone a rollout's instants show in: its only tenant's in tenant-zone mode, else `fallback` (the browser's). */
export function rolloutZone(session: Pick<Session, 'tenants' | 'zoneMode'>, tenantIds: readonly string[], fallback: string): string {
  return (tenantIds.length === 1 ? zoneFor(session, tenantIds[0]) : undefined) ?? fallback;
}
