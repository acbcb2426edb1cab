/**
 * Rollout metrics on the app's registry: each host's latest patch outcome and last success
 * (labels as the fleet's per-host series: host, host_id, tenant, product), host counts by
 * state of the rollouts still open, and plans sent.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { FleetState } from '../services/fleet-state.ts';
import type { Store } from '../store/types.ts';
import { HOST_STATES } from './model.ts';
import { countStates } from './waves.ts';

const HOST_LABELS = ['host', 'host_id', 'tenant', 'product'] as const;
const OUTCOMES = ['succeeded', 'failed', 'rolled-back'] as const;

/** Registers the gauges; returns the counter of plans sent. */
export function registerRolloutMetrics(registry: Registry, store: Store, fleet: FleetState): Counter {
  // The outcome gauge is registered first: its collect fills the two timestamp gauges, which the registry serialises after it.
  let lastSuccess: Gauge | null = null;
  let lastRun: Gauge | null = null;
  new Gauge({
    name: 'tideway_host_patch_last_outcome',
    help: '1 for the outcome of the host\'s latest patch run (succeeded, failed, rolled-back), 0 for the others',
    labelNames: [...HOST_LABELS, 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      lastSuccess?.reset();
      lastRun?.reset();
      const tenants = new Map(store.tenants.list().map((t) => [t.id, t.name]));
      for (const outcome of store.rollouts.outcomes()) {
        const host = fleet.get(outcome.hostId);
        const labels = { host: host?.name ?? outcome.hostId, host_id: outcome.hostId, tenant: tenants.get(outcome.tenantId) ?? outcome.tenantId, product: host?.product ?? '' };
        for (const name of OUTCOMES) this.set({ ...labels, outcome: name }, outcome.state === name ? 1 : 0);
        lastRun?.set(labels, outcome.endedAt / 1000);
        if (outcome.lastSuccessAt !== null) lastSuccess?.set(labels, outcome.lastSuccessAt / 1000);
      }
    },
  });
  lastSuccess = new Gauge({
    name: 'tideway_host_patch_last_success_timestamp_seconds',
    help: 'when the host last finished a patch successfully',
    labelNames: HOST_LABELS,
    registers: [registry],
  });
  lastRun = new Gauge({ name: 'tideway_host_patch_last_run_timestamp_seconds', help: 'when the host last finished a patch run, any outcome', labelNames: HOST_LABELS, registers: [registry] });
  new Gauge({
    name: 'tideway_rollout_hosts',
    help: 'hosts of each open rollout by state',
    labelNames: ['rollout_id', 'release', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const rollout of store.rollouts.open()) {
        const counts = countStates(store.rollouts.hosts(rollout.id));
        for (const state of HOST_STATES) this.set({ rollout_id: rollout.id, release: rollout.releaseVersion, state }, counts[state]);
      }
    },
  });
  return new Counter({ name: 'tideway_rollout_plans_sent_total', help: 'signed patch plans sent to agents', registers: [registry] });
}
