import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlanStatus, notifyHost, skipHost } from '../../../control-plane/rollouts/host-machine.ts';
import { FINAL_STATES, IN_FLIGHT_STATES, type RolloutHost } from '../../../control-plane/rollouts/model.ts';
import { advance, rolloutState } from '../../../control-plane/rollouts/progress.ts';
import { CUTOFF_AT, DURING, END_AT, START_AT, fixture, withStates } from './domain-fixtures.ts';

const online = () => true;

describe('rollout state', () => {
  it.each([
    ['scheduled before the window opens', {}, {}, START_AT - 1],
    ['running once the window is open', {}, {}, DURING],
    ['paused while ops hold it', { pausedAt: DURING }, {}, DURING],
    ['aborted once ops abort it, whatever the hosts', { abortedAt: DURING }, { h000: 'failed' }, DURING],
    ['halted by any canary failure', {}, { h000: 'failed' }, DURING],
    ['halted by a canary rollback', {}, { h000: 'rolled-back' }, DURING],
    ['completed when every host is done', {}, { h000: 'succeeded', h001: 'skipped', h002: 'succeeded', h003: 'succeeded' }, DURING],
  ] as const)('is %s', (_name, marks, states, now) => {
    const { rollout, hosts } = fixture(4, { canary: 1, batchSize: 3, maxErrors: 1 });
    const expected = _name.split(' ')[0];
    expect(rolloutState({ ...rollout, ...marks }, withStates(hosts, states), now)).toBe(expected);
  });

  it('halts only when errors pass the limit outside the canary', () => {
    const { rollout, hosts } = fixture(6, { canary: 1, batchSize: 5, maxErrors: 1 });
    expect(rolloutState(rollout, withStates(hosts, { h000: 'succeeded', h001: 'failed' }), DURING)).toBe('running');
    expect(rolloutState(rollout, withStates(hosts, { h000: 'succeeded', h001: 'failed', h002: 'rolled-back' }), DURING)).toBe('halted');
  });
});

describe('advance', () => {
  it('starts the canary alone, then the next wave only when the canary succeeded', () => {
    const { rollout, hosts } = fixture(5, { canary: 1, batchSize: 2, maxConcurrency: 10 });
    expect(advance(rollout, hosts, DURING, online)).toEqual({ start: ['h000'], skip: [] });
    expect(advance(rollout, withStates(hosts, { h000: 'running' }), DURING, online).start).toEqual([]);
    expect(advance(rollout, withStates(hosts, { h000: 'succeeded' }), DURING, online).start).toEqual(['h001', 'h002']);
  });

  it('starts nothing after a canary failure, while its running hosts may still finish', () => {
    const { rollout, hosts } = fixture(5, { canary: 2, batchSize: 2 });
    const moved = withStates(hosts, { h000: 'failed', h001: 'running' });
    expect(advance(rollout, moved, DURING, online)).toEqual({ start: [], skip: [] });
    expect(rolloutState(rollout, moved, DURING)).toBe('halted');
  });

  it('halts the waves not yet started once errors pass maxErrors', () => {
    const { rollout, hosts } = fixture(10, { canary: 0, batchSize: 4, maxErrors: 1, maxConcurrency: 4 });
    const moved = withStates(hosts, { h000: 'failed', h001: 'rolled-back', h002: 'succeeded', h003: 'succeeded' });
    expect(advance(rollout, moved, DURING, online).start).toEqual([]);
    expect(advance(rollout, withStates(moved, { h001: 'succeeded' }), DURING, online).start).toEqual(['h004', 'h005', 'h006', 'h007']);
  });

  it('keeps at most maxConcurrency hosts with a plan out', () => {
    const { rollout, hosts } = fixture(10, { canary: 0, batchSize: 10, maxConcurrency: 3 });
    expect(advance(rollout, hosts, DURING, online).start).toEqual(['h000', 'h001', 'h002']);
    expect(advance(rollout, withStates(hosts, { h000: 'succeeded', h001: 'running', h002: 'notified' }), DURING, online).start).toEqual(['h003']);
  });

  it('skips hosts whose agent is offline when their turn comes, without using a slot', () => {
    const { rollout, hosts } = fixture(4, { canary: 0, batchSize: 4, maxConcurrency: 2 });
    const next = advance(rollout, hosts, DURING, (id) => id !== 'h000');
    expect(next).toEqual({ start: ['h001', 'h002'], skip: [{ hostId: 'h000', reason: 'AGENT_OFFLINE' }] });
  });

  it('starts no host from the cutoff on and skips those that never started', () => {
    const { rollout, hosts } = fixture(3, { canary: 0, batchSize: 3 });
    const next = advance(rollout, withStates(hosts, { h000: 'running' }), CUTOFF_AT, online);
    expect(next).toEqual({ start: [], skip: [{ hostId: 'h001', reason: 'PAST_CUTOFF' }, { hostId: 'h002', reason: 'PAST_CUTOFF' }] });
  });

  it('starts nothing before the window opens or while paused', () => {
    const { rollout, hosts } = fixture(3);
    expect(advance(rollout, hosts, START_AT - 1, online).start).toEqual([]);
    expect(advance({ ...rollout, pausedAt: DURING }, hosts, DURING, online).start).toEqual([]);
  });

  it('gives up on plans nobody answered by the window end', () => {
    const { rollout, hosts } = fixture(2, { canary: 0, batchSize: 2 });
    expect(advance(rollout, withStates(hosts, { h000: 'notified', h001: 'running' }), END_AT, online).skip).toEqual([{ hostId: 'h000', reason: 'NO_RESPONSE' }]);
  });
});

