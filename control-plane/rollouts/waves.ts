/**
 * Wave planning (pure): a canary wave of `canary` hosts, then batches of `batchSize`.
 * Limits given as a share round up for sizes (10% of 5 hosts is a wave of 1, never 0) and
 * down for `maxErrors` (errors must pass the share itself: 10% of 15 hosts tolerates 1).
 */
import type { HostState, Limit, RolloutHost, RolloutOptions } from './model.ts';
import { HOST_STATES } from './model.ts';

/** `limit` as a count of `total` hosts; shares round up, or down with `round: 'down'`. */
export function resolveLimit(limit: Limit, total: number, round: 'up' | 'down' = 'up'): number {
  if (typeof limit === 'number') return limit;
  const share = (Number(limit.slice(0, -1)) * total) / 100;
  return round === 'up' ? Math.ceil(share) : Math.floor(share);
}

/** How many failed or rolled-back hosts a rollout tolerates. */
export const errorBudget = (options: RolloutOptions, total: number): number => resolveLimit(options.maxErrors, total, 'down');

/** Hosts notified or running at once (at least one). */
export const concurrencyOf = (options: RolloutOptions, total: number): number => Math.max(1, resolveLimit(options.maxConcurrency, total));

/** The wave of each host, in the order given; wave 0 is the canary when there is one. */
export function planWaves(total: number, options: Pick<RolloutOptions, 'canary' | 'batchSize'>): number[] {
  const canary = Math.min(total, resolveLimit(options.canary, total));
  const batch = Math.max(1, resolveLimit(options.batchSize, total));
  const waves: number[] = [];
  for (let i = 0; i < total; i += 1) {
    if (i < canary) waves.push(0);
    else waves.push((canary > 0 ? 1 : 0) + Math.floor((i - canary) / batch));
  }
  return waves;
}

/** True when the rollout has a canary wave (wave 0 is the canary). */
export const hasCanary = (options: RolloutOptions, total: number): boolean => Math.min(total, resolveLimit(options.canary, total)) > 0;

/** One wave as the API shows it. */
export interface WaveSummary {
  index: number;
  kind: 'canary' | 'batch';
  total: number;
  counts: Record<HostState, number>;
}

const emptyCounts = (): Record<HostState, number> => Object.fromEntries(HOST_STATES.map((s) => [s, 0])) as Record<HostState, number>;

/** Host counts per state, for one wave or the whole rollout. */
export function countStates(hosts: readonly Pick<RolloutHost, 'state'>[]): Record<HostState, number> {
  const counts = emptyCounts();
  for (const host of hosts) counts[host.state] += 1;
  return counts;
}

/** Every wave of the rollout with its host counts by state, in order. */
export function waveSummaries(hosts: readonly RolloutHost[], options: RolloutOptions): WaveSummary[] {
  const canary = hasCanary(options, hosts.length);
  const byWave = new Map<number, RolloutHost[]>();
  for (const host of hosts) {
    const members = byWave.get(host.wave);
    if (members) members.push(host);
    else byWave.set(host.wave, [host]);
  }
  return [...byWave.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const members = byWave.get(index)!;
      return { index, kind: canary && index === 0 ? 'canary' : 'batch', total: members.length, counts: countStates(members) };
    });
}
