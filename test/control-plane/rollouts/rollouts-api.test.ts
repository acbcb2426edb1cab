/**
 * Rollouts through the real app: fake agents on real WebSockets receive signed plans and
 * answer with plan-status records; the rollout moves on from what ingest commits.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { saveRelease, saveWindow } from '../../helpers/rollouts.ts';
import { answer, connect, fleetOf, nextPlan, type FakeAgent } from './harness.ts';

const HOUR_MS = 3_600_000;
const key = generateSigningKey();
let cp: TestControlPlane;
let now: number;
let tenantA: string;
let ops: string;

beforeEach(async () => {
  now = Date.now();
  cp = await startControlPlane({ listen: true, signingKey: key, clock: () => now });
  tenantA = cp.tenant('Tenant A');
  ops = cp.token('ops-operator');
});
afterEach(async () => cp.close());

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  cp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

/** A window open now over the agents' hosts, a release, and a rollout of it created through the API. */
async function rolloutOver(agents: readonly { hostId: string }[], options: object, extraHosts: string[] = [], releaseId = 'rel_test01') {
  saveWindow(cp.store, { id: 'win_test01', now, coverage: { [tenantA]: [...agents.map((a) => a.hostId), ...extraHosts] } });
  if (!cp.store.releases.get(releaseId)) saveRelease(cp.store, { id: releaseId, version: releaseId, createdAt: now - HOUR_MS });
  const response = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId, options });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().rollout.id as string;
}

const hostStates = (rolloutId: string) => Object.fromEntries(cp.store.rollouts.hosts(rolloutId).map((h) => [h.hostId, h.state]));
const stateOf = (rolloutId: string) => cp.store.rollouts.get(rolloutId)!.state;
const alertRules = () => (cp.store.db.prepare('SELECT rule_id FROM alerts ORDER BY rule_id').pluck().all() as string[]);
const byHost = (agents: FakeAgent[]) => new Map(agents.map((a) => [a.hostId, a]));

describe('signed plans', () => {
  it('sends each host a plan that verifies with the public key and binds host, window, cutoff and steps', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 2);
    const rolloutId = await rolloutOver(agents, { canary: 0, batchSize: 2 });
    const window = cp.store.windows.get('win_test01')!;
    for (const agent of agents) {
      const plan = await nextPlan(agent, key.publicKeyPem);
      expect(plan).toMatchObject({ rolloutId, hostId: agent.hostId, tenantId: tenantA, releaseId: 'rel_test01', windowStartAt: window.startAt, windowEndAt: window.endAt, notAfter: window.cutoffAt, expiresAt: window.endAt, healthGateSeconds: 300 });
      expect(plan.steps.map((s) => s.command)).toEqual(['tideway-precheck', 'tideway-apply', 'tideway-postcheck', 'tideway-rollback']);
    }
    expect(hostStates(rolloutId)).toEqual(Object.fromEntries(agents.map((a) => [a.hostId, 'notified'])));
  });

  it('gives every later plan of a host a higher version', async () => {
    const [agent] = await fleetOf(cp, tenantA, 'erp', 1);
    await rolloutOver([agent], { canary: 0 });
    const first = await nextPlan(agent, key.publicKeyPem);
    await answer(agent, first, ['accepted', 'succeeded']);
    saveRelease(cp.store, { id: 'rel_test02', version: '2', createdAt: now });
    const response = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_test02' });
    expect(response.statusCode).toBe(201);
    const second = await nextPlan(agent, key.publicKeyPem);
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.planId).not.toBe(first.planId);
  });

  it('re-sends the plan a host has not answered when its agent says hello again', async () => {
    const [agent] = await fleetOf(cp, tenantA, 'erp', 1);
    await rolloutOver([agent], {});
    const plan = await nextPlan(agent, key.publicKeyPem);
    agent.client.socket.close();
    await agent.client.closed;
    const again = await connect(cp, agent, agent.name);
    expect(await nextPlan(again, key.publicKeyPem)).toEqual(plan);
    again.client.socket.close();
  });
});