/** Simulates a rollout: each round advances, then some in-flight hosts finish with random outcomes. */
function simulate(n: number, concurrency: number, outcomes: boolean[], offline: Set<number>) {
  const { rollout, hosts: initial } = fixture(n, { canary: 1, batchSize: 3, maxConcurrency: concurrency, maxErrors: 2 });
  let hosts: RolloutHost[] = initial;
  let peak = 0;
  let cursor = 0;
  for (let round = 0; round < 4 * n + 4; round += 1) {
    const now = DURING + round * 1000;
    const next = advance(rollout, hosts, now, (id) => !offline.has(Number(id.slice(1))));
    hosts = hosts.map((h) => {
      const skip = next.skip.find((s) => s.hostId === h.hostId);
      if (skip) return skipHost(h, skip.reason, now);
      return next.start.includes(h.hostId) ? notifyHost(h, { planId: `pln_${h.hostId}xxxx`, version: 1, payload: '{}', signature: 'x' }, now) : h;
    });
    peak = Math.max(peak, hosts.filter((h) => IN_FLIGHT_STATES.has(h.state)).length);
    hosts = hosts.map((h) => {
      if (h.state !== 'notified') return h;
      const ok = outcomes[cursor++ % outcomes.length];
      return applyPlanStatus(h, { hostId: h.hostId, planId: h.planId!, rolloutId: h.rolloutId, at: now, state: ok ? 'succeeded' : 'failed' }, now) ?? h;
    });
  }
  return { rollout, hosts, peak };
}

describe('rollout progress properties', () => {
  it('never exceeds the concurrency limit and stops starting hosts once the error limit is passed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 10 }),
        (n, concurrency, outcomes, offline) => {
          const { rollout, hosts, peak } = simulate(n, concurrency, outcomes, new Set(offline));
          expect(peak).toBeLessThanOrEqual(concurrency);
          const state = rolloutState(rollout, hosts, DURING);
          expect(['completed', 'halted']).toContain(state);
          if (state === 'completed') expect(hosts.every((h) => FINAL_STATES.has(h.state))).toBe(true);
          const errors = hosts.filter((h) => h.state === 'failed').length;
          // Waves run one at a time, so at most one wave's worth of hosts can fail after the limit is passed.
          if (state === 'halted') expect(errors).toBeLessThanOrEqual(2 + 1 + 3);
          expect(hosts.filter((h) => h.state === 'skipped').every((h) => offline.includes(Number(h.hostId.slice(1))))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
