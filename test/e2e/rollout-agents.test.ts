/**
 * Rollouts end to end with real agent processes (the bundled agent): each host's allow-list
 * maps the default recipe's command names to harmless shell scripts in a temp dir, which
 * leave marker files behind, so the test can see what really ran on each host.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';
import { AGENT_BUNDLE, agentCli, freePort, startAgent, stopChild, waitFor } from './processes.ts';
import { patchAgentConfig, stepsRan, writePatchScripts } from './patch-scripts.ts';

interface RealAgent {
  name: string;
  hostId: string;
  /** Where this host's scripts keep their marker files. */
  dir: string;
  child: ChildProcess;
  output: () => string;
}

interface RolloutDetail {
  rollout: { id: string; state: string; counts: Record<string, number> };
  hosts: Array<{ hostId: string; hostName: string; state: string; reason: string | null }>;
}

const ARTIFACT = Buffer.from('tideway e2e patch payload\n');
const ARTIFACT_SHA256 = createHash('sha256').update(ARTIFACT).digest('hex');

let cp: TestControlPlane;
let root: string;
let opsToken: string;
let artifactUrl: string;
const agents: RealAgent[] = [];
const artifactServer = createServer((request, response) => {
  if (request.url === '/patch.bin') response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(ARTIFACT);
  else response.writeHead(404).end();
});

