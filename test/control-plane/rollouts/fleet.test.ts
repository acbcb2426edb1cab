/**
 * A simulated fleet: 300 protocol clients over real WebSockets answer signed plans with
 * plan-status records, some failing, some never connected. The rollout's limits are checked
 * from the recorded timeline: when each host was sent its plan (server clock) and when its
 * final report was received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanBody, PlanStatusRecord } from '../../../protocol/index.ts';
import type { RolloutOptions } from '../../../control-plane/rollouts/model.ts';
import { generateSigningKey } from '../../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { planStatus, saveRelease, saveWindow, verifiedBody } from '../../helpers/rollouts.ts';
import { fleetOf, type FakeAgent } from './harness.ts';

const FLEET = 300;
const OFFLINE = 6;
const key = generateSigningKey();
let cp: TestControlPlane;
let agents: FakeAgent[];
let offline: string[];
/** Hosts that fail each release. */
const failing = new Map<string, Set<string>>();

/** Every agent answers each plan after a short random pause: accepted, two steps, then the outcome. */
function answerPlans(agent: FakeAgent) {
  agent.client.socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type !== 'plan') return;
    const plan: PlanBody = verifiedBody(message.plan, key.publicKeyPem);
    const fails = failing.get(plan.releaseId)?.has(agent.hostId) ?? false;
    const states: Array<[PlanStatusRecord['state'], Partial<PlanStatusRecord>]> = [
      ['accepted', {}],
      ['running', { step: 'pre-check', phase: 'pre-check' }],
      ['running', { step: 'apply', phase: 'apply', versionBefore: '1.0' }],
      fails ? ['rolled-back', { step: 'rollback', phase: 'rollback', reason: 'health gate failed' }] : ['succeeded', { versionAfter: plan.releaseVersion }],
    ];
    setTimeout(() => {
      const records = states.map(([state, extra]) => planStatus((agent.seq += 1), plan, state, extra));
      agent.client.send({ type: 'reports', streamId: agent.streamId, records });
    }, Math.floor(Math.random() * 15));
  });
}

beforeAll(async () => {
  const now = Date.now();
  cp = await startControlPlane({ listen: true, signingKey: key });
  const tenants = [cp.tenant('Tenant A'), cp.tenant('Tenant B'), cp.tenant('Tenant C')];
  agents = (await Promise.all(tenants.map((t, i) => fleetOf(cp, t, `t${i}-erp`, FLEET / 3)))).flat();
  offline = tenants.flatMap((t, i) => [0, 1].map((n) => cp.enroll(t, `t${i}-offline-${n}`).hostId));
  agents.forEach(answerPlans);
  const coverage = Object.fromEntries(tenants.map((t) => [t, [...agents.filter((a) => cp.store.hosts.get(a.hostId)!.tenantId === t).map((a) => a.hostId), ...offline.filter((h) => cp.store.hosts.get(h)!.tenantId === t)]]));
  saveWindow(cp.store, { id: 'win_fleet01', now, coverage });
  saveRelease(cp.store, { id: 'rel_fleet_ok', version: '2.0', createdAt: now - 3_600_000 });
  saveRelease(cp.store, { id: 'rel_fleet_bad', version: '2.1', createdAt: now - 3_600_000 });
}, 120_000);
afterAll(async () => {
  for (const agent of agents) agent.client.socket.close();
  await cp.close();
});

/** Resolves when the rollout reaches a final state. */
function settled(rolloutId: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const open = cp.store.rollouts.hosts(rolloutId).filter((h) => h.state === 'notified' || h.state === 'running');
      reject(new Error(`rollout still ${cp.store.rollouts.get(rolloutId)?.state}: ${JSON.stringify(open.slice(0, 3))}`));
    }, timeoutMs);
    const look = () => {
      const state = cp.store.rollouts.get(rolloutId)!.state;
      const inFlight = cp.store.rollouts.hosts(rolloutId).some((h) => h.state === 'notified' || h.state === 'running');
      if (['completed', 'halted', 'aborted'].includes(state) && !inFlight) {
        clearTimeout(timer);
        cp.app.rollouts.off('changed', look);
        resolve(state);
      }
    };
    cp.app.rollouts.on('changed', look);
    look();
  });
}

