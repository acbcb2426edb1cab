/** The rollout API: the list, one rollout, ops actions with their reason, and a host's patch history. */
import { queryString, request } from './api.ts';
import type { RolloutsQuery } from './rollout-routes.ts';
import type { PatchRun, RolloutAction, RolloutDetail, RolloutSummary } from './rollout-types.ts';

/** Most rollouts or patch runs one list asks for; the API's own ceiling for rollouts. */
export const ROLLOUT_LIMIT = 500;

const enc = encodeURIComponent;

/** Rollout calls; each answers as the caller's scope sees it (a tenant: its own hosts only). */
export const rolloutApi = {
  rollouts: (query: RolloutsQuery, signal?: AbortSignal) =>
    request<{ items: RolloutSummary[] }>('GET', `/api/v1/rollouts${queryString({ state: query.state, tenantId: query.tenantId, limit: ROLLOUT_LIMIT })}`, undefined, { signal }),
  rollout: (rolloutId: string, signal?: AbortSignal) => request<RolloutDetail>('GET', `/api/v1/rollouts/${enc(rolloutId)}`, undefined, { signal }),
  act: (rolloutId: string, action: RolloutAction, reason: string) => request<RolloutDetail>('POST', `/api/v1/rollouts/${enc(rolloutId)}/${action}`, { reason }),
  patches: (hostId: string, signal?: AbortSignal) => request<{ items: PatchRun[] }>('GET', `/api/v1/hosts/${enc(hostId)}/patches${queryString({ limit: ROLLOUT_LIMIT })}`, undefined, { signal }),
};
