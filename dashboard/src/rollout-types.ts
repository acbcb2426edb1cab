/**
 * Shapes of the rollout API as the dashboard reads them, from the routes' own schemas (a
 * type-only import). The state lists come from the rollout model, a module of constants.
 */
import type { Static } from '@sinclair/typebox';
import type { PatchRunSchema, RolloutDetailSchema, RolloutHostSchema, RolloutSummarySchema, WaveSchema } from '../../control-plane/routes/rollout-json.ts';
import { HOST_STATES, ROLLOUT_ACTIONS, ROLLOUT_ACTION_FROM, ROLLOUT_STATES, type HostState, type RolloutAction, type RolloutState } from '../../control-plane/rollouts/model.ts';
import type { Role } from './types.ts';

/** Host and rollout states, in lifecycle order. */
export { HOST_STATES, ROLLOUT_ACTIONS, ROLLOUT_STATES, type HostState, type RolloutAction, type RolloutState };

/** One rollout of the list and of live `rollouts` pushes; a tenant caller's counts cover its hosts only. */
export type RolloutSummary = Static<typeof RolloutSummarySchema>;

/** `GET /api/v1/rollouts/:id`: the rollout, its waves and its hosts (a tenant caller's only). */
export type RolloutDetail = Static<typeof RolloutDetailSchema>;

/** One wave with its host counts by state. */
export type Wave = Static<typeof WaveSchema>;

/** One host's part in a rollout. */
export type RolloutHost = Static<typeof RolloutHostSchema>;

/** One run of a patch on a host (`GET /api/v1/hosts/:id/patches`). */
export type PatchRun = Static<typeof PatchRunSchema>;

/** Host counts by state. */
export type HostCounts = RolloutSummary['counts'];

/** Roles the control plane lets create, pause, resume and abort rollouts. */
export const canRunRollouts = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator';

/** The actions a rollout in `state` offers, in button order. */
export const actionsFor = (state: RolloutState): RolloutAction[] => ROLLOUT_ACTIONS.filter((action) => ROLLOUT_ACTION_FROM[action].includes(state));
