/**
 * Rollout progress (pure, takes `now`): the rollout's state derived from its hosts and
 * marks, and which hosts to start or skip next. Waves run one after another; inside a wave
 * at most `maxConcurrency` hosts have a plan out. Passing the error limit (or any canary
 * failure) halts the waves not yet started; hosts already going finish.
 */
import { ERROR_STATES, FINAL_STATES, IN_FLIGHT_STATES, type Rollout, type RolloutHost, type RolloutState, type SkipReason } from './model.ts';
import { concurrencyOf, errorBudget, hasCanary } from './waves.ts';

/** The marks and times of a rollout that its state depends on. */
export type RolloutMarks = Pick<Rollout, 'options' | 'windowStartAt' | 'abortedAt' | 'pausedAt'>;

/** True when errors passed the budget, or the canary wave has a failure. */
export function errorLimitPassed(rollout: Pick<Rollout, 'options'>, hosts: readonly RolloutHost[]): boolean {
  const canary = hasCanary(rollout.options, hosts.length);
  let errors = 0;
  for (const host of hosts) {
    if (!ERROR_STATES.has(host.state)) continue;
    if (canary && host.wave === 0) return true;
    errors += 1;
  }
  return errors > errorBudget(rollout.options, hosts.length);
}

/**
 * aborted (ops) > halted (error limit passed) > completed (every host done) > paused (ops) >
 * scheduled (window not open yet) > running.
 */
export function rolloutState(rollout: RolloutMarks, hosts: readonly RolloutHost[], now: number): RolloutState {
  if (rollout.abortedAt !== null) return 'aborted';
  if (errorLimitPassed(rollout, hosts)) return 'halted';
  if (hosts.every((h) => FINAL_STATES.has(h.state))) return 'completed';
  if (rollout.pausedAt !== null) return 'paused';
  if (now < rollout.windowStartAt) return 'scheduled';
  return 'running';
}

/** What to do with hosts next: send plans to `start`, mark `skip` skipped. */
export interface Advance {
  start: string[];
  skip: Array<{ hostId: string; reason: SkipReason }>;
}

type Times = Pick<Rollout, 'windowEndAt' | 'cutoffAt'>;

/**
 * The next moves of a rollout at `now`. Hosts with no answer by the window's end are
 * skipped (`NO_RESPONSE`); from the cutoff, hosts not started are skipped (`PAST_CUTOFF`),
 * unless the rollout was halted or aborted (they stay pending: never attempted). Otherwise
 * the lowest unfinished wave fills up to the concurrency limit, in position order; a host
 * whose agent is offline when its turn comes is skipped (`AGENT_OFFLINE`); a held host (its
 * tenant's critical period covers it) is passed over and stays pending.
 */
export function advance(
  rollout: RolloutMarks & Times,
  hosts: readonly RolloutHost[],
  now: number,
  isOnline: (hostId: string) => boolean,
  isHeld: (hostId: string) => boolean = () => false,
): Advance {
  const result: Advance = { start: [], skip: [] };
  if (now >= rollout.windowEndAt) {
    for (const host of hosts) if (host.state === 'notified') result.skip.push({ hostId: host.hostId, reason: 'NO_RESPONSE' });
  }
  const state = rolloutState(rollout, hosts, now);
  if (state === 'aborted' || state === 'halted' || state === 'completed') return result;
  if (now >= rollout.cutoffAt) {
    for (const host of hosts) if (host.state === 'pending') result.skip.push({ hostId: host.hostId, reason: 'PAST_CUTOFF' });
    return result;
  }
  if (state !== 'running') return result;
  const open = hosts.filter((h) => !FINAL_STATES.has(h.state));
  const wave = Math.min(...open.map((h) => h.wave));
  let capacity = concurrencyOf(rollout.options, hosts.length) - open.filter((h) => IN_FLIGHT_STATES.has(h.state)).length;
  const waiting = open.filter((h) => h.wave === wave && h.state === 'pending').sort((a, b) => a.position - b.position);
  for (const host of waiting) {
    if (capacity <= 0) break;
    // A host under its tenant's critical period waits, as outside a window: pending, until the cutoff.
    if (isHeld(host.hostId)) continue;
    if (!isOnline(host.hostId)) result.skip.push({ hostId: host.hostId, reason: 'AGENT_OFFLINE' });
    else {
      result.start.push(host.hostId);
      capacity -= 1;
    }
  }
  return result;
}