describe('waves and limits', () => {
  it('halts the later waves when the canary fails, and raises rollout-failed', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 4);
    const rolloutId = await rolloutOver(agents, { canary: 1, batchSize: 3 });
    const canary = cp.store.rollouts.hosts(rolloutId).find((h) => h.wave === 0)!;
    const agent = byHost(agents).get(canary.hostId)!;
    const plan = await nextPlan(agent, key.publicKeyPem);
    await answer(agent, plan, ['accepted', ['running', { step: 'apply', phase: 'apply' }], ['failed', { step: 'apply', phase: 'apply', reason: 'exit 3' }]]);
    expect(stateOf(rolloutId)).toBe('halted');
    expect(Object.values(hostStates(rolloutId)).sort()).toEqual(['failed', 'pending', 'pending', 'pending']);
    expect(alertRules()).toContain('rollout-failed');
    expect(cp.store.audit.list(null, 20).map((e) => e.action)).toContain('rollout.halted');
  });

  it('stops starting waves once errors pass maxErrors, while hosts already running finish', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 6);
    const rolloutId = await rolloutOver(agents, { canary: 0, batchSize: 2, maxConcurrency: 2, maxErrors: 1 });
    const hosts = cp.store.rollouts.hosts(rolloutId);
    const agentOf = (position: number) => byHost(agents).get(hosts[position].hostId)!;
    const plans = await Promise.all([0, 1].map((p) => nextPlan(agentOf(p), key.publicKeyPem)));
    await answer(agentOf(0), plans[0], ['failed']);
    await answer(agentOf(1), plans[1], ['succeeded']);
    const wave1 = await Promise.all([2, 3].map((p) => nextPlan(agentOf(p), key.publicKeyPem)));
    await answer(agentOf(3), wave1[1], ['accepted', ['running', { step: 'apply' }]]);
    await answer(agentOf(2), wave1[0], ['rolled-back']);
    expect(stateOf(rolloutId)).toBe('halted');
    await answer(agentOf(3), wave1[1], ['succeeded']);
    expect(hostStates(rolloutId)).toEqual({
      [hosts[0].hostId]: 'failed', [hosts[1].hostId]: 'succeeded', [hosts[2].hostId]: 'rolled-back',
      [hosts[3].hostId]: 'succeeded', [hosts[4].hostId]: 'pending', [hosts[5].hostId]: 'pending',
    });
  });

  it('skips hosts whose agent is offline when their turn comes and goes on with the rest', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 2);
    const offline = cp.enroll(tenantA, 'erp-offline');
    const rolloutId = await rolloutOver(agents, { canary: 0, batchSize: 3 }, [offline.hostId]);
    expect(cp.store.rollouts.hosts(rolloutId).find((h) => h.hostId === offline.hostId)).toMatchObject({ state: 'skipped', reason: 'AGENT_OFFLINE', planId: null });
    for (const agent of agents) await answer(agent, await nextPlan(agent, key.publicKeyPem), ['succeeded']);
    expect(stateOf(rolloutId)).toBe('completed');
  });

  it('starts no host after the cutoff, and refuses a rollout for a window past it', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 3);
    const rolloutId = await rolloutOver(agents, { canary: 1, batchSize: 2 });
    const window = cp.store.windows.get('win_test01')!;
    now = window.cutoffAt;
    cp.app.rollouts.tick(now);
    expect(Object.values(hostStates(rolloutId)).sort()).toEqual(['notified', 'skipped', 'skipped']);
    expect(cp.store.rollouts.hosts(rolloutId).filter((h) => h.state === 'skipped').every((h) => h.reason === 'PAST_CUTOFF' && h.planId === null)).toBe(true);
    const late = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_test01' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('WINDOW_NOT_OPEN');
  });

  it('raises window-overrun for hosts still running at the window end', async () => {
    const [agent] = await fleetOf(cp, tenantA, 'erp', 1);
    await rolloutOver([agent], {});
    await answer(agent, await nextPlan(agent, key.publicKeyPem), ['accepted', ['running', { step: 'apply' }]]);
    now = cp.store.windows.get('win_test01')!.endAt + 5 * 60_000;
    cp.app.rollouts.tick(now);
    expect(alertRules()).toContain('window-overrun');
  });

  it('starts a rollout on its own when a window opens with a release due', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 2);
    saveWindow(cp.store, { id: 'win_auto01', now, coverage: { [tenantA]: agents.map((a) => a.hostId) } });
    saveRelease(cp.store, { id: 'rel_auto01', version: '1', createdAt: now - 2 * HOUR_MS });
    saveRelease(cp.store, { id: 'rel_after01', version: '2', createdAt: now });
    cp.app.rollouts.tick(now);
    cp.app.rollouts.tick(now);
    const rollouts = cp.store.rollouts.forWindow('win_auto01');
    expect(rollouts.map((r) => [r.releaseId, r.createdBy])).toEqual([['rel_auto01', 'system:rollouts']]);
    expect(Object.values(hostStates(rollouts[0].id))).toContain('notified');
  });
});