/** Each host's interval with a plan out: [sent, final report received), server clock. */
function timeline(rolloutId: string) {
  const finals = new Map(
    (cp.store.db.prepare("SELECT plan_id, min(received_at) AS at FROM plan_events WHERE rollout_id = ? AND state IN ('succeeded', 'failed', 'rolled-back') GROUP BY plan_id").all(rolloutId) as Array<{ plan_id: string; at: number }>).map((r) => [r.plan_id, r.at]),
  );
  return cp.store.rollouts.hosts(rolloutId).filter((h) => h.planId !== null).map((h) => ({ hostId: h.hostId, wave: h.wave, state: h.state, startAt: h.notifiedAt!, endAt: finals.get(h.planId!) ?? Infinity }));
}

/** The most hosts with a plan out at once; at equal instants an end counts before a start. */
function peakConcurrency(runs: ReturnType<typeof timeline>): number {
  const edges = runs.flatMap((r) => [[r.startAt, 1], [r.endAt, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (current += delta));
  return peak;
}

describe('a fleet of 300 agents', () => {
  it('completes a rollout within the concurrency and error limits, waves one after another, offline hosts skipped', async () => {
    // Hosts start in id order: the first five ids are the canary, which must pass for the batches to run.
    const canary = new Set([...agents.map((a) => a.hostId), ...offline].sort().slice(0, 5));
    failing.set('rel_fleet_ok', new Set(agents.filter((a, i) => i % 37 === 0 && !canary.has(a.hostId)).map((a) => a.hostId)));
    const options: Partial<RolloutOptions> = { canary: 5, batchSize: '20%', maxConcurrency: 25, maxErrors: '5%' };
    const rollout = cp.app.rollouts.create({ windowId: 'win_fleet01', releaseId: 'rel_fleet_ok', options }, 'test', Date.now());
    expect(await settled(rollout.id)).toBe('completed');
    const hosts = cp.store.rollouts.hosts(rollout.id);
    const inState = (state: string) => hosts.filter((h) => h.state === state);
    expect(inState('skipped').map((h) => h.hostId).sort()).toEqual([...offline].sort());
    expect(inState('rolled-back').length).toBe(failing.get('rel_fleet_ok')!.size);
    expect(inState('succeeded').length).toBe(FLEET - failing.get('rel_fleet_ok')!.size);
    const runs = timeline(rollout.id);
    expect(runs).toHaveLength(FLEET);
    const peak = peakConcurrency(runs);
    expect(peak).toBeLessThanOrEqual(25);
    expect(peak).toBeGreaterThan(1);
    for (let wave = 1; wave <= Math.max(...runs.map((r) => r.wave)); wave += 1) {
      const before = runs.filter((r) => r.wave === wave - 1);
      const after = runs.filter((r) => r.wave === wave);
      if (before.length && after.length) expect(Math.max(...before.map((r) => r.endAt))).toBeLessThanOrEqual(Math.min(...after.map((r) => r.startAt)));
    }
  }, 90_000);

  it('halts once errors pass the limit: no host is sent a plan after the halt, hosts already going finish', async () => {
    failing.set('rel_fleet_bad', new Set(agents.filter((_, i) => i % 3 === 0).map((a) => a.hostId)));
    const options = { canary: 0, batchSize: 60, maxConcurrency: 30, maxErrors: 10 };
    const rollout = cp.app.rollouts.create({ windowId: 'win_fleet01', releaseId: 'rel_fleet_bad', options }, 'test', Date.now());
    expect(await settled(rollout.id)).toBe('halted');
    const haltedAt = cp.store.rollouts.get(rollout.id)!.haltedAt!;
    const runs = timeline(rollout.id);
    expect(runs.filter((r) => r.startAt > haltedAt)).toEqual([]);
    expect(runs.every((r) => r.endAt !== Infinity)).toBe(true);
    expect(peakConcurrency(runs)).toBeLessThanOrEqual(30);
    const states = cp.store.rollouts.hosts(rollout.id).map((h) => h.state);
    expect(states.filter((s) => s === 'pending').length).toBeGreaterThan(100);
    // Errors past the limit come only from hosts that were already going when it was passed.
    expect(states.filter((s) => s === 'rolled-back').length).toBeLessThanOrEqual(10 + 30);
  }, 90_000);
});
