/**
 * Hash routes of the rollout pages: `#/rollouts?state=running&tenant=ID` lists rollouts,
 * `#/rollouts/ID?hosts=failed` shows one, its hosts narrowed to a state.
 */
import { oneOf, optionalParams, withParams } from './hash-params.ts';
import { HOST_STATES, ROLLOUT_STATES, type HostState, type RolloutState } from './rollout-types.ts';

/** Filters of the rollout list; none shows every rollout the caller may see. */
export interface RolloutsQuery {
  state?: RolloutState;
  tenantId?: string;
}

/** A rollout's page; `hostState` narrows its hosts table. */
export interface RolloutQuery {
  rolloutId: string;
  hostState?: HostState;
}

/** A rollout page and its filters. */
export type RolloutRoute = { page: 'rollouts'; query: RolloutsQuery } | { page: 'rollout'; query: RolloutQuery };

const ANY = '';

/** The rollout route at `path`, or null when the path is not one of them. */
export function parseRolloutRoute(path: string, params: URLSearchParams): RolloutRoute | null {
  if (path === '/rollouts') {
    const state = oneOf<RolloutState | typeof ANY>(params.get('state'), ROLLOUT_STATES, ANY);
    return { page: 'rollouts', query: { ...(state ? { state } : {}), ...optionalParams(params, { tenantId: 'tenant' }) } };
  }
  const one = /^\/rollouts\/([^/]+)$/.exec(path);
  if (!one) return null;
  const hostState = oneOf<HostState | typeof ANY>(params.get('hosts'), HOST_STATES, ANY);
  return { page: 'rollout', query: { rolloutId: decodeURIComponent(one[1]), ...(hostState ? { hostState } : {}) } };
}

/** The hash of a rollout route; unset filters are left out. */
export function rolloutRouteHash(route: RolloutRoute): string {
  if (route.page === 'rollouts') return withParams('/rollouts', { state: route.query.state, tenant: route.query.tenantId });
  return withParams(`/rollouts/${encodeURIComponent(route.query.rolloutId)}`, { hosts: route.query.hostState });
}

/** Link to the rollout list. */
export const rolloutsHref = (query: RolloutsQuery = {}): string => rolloutRouteHash({ page: 'rollouts', query });

/** Link to one rollout. */
export const rolloutHref = (rolloutId: string, hostState?: HostState): string => rolloutRouteHash({ page: 'rollout', query: { rolloutId, ...(hostState ? { hostState } : {}) } });