describe('ops actions', () => {
  it('pauses, resumes and aborts with reasons, each audited, and refuses a move the state does not allow', async () => {
    const agents = await fleetOf(cp, tenantA, 'erp', 3);
    const rolloutId = await rolloutOver(agents, { canary: 1, batchSize: 2 });
    const hosts = cp.store.rollouts.hosts(rolloutId);
    const canary = byHost(agents).get(hosts[0].hostId)!;
    const paused = await call('POST', `/api/v1/rollouts/${rolloutId}/pause`, ops, { reason: 'customer asked to wait' });
    expect(paused.json().rollout).toMatchObject({ state: 'paused', pauseReason: 'customer asked to wait' });
    await answer(canary, await nextPlan(canary, key.publicKeyPem), ['succeeded']);
    expect(Object.values(hostStates(rolloutId)).filter((s) => s === 'pending')).toHaveLength(2);
    expect((await call('POST', `/api/v1/rollouts/${rolloutId}/pause`, ops, { reason: 'again' })).json().error.code).toBe('INVALID_TRANSITION');
    const resumed = await call('POST', `/api/v1/rollouts/${rolloutId}/resume`, ops, { reason: 'go ahead' });
    expect(resumed.json().rollout.state).toBe('running');
    expect(Object.values(hostStates(rolloutId)).filter((s) => s === 'notified')).toHaveLength(2);
    const aborted = await call('POST', `/api/v1/rollouts/${rolloutId}/abort`, ops, { reason: 'wrong release' });
    expect(aborted.json().rollout).toMatchObject({ state: 'aborted', abortReason: 'wrong release' });
    expect((await call('POST', `/api/v1/rollouts/${rolloutId}/resume`, ops, { reason: 'x' })).statusCode).toBe(409);
    const audit = cp.store.audit.list(null, 50).filter((e) => e.target === rolloutId && e.tenantId === null);
    expect(audit.map((e) => [e.action, e.details.reason ?? null]).reverse()).toEqual([
      ['rollout.created', null], ['rollout.paused', 'customer asked to wait'], ['rollout.resumed', 'go ahead'], ['rollout.aborted', 'wrong release'],
    ]);
    expect(cp.store.audit.list(tenantA, 50).some((e) => e.action === 'rollout.aborted')).toBe(true);
  });

  it('answers stable codes for unknown rollouts, closed windows and releases of another track', async () => {
    expect((await call('POST', '/api/v1/rollouts/rol_missing01/pause', ops, { reason: 'x' })).json().error.code).toBe('ROLLOUT_NOT_FOUND');
    expect((await call('GET', '/api/v1/rollouts/rol_missing01', ops)).statusCode).toBe(404);
    const [agent] = await fleetOf(cp, tenantA, 'erp', 1);
    saveWindow(cp.store, { id: 'win_test01', now, coverage: { [tenantA]: [agent.hostId] } });
    saveRelease(cp.store, { id: 'rel_other01', trackId: 'cangqiong/agile', createdAt: now });
    const mismatch = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_other01' });
    expect(mismatch.json().error.code).toBe('RELEASE_TRACK_MISMATCH');
    saveRelease(cp.store, { id: 'rel_test01', version: '3', createdAt: now });
    const outside = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_test01', hostIds: ['hst_notcovered'] });
    expect(outside.json().error.code).toBe('HOST_NOT_COVERED');
    expect((await call('POST', '/api/v1/rollouts', cp.token('ops-viewer'), { windowId: 'win_test01', releaseId: 'rel_test01' })).statusCode).toBe(403);
  });
});

