/**
 * Values of the rollout domain: a rollout of one release over the hosts a window covers, in
 * waves, and each host's part in it. Instants are epoch ms (UTC).
 */
import type { PlanPhase, PlanStep, SignedPlan } from '../../protocol/index.ts';

/** A count, or a share of the rollout's hosts such as `"10%"`. */
export type Limit = number | `${number}%`;

/** How a rollout proceeds; every field has a default (see `DEFAULT_ROLLOUT_OPTIONS`). */
export interface RolloutOptions {
  /** Hosts in the first wave; any failure there halts the rollout. 0 for no canary. */
  canary: Limit;
  /** Hosts per later wave. */
  batchSize: Limit;
  /** Hosts notified or running at once. */
  maxConcurrency: Limit;
  /** Failed or rolled-back hosts tolerated; one more halts the waves not yet started. */
  maxErrors: Limit;
  /** How long the host's checks must stay ok after apply. */
  healthGateSeconds: number;
}

/** Options a rollout gets when neither the recipe nor the request says otherwise. */
export const DEFAULT_ROLLOUT_OPTIONS: RolloutOptions = { canary: 1, batchSize: '25%', maxConcurrency: 10, maxErrors: '10%', healthGateSeconds: 300 };

/** Every host state, in the order the API lists counts. */
export const HOST_STATES = ['pending', 'notified', 'running', 'succeeded', 'failed', 'rolled-back', 'skipped'] as const;
/** pending -> notified -> running(step) -> succeeded | failed | rolled-back; or skipped. */
export type HostState = (typeof HOST_STATES)[number];

/** Every rollout state. */
export const ROLLOUT_STATES = ['scheduled', 'running', 'paused', 'halted', 'aborted', 'completed'] as const;
/** scheduled | running | paused | halted | aborted | completed, derived by `rolloutState`. */
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** What ops can do to a rollout, in button order. */
export const ROLLOUT_ACTIONS = ['pause', 'resume', 'abort'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** The states each action is allowed from; the service checks these and the dashboard offers them. */
export const ROLLOUT_ACTION_FROM: Record<RolloutAction, readonly RolloutState[]> = {
  pause: ['scheduled', 'running'],
  resume: ['paused'],
  abort: ['scheduled', 'running', 'paused', 'halted'],
};

/** Host states that count against `maxErrors`. */
export const ERROR_STATES: ReadonlySet<HostState> = new Set(['failed', 'rolled-back']);
/** Host states with a plan out and no outcome yet. */
export const IN_FLIGHT_STATES: ReadonlySet<HostState> = new Set(['notified', 'running']);
/** Host states that end a host's part. */
export const FINAL_STATES: ReadonlySet<HostState> = new Set(['succeeded', 'failed', 'rolled-back', 'skipped']);

/** Why a host was skipped (the `reason` of a skipped host). */
export type SkipReason = 'AGENT_OFFLINE' | 'PAST_CUTOFF' | 'NO_RESPONSE';

/** One rollout as stored. `state` is `rolloutState(...)` cached for list filters. */
export interface Rollout {
  id: string;
  windowId: string;
  trackId: string;
  releaseId: string;
  releaseVersion: string;
  windowStartAt: number;
  windowEndAt: number;
  /** No host starts at or after this instant. */
  cutoffAt: number;
  options: RolloutOptions;
  /** The steps every host's plan carries. */
  steps: PlanStep[];
  state: RolloutState;
  createdAt: number;
  createdBy: string;
  pausedAt: number | null;
  pauseReason: string | null;
  abortedAt: number | null;
  abortReason: string | null;
  /** When the error limit was first passed (the rollout-failed alert went out). */
  haltedAt: number | null;
  completedAt: number | null;
  /** When the window-overrun alert went out. */
  overrunAt: number | null;
  updatedAt: number;
}

/** One host's part in a rollout. */
export interface RolloutHost {
  rolloutId: string;
  hostId: string;
  tenantId: string;
  /** 0-based; wave 0 is the canary when the rollout has one. */
  wave: number;
  /** Order within the rollout: hosts start in this order. */
  position: number;
  state: HostState;
  step: string | null;
  phase: PlanPhase | null;
  reason: string | null;
  outputTail: string | null;
  planId: string | null;
  planVersion: number | null;
  plan: SignedPlan | null;
  versionBefore: string | null;
  versionAfter: string | null;
  notifiedAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
}

/** A plan-status report as rollouts consume it (a stored `plan-status` record). */
export interface PlanStatusEvent {
  hostId: string;
  planId: string;
  rolloutId: string;
  at: number;
  state: 'accepted' | 'refused' | 'running' | 'succeeded' | 'failed' | 'rolled-back';
  step?: string;
  phase?: PlanPhase;
  reason?: string;
  outputTail?: string;
  versionBefore?: string;
  versionAfter?: string;
}
