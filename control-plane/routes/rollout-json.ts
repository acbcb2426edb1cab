/**
 * Rollouts as the HTTP API and live pushes show them. A tenant caller sees only its own
 * hosts' part: counts, waves and host rows are computed over those hosts alone.
 */
import { Type } from '@sinclair/typebox';
import { HOST_STATES, ROLLOUT_STATES, type HostState, type Rollout, type RolloutHost } from '../rollouts/model.ts';
import { LimitSchema } from '../rollouts/recipe.ts';
import { countStates, waveSummaries } from '../rollouts/waves.ts';
import type { HostPatchRun, Store } from '../store/types.ts';
import { IsoInstant, iso } from './schemas.ts';
import { Nullable, isoOrNull } from './scheduling-json.ts';

/** A host state. */
export const HostStateSchema = Type.Union(HOST_STATES.map((s) => Type.Literal(s)));
/** A rollout state. */
export const RolloutStateSchema = Type.Union(ROLLOUT_STATES.map((s) => Type.Literal(s)));
const CountsSchema = Type.Object(Object.fromEntries(HOST_STATES.map((s) => [s, Type.Integer()])) as Record<HostState, ReturnType<typeof Type.Integer>>);

/** A rollout's options, all resolved. */
export const RolloutOptionsJsonSchema = Type.Object({
  canary: LimitSchema,
  batchSize: LimitSchema,
  maxConcurrency: LimitSchema,
  maxErrors: LimitSchema,
  healthGateSeconds: Type.Integer(),
});

/** One rollout in lists and live pushes. */
export const RolloutSummarySchema = Type.Object({
  id: Type.String(),
  windowId: Type.String(),
  trackId: Type.String(),
  releaseId: Type.String(),
  releaseVersion: Type.String(),
  state: RolloutStateSchema,
  windowStartAt: IsoInstant,
  windowEndAt: IsoInstant,
  cutoffAt: IsoInstant,
  options: RolloutOptionsJsonSchema,
  createdAt: IsoInstant,
  createdBy: Type.String(),
  pausedAt: Nullable(IsoInstant),
  pauseReason: Nullable(Type.String()),
  abortedAt: Nullable(IsoInstant),
  abortReason: Nullable(Type.String()),
  haltedAt: Nullable(IsoInstant),
  completedAt: Nullable(IsoInstant),
  updatedAt: IsoInstant,
  tenantIds: Type.Array(Type.String()),
  total: Type.Integer({ description: 'hosts in the rollout (a tenant caller: its own hosts)' }),
  counts: CountsSchema,
});

/** One wave with its host counts by state. */
export const WaveSchema = Type.Object({ index: Type.Integer(), kind: Type.Union([Type.Literal('canary'), Type.Literal('batch')]), total: Type.Integer(), counts: CountsSchema });

/** One host's part in a rollout. */
export const RolloutHostSchema = Type.Object({
  hostId: Type.String(),
  hostName: Type.String(),
  tenantId: Type.String(),
  wave: Type.Integer(),
  state: HostStateSchema,
  step: Nullable(Type.String()),
  phase: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  planVersion: Nullable(Type.Integer()),
  updatedAt: IsoInstant,
});

/** A rollout with its waves and hosts. */
export const RolloutDetailSchema = Type.Object({ rollout: RolloutSummarySchema, waves: Type.Array(WaveSchema), hosts: Type.Array(RolloutHostSchema) });

/** One entry of a host's patch history. */
export const PatchRunSchema = Type.Object({
  rolloutId: Type.String(),
  releaseId: Type.String(),
  releaseVersion: Type.String(),
  versionBefore: Nullable(Type.String()),
  versionAfter: Nullable(Type.String()),
  startedAt: Nullable(IsoInstant),
  endedAt: Nullable(IsoInstant),
  outcome: HostStateSchema,
  reason: Nullable(Type.String()),
});

/** The hosts `tenantId` may see (all for null). */
export const visibleHosts = (hosts: readonly RolloutHost[], tenantId: string | null) => (tenantId === null ? hosts : hosts.filter((h) => h.tenantId === tenantId));

/** The summary of a rollout over the hosts given (the caller's visible ones). */
export function rolloutSummaryJson(rollout: Rollout, hosts: readonly RolloutHost[]) {
  return {
    id: rollout.id,
    windowId: rollout.windowId,
    trackId: rollout.trackId,
    releaseId: rollout.releaseId,
    releaseVersion: rollout.releaseVersion,
    state: rollout.state,
    windowStartAt: iso(rollout.windowStartAt),
    windowEndAt: iso(rollout.windowEndAt),
    cutoffAt: iso(rollout.cutoffAt),
    options: rollout.options,
    createdAt: iso(rollout.createdAt),
    createdBy: rollout.createdBy,
    pausedAt: isoOrNull(rollout.pausedAt),
    pauseReason: rollout.pauseReason,
    abortedAt: isoOrNull(rollout.abortedAt),
    abortReason: rollout.abortReason,
    haltedAt: isoOrNull(rollout.haltedAt),
    completedAt: isoOrNull(rollout.completedAt),
    updatedAt: iso(rollout.updatedAt),
    tenantIds: [...new Set(hosts.map((h) => h.tenantId))].sort(),
    total: hosts.length,
    counts: countStates(hosts),
  };
}

/** The detail view; `all` are every host (waves keep their canary/batch kind), `hosts` the visible ones. */
export function rolloutDetailJson(rollout: Rollout, all: readonly RolloutHost[], hosts: readonly RolloutHost[], hostName: (id: string) => string) {
  const kinds = new Map(waveSummaries([...all], rollout.options).map((w) => [w.index, w.kind]));
  return {
    rollout: rolloutSummaryJson(rollout, hosts),
    waves: waveSummaries([...hosts], rollout.options).map((w) => ({ ...w, kind: kinds.get(w.index) ?? w.kind })),
    hosts: hosts.map((h) => ({
      hostId: h.hostId,
      hostName: hostName(h.hostId),
      tenantId: h.tenantId,
      wave: h.wave,
      state: h.state,
      step: h.step,
      phase: h.phase,
      reason: h.reason,
      planVersion: h.planVersion,
      updatedAt: iso(h.updatedAt),
    })),
  };
}

/** A host run as patch history shows it. */
export const patchRunJson = (run: HostPatchRun) => ({
  rolloutId: run.rolloutId,
  releaseId: run.releaseId,
  releaseVersion: run.releaseVersion,
  versionBefore: run.versionBefore,
  versionAfter: run.versionAfter,
  startedAt: isoOrNull(run.startedAt),
  endedAt: isoOrNull(run.endedAt),
  outcome: run.state,
  reason: run.reason,
});

/** Summaries of changed rollouts for live pushes; the returned function gives one viewer's items (its hosts only). */
export function rolloutLiveItems(store: Store, rolloutIds: Iterable<string>): (tenantId: string | null) => ReturnType<typeof rolloutSummaryJson>[] {
  const rollouts = [...rolloutIds].flatMap((id) => {
    const rollout = store.rollouts.get(id);
    return rollout ? [{ rollout, hosts: store.rollouts.hosts(id) }] : [];
  });
  return (tenantId) =>
    rollouts.flatMap(({ rollout, hosts }) => {
      const visible = visibleHosts(hosts, tenantId);
      return visible.length > 0 || tenantId === null ? [rolloutSummaryJson(rollout, visible)] : [];
    });
}