describe('reading rollouts', () => {
  it('shows a tenant only its own hosts\' part, and each host\'s patch history', async () => {
    const tenantB = cp.tenant('Tenant B');
    const [a] = await fleetOf(cp, tenantA, 'erp-a', 1);
    const [b] = await fleetOf(cp, tenantB, 'erp-b', 1);
    saveWindow(cp.store, { id: 'win_test01', now, coverage: { [tenantA]: [a.hostId], [tenantB]: [b.hostId] } });
    saveRelease(cp.store, { id: 'rel_test01', version: '9.1', createdAt: now - HOUR_MS });
    const created = await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_test01', options: { canary: 0, batchSize: 2 } });
    const rolloutId = created.json().rollout.id;
    await answer(a, await nextPlan(a, key.publicKeyPem), ['accepted', ['succeeded', { versionBefore: '9.0', versionAfter: '9.1' }]]);
    const viewer = cp.token('tenant-viewer', tenantA);
    const detail = (await call('GET', `/api/v1/rollouts/${rolloutId}`, viewer)).json();
    expect(detail.hosts.map((h: { hostId: string; hostName: string }) => [h.hostId, h.hostName])).toEqual([[a.hostId, 'erp-a-000']]);
    expect(detail.rollout).toMatchObject({ total: 1, tenantIds: [tenantA], counts: { succeeded: 1, notified: 0 } });
    expect(detail.waves).toEqual([{ index: 0, kind: 'batch', total: 1, counts: expect.objectContaining({ succeeded: 1 }) }]);
    expect((await call('GET', `/api/v1/rollouts?tenantId=${tenantA}`, viewer)).json().items.map((r: { id: string }) => r.id)).toEqual([rolloutId]);
    expect((await call('GET', `/api/v1/rollouts/${rolloutId}`, ops)).json().rollout.total).toBe(2);
    const history = (await call('GET', `/api/v1/hosts/${a.hostId}/patches`, viewer)).json().items;
    expect(history).toEqual([expect.objectContaining({ rolloutId, releaseId: 'rel_test01', releaseVersion: '9.1', versionBefore: '9.0', versionAfter: '9.1', outcome: 'succeeded' })]);
  });

  it('pushes rollout summaries to live viewers, a tenant seeing only its own hosts', async () => {
    const { default: WebSocket } = await import('ws');
    const tenantB = cp.tenant('Tenant B');
    const [a] = await fleetOf(cp, tenantA, 'erp-a', 1);
    const [b] = await fleetOf(cp, tenantB, 'erp-b', 1);
    const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${cp.token('tenant-viewer', tenantB)}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const pushed = new Promise<{ type: string; items: Array<{ id: string; total: number; tenantIds: string[] }> }>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'rollouts') resolve(message);
      }),
    );
    saveWindow(cp.store, { id: 'win_test01', now, coverage: { [tenantA]: [a.hostId], [tenantB]: [b.hostId] } });
    saveRelease(cp.store, { id: 'rel_test01', createdAt: now - HOUR_MS });
    const rolloutId = (await call('POST', '/api/v1/rollouts', ops, { windowId: 'win_test01', releaseId: 'rel_test01' })).json().rollout.id;
    const message = await pushed;
    expect(message.items).toEqual([expect.objectContaining({ id: rolloutId, total: 1, tenantIds: [tenantB] })]);
    socket.close();
  });

  it('exposes patch outcomes in /metrics with host and tenant labels, clean for promtool', async () => {
    const [agent] = await fleetOf(cp, tenantA, 'erp', 1);
    await rolloutOver([agent], {});
    await answer(agent, await nextPlan(agent, key.publicKeyPem), ['succeeded']);
    const text = (await call('GET', '/metrics', cp.token('ops-viewer'))).body;
    expect(text).toMatch(/tideway_host_patch_last_outcome\{host="erp-000",host_id="[^"]+",tenant="Tenant A",product="",outcome="succeeded"\} 1/);
    expect(text).toMatch(/tideway_host_patch_last_success_timestamp_seconds\{host="erp-000"/);
    expect(text).toContain('tideway_rollout_plans_sent_total 1');
    // Node's own default metrics carry promtool remarks of their own; the tideway_ series must carry none.
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`.split('\n').filter((line) => line.includes('tideway_'))).toEqual([]);
  });
});
