/**
 * A new rollout and its hosts (pure): hosts in id order (ids are random, so the canary is a
 * fair draw across tenants), waves planned, every host pending.
 */
import type { PlanStep } from '../../protocol/index.ts';
import type { PatchWindow } from '../scheduling/model.ts';
import type { Rollout, RolloutHost, RolloutOptions } from './model.ts';
import { rolloutState } from './progress.ts';
import { planWaves } from './waves.ts';

/** Everything a new rollout is made of. */
export interface NewRolloutInput {
  id: string;
  window: Pick<PatchWindow, 'id' | 'trackId' | 'startAt' | 'endAt' | 'cutoffAt'>;
  release: { id: string; version: string };
  /** Host id -> tenant id. */
  hosts: ReadonlyMap<string, string>;
  options: RolloutOptions;
  steps: PlanStep[];
  createdBy: string;
}

/** The rollout and its pending hosts, its state derived at `now`. */
export function newRollout(input: NewRolloutInput, now: number): { rollout: Rollout; hosts: RolloutHost[] } {
  const ids = [...input.hosts.keys()].sort();
  const waves = planWaves(ids.length, input.options);
  const hosts: RolloutHost[] = ids.map((hostId, position) => ({
    rolloutId: input.id,
    hostId,
    tenantId: input.hosts.get(hostId)!,
    wave: waves[position],
    position,
    state: 'pending',
    step: null,
    phase: null,
    reason: null,
    outputTail: null,
    planId: null,
    planVersion: null,
    plan: null,
    versionBefore: null,
    versionAfter: null,
    notifiedAt: null,
    startedAt: null,
    endedAt: null,
    updatedAt: now,
  }));
  const rollout: Rollout = {
    id: input.id,
    windowId: input.window.id,
    trackId: input.window.trackId,
    releaseId: input.release.id,
    releaseVersion: input.release.version,
    windowStartAt: input.window.startAt,
    windowEndAt: input.window.endAt,
    cutoffAt: input.window.cutoffAt,
    options: input.options,
    steps: input.steps,
    state: 'scheduled',
    createdAt: now,
    createdBy: input.createdBy,
    pausedAt: null,
    pauseReason: null,
    abortedAt: null,
    abortReason: null,
    haltedAt: null,
    completedAt: null,
    overrunAt: null,
    updatedAt: now,
  };
  rollout.state = rolloutState(rollout, hosts, now);
  return { rollout, hosts };
}