async function startRealAgent(tenantId: string, name: string, markers: string[] = []): Promise<RealAgent> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const marker of markers) writeFileSync(join(dir, marker), '');
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, patchAgentConfig(writePatchScripts(dir)));
  const stateDir = join(dir, 'state');
  const { token } = createEnrollmentToken(cp.store, { tenantId }, Date.now());
  const enrolled = await agentCli('enroll', '--server', cp.url, '--token', token, '--state', stateDir);
  expect(enrolled.code, enrolled.output).toBe(0);
  const { hostId } = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as { hostId: string };
  const { child, output } = startAgent(stateDir, 1, config);
  const agent: RealAgent = { name, hostId, dir, child, output };
  agents.push(agent);
  await waitFor(`${name} online`, () => cp.app.fleet.get(hostId)?.status === 'up' || undefined, 30_000);
  return agent;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${cp.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${opsToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** A window open now over `hosts`, a release registered after it opened, and a rollout over them. */
async function startRollout(id: string, tenantId: string, hosts: RealAgent[], options: Record<string, unknown>, window: { cutoffAt?: number } = {}): Promise<string> {
  const now = Date.now();
  saveWindow(cp.store, { id: `win_${id}`, now, cutoffAt: window.cutoffAt, coverage: { [tenantId]: hosts.map((h) => h.hostId) } });
  saveRelease(cp.store, { id: `rel_${id}`, tenantId, version: '2.0.0', createdAt: now, artifacts: [{ name: 'patch.bin', sha256: ARTIFACT_SHA256, url: artifactUrl }] });
  const created = await api<RolloutDetail>('POST', '/api/v1/rollouts', { windowId: `win_${id}`, releaseId: `rel_${id}`, options });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json.rollout.id;
}

const detail = async (rolloutId: string) => (await api<RolloutDetail>('GET', `/api/v1/rollouts/${rolloutId}`)).json;

async function settled(rolloutId: string, states: string[]): Promise<RolloutDetail> {
  return waitFor(
    `rollout ${rolloutId} to end (${states.join(' or ')})\n${agents.map((a) => `--- ${a.name}\n${a.output().slice(-2000)}`).join('\n')}`,
    async () => {
      const current = await detail(rolloutId);
      return states.includes(current.rollout.state) && current.hosts.every((h) => ['succeeded', 'failed', 'rolled-back', 'skipped', 'pending'].includes(h.state)) ? current : undefined;
    },
    60_000,
    250,
  );
}

const ran = (agent: RealAgent) => stepsRan(agent.dir);
// The order waves take hosts in: host ids by code point.
const byHostId = (a: RealAgent, b: RealAgent) => (a.hostId < b.hostId ? -1 : 1);
const stateOf = (d: RolloutDetail, agent: RealAgent) => d.hosts.find((h) => h.hostId === agent.hostId)!;

beforeAll(async () => {
  if (!existsSync(AGENT_BUNDLE)) throw new Error('dist/tideway-agent.mjs is missing; run `npm run build`');
  root = mkdtempSync(join(tmpdir(), 'tideway-rollout-e2e-'));
  const port = await freePort();
  await new Promise<void>((resolve) => artifactServer.listen(port, '127.0.0.1', resolve));
  artifactUrl = `http://127.0.0.1:${port}/patch.bin`;
  cp = await startControlPlane({ listen: true, timers: true, rollouts: { tickMs: 500 } });
  opsToken = cp.token('ops-admin');
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => stopChild(a.child)));
  await cp?.close();
  artifactServer.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('rollouts with real agent processes', () => {
  it('halts the rollout when the canary fails: the canary rolls back and no other host runs a step', async () => {
    const tenantId = cp.tenant('Canary Co');
    const fleet = [];
    for (const name of ['canary-a', 'canary-b', 'canary-c']) fleet.push(await startRealAgent(tenantId, name, ['fail-apply']));
    const rolloutId = await startRollout('canary01', tenantId, fleet, { canary: 1, batchSize: 1, maxConcurrency: 1, maxErrors: 0, healthGateSeconds: 0 });

    const end = await settled(rolloutId, ['halted']);
    const canary = fleet.filter((agent) => stateOf(end, agent).state === 'rolled-back');
    expect(canary).toHaveLength(1);
    expect(ran(canary[0])).toMatch(/precheck 2\.0\.0\napply rel_canary01 2\.0\.0 patch\.bin\nrollback\n$/);
    for (const other of fleet.filter((agent) => agent !== canary[0])) {
      expect(stateOf(end, other).state).toBe('pending');
      expect(ran(other)).toBe('');
    }
    const history = await api<{ items: Array<{ outcome: string; releaseVersion: string }> }>('GET', `/api/v1/hosts/${canary[0].hostId}/patches`);
    expect(history.json.items[0]).toMatchObject({ outcome: 'rolled-back', releaseVersion: '2.0.0' });
  });

  it('runs the rollback when the health gate fails after apply, while a healthy host succeeds with the artifact verified', async () => {
    const tenantId = cp.tenant('Gate Co');
    const healthy = await startRealAgent(tenantId, 'gate-a');
    const breaking = await startRealAgent(tenantId, 'gate-b', ['break-on-apply']);
    // Waves go in host-id order: make sure the healthy host is the canary.
    const [first, second] = [healthy, breaking].sort(byHostId);
    if (first !== healthy) {
      rmSync(join(breaking.dir, 'break-on-apply'));
      writeFileSync(join(healthy.dir, 'break-on-apply'), '');
    }
    const rolloutId = await startRollout('gate01', tenantId, [first, second], { canary: 1, batchSize: 1, maxConcurrency: 1, maxErrors: 1, healthGateSeconds: 3 });

    const end = await settled(rolloutId, ['completed']);
    expect(stateOf(end, first).state).toBe('succeeded');
    expect(readFileSync(join(first.dir, 'applied-artifact'))).toEqual(ARTIFACT);
    expect(stateOf(end, second)).toMatchObject({ state: 'rolled-back' });
    expect(stateOf(end, second).reason).toMatch(/HEALTH_GATE_FAILED/);
    expect(ran(second)).toMatch(/apply rel_gate01 2\.0\.0 patch\.bin\npostcheck\nrollback\n$/);
    expect(existsSync(join(second.dir, 'broken'))).toBe(false);

    const patches = async (agent: RealAgent) => (await api<{ items: Array<Record<string, unknown>> }>('GET', `/api/v1/hosts/${agent.hostId}/patches`)).json.items[0];
    expect(await patches(first)).toMatchObject({ outcome: 'succeeded', versionBefore: '1.0.0', versionAfter: '2.0.0' });
    expect(await patches(second)).toMatchObject({ outcome: 'rolled-back', versionBefore: '1.0.0', versionAfter: '1.0.0' });
  });

  it('honours the cutoff: a step due after it does not start on the agent, and hosts whose turn comes later are skipped', async () => {
    const tenantId = cp.tenant('Cutoff Co');
    const fleet = [await startRealAgent(tenantId, 'cutoff-a', ['slow-precheck']), await startRealAgent(tenantId, 'cutoff-b', ['slow-precheck'])];
    const rolloutId = await startRollout('cutoff01', tenantId, fleet, { canary: 1, batchSize: 1, maxConcurrency: 1, maxErrors: 1, healthGateSeconds: 0 }, { cutoffAt: Date.now() + 4000 });

    const end = await settled(rolloutId, ['halted', 'completed']);
    const [started, later] = [...fleet].sort(byHostId);
    // The pre-check began before the cutoff and ran past it; apply would start after it.
    expect(stateOf(end, started).state).toBe('failed');
    expect(stateOf(end, started).reason).toMatch(/CUTOFF_REACHED/);
    expect(ran(started)).toBe('precheck 2.0.0\n');
    expect(stateOf(end, later)).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/PAST_CUTOFF/) });
    expect(ran(later)).toBe('');
  });
});
