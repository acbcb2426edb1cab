import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLLOUT_OPTIONS } from '../../../control-plane/rollouts/model.ts';
import { concurrencyOf, errorBudget, planWaves, resolveLimit, waveSummaries } from '../../../control-plane/rollouts/waves.ts';
import { fixture, withStates } from './domain-fixtures.ts';

describe('limits', () => {
  it.each([
    [3, 100, 'up', 3],
    ['10%', 100, 'up', 10],
    ['10%', 5, 'up', 1],
    ['10%', 5, 'down', 0],
    ['10%', 15, 'down', 1],
    ['0%', 50, 'up', 0],
    ['100%', 7, 'down', 7],
  ] as const)('resolves %s of %i hosts rounding %s to %i', (limit, total, round, expected) => {
    expect(resolveLimit(limit, total, round)).toBe(expected);
  });

  it('tolerates the error share rounded down and always allows one host at a time', () => {
    expect(errorBudget({ ...DEFAULT_ROLLOUT_OPTIONS, maxErrors: '10%' }, 300)).toBe(30);
    expect(concurrencyOf({ ...DEFAULT_ROLLOUT_OPTIONS, maxConcurrency: 0 }, 10)).toBe(1);
    expect(concurrencyOf({ ...DEFAULT_ROLLOUT_OPTIONS, maxConcurrency: '5%' }, 300)).toBe(15);
  });
});

describe('wave planning', () => {
  it.each([
    [10, 1, 3, [0, 1, 1, 1, 2, 2, 2, 3, 3, 3]],
    [5, '20%', '40%', [0, 1, 1, 2, 2]],
    [4, 0, 2, [0, 0, 1, 1]],
    [3, 5, 1, [0, 0, 0]],
    [0, 1, 1, []],
  ] as const)('puts %i hosts with canary %s and batches of %s into waves %j', (total, canary, batchSize, expected) => {
    expect(planWaves(total, { canary, batchSize })).toEqual(expected);
  });

  it('summarises each wave with its kind and host counts by state', () => {
    const { rollout, hosts } = fixture(5, { canary: 1, batchSize: 2 });
    const waves = waveSummaries(withStates(hosts, { h000: 'succeeded', h001: 'running', h002: 'failed' }), rollout.options);
    expect(waves.map((w) => [w.index, w.kind, w.total])).toEqual([[0, 'canary', 1], [1, 'batch', 2], [2, 'batch', 2]]);
    expect(waves[1].counts).toMatchObject({ running: 1, failed: 1, pending: 0 });
    expect(waves[2].counts.pending).toBe(2);
  });
});
