/** Rollouts and hosts at fixed instants for the pure domain's tests. */
import { DEFAULT_ROLLOUT_OPTIONS, type HostState, type Rollout, type RolloutHost, type RolloutOptions } from '../../../control-plane/rollouts/model.ts';
import { newRollout } from '../../../control-plane/rollouts/new-rollout.ts';

/** 2026-11-28 22:00 Asia/Shanghai. */
export const START_AT = Date.UTC(2026, 10, 28, 14, 0);
export const END_AT = START_AT + 4 * 3_600_000;
export const CUTOFF_AT = END_AT - 30 * 60_000;
export const DURING = START_AT + 60_000;

/** A rollout over hosts `h000`..`h<n-1>` of tenant `ten_a`, created a day before its window. */
export function fixture(n: number, options: Partial<RolloutOptions> = {}): { rollout: Rollout; hosts: RolloutHost[] } {
  const hosts = new Map(Array.from({ length: n }, (_, i) => [`h${String(i).padStart(3, '0')}`, 'ten_a']));
  return newRollout(
    {
      id: 'rol_fixture01',
      window: { id: 'win_1', trackId: 'xingkong/st-standard', startAt: START_AT, endAt: END_AT, cutoffAt: CUTOFF_AT },
      release: { id: 'rel_1', version: '1.2.3' },
      hosts,
      options: { ...DEFAULT_ROLLOUT_OPTIONS, ...options },
      steps: [{ name: 'apply', phase: 'apply', command: 'tideway-apply', args: [], timeoutMs: 60_000 }],
      createdBy: 'test',
    },
    START_AT - 86_400_000,
  );
}

/** The hosts with some moved to `state` (as if plans were sent first where needed). */
export function withStates(hosts: readonly RolloutHost[], states: Record<string, HostState>): RolloutHost[] {
  return hosts.map((h) => (states[h.hostId] ? { ...h, state: states[h.hostId], planId: h.planId ?? `pln_${h.hostId}xxxx` } : h));
}
