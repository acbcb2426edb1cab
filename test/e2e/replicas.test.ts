/**
 * Three control-plane replicas on one real PostgreSQL, real agent processes failing over
 * along the list of replica URLs, a real webhook receiver. One replica (the leader) is killed
 * with SIGKILL while reports flow and a rollout is in flight: another takes the lead, every
 * report is stored once, no notification goes out twice, and the rollout completes with no
 * step run twice. Dashboards on every replica see an alert raised wherever its host reports.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey } from '../../control-plane/notices/secret-box.ts';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { createTenant } from '../../control-plane/services/tenants.ts';
import { createPostgresStore, type PostgresStore } from '../../control-plane/store/postgres/index.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';
import { createTestSchema } from '../helpers/test-store.ts';
import { patchAgentConfig, stepsRan, writePatchScripts } from './patch-scripts.ts';
import { agentCli, freePort, startAgent, startServe, stopChild, waitFor, type ServerProcess } from './processes.ts';
import { expectExactlyOnceWithoutHoles, RECORD_TABLES } from './stored-records.ts';

interface Replica {
  id: string;
  dir: string;
  port: number;
  server: ServerProcess | null;
}

interface Agent {
  name: string;
  hostId: string;
  dir: string;
  child: ChildProcess;
  output: () => string;
}

interface Delivery {
  key: string;
  status: string;
  alertname: string;
}

const ARTIFACT = Buffer.from('tideway replicas e2e patch\n');
const ARTIFACT_SHA256 = createHash('sha256').update(ARTIFACT).digest('hex');
const replicas: Replica[] = [];
const agents: Agent[] = [];
const deliveries: Delivery[] = [];
let root: string;
let schema: Awaited<ReturnType<typeof createTestSchema>>;
let store: PostgresStore;
let opsToken: string;
let tenantId: string;
let artifactUrl: string;

const receiver = createServer((request, response) => {
  if (request.url === '/patch.bin') return void response.writeHead(200).end(ARTIFACT);
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const payload = JSON.parse(body) as { status: string; alerts: Array<{ labels: Record<string, string> }> };
    deliveries.push({ key: String(request.headers['idempotency-key']), status: payload.status, alertname: payload.alerts[0]?.labels.alertname ?? '' });
    response.writeHead(200).end();
  });
});

const urlOf = (replica: Replica) => `http://127.0.0.1:${replica.port}`;
const running = () => replicas.filter((r) => r.server !== null);

async function health(replica: Replica): Promise<{ replicaId: string; leader: boolean } | undefined> {
  const response = await fetch(`${urlOf(replica)}/healthz`).catch(() => undefined);
  return response?.ok ? ((await response.json()) as { replicaId: string; leader: boolean }) : undefined;
}

async function startReplica(replica: Replica, rulesDir: string, notificationsFile: string): Promise<void> {
  replica.server = await startServe(replica.dir, replica.port, [
    '--store', schema.url, '--replica-id', replica.id, '--no-local-agent', '--rules-dir', rulesDir, '--notifications', notificationsFile,
  ]);
}

async function api<T>(replica: Replica, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${urlOf(replica)}${path}`, {
    method,
    headers: { authorization: `Bearer ${opsToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

async function startReplicaAgent(name: string, enrolAt: Replica): Promise<Agent> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'slow-precheck'), '');
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, patchAgentConfig(writePatchScripts(dir), ['servers:', ...replicas.map((r) => `  - ${urlOf(r)}`)]));
  const stateDir = join(dir, 'state');
  const { token } = createEnrollmentToken(store, { tenantId }, Date.now());
  const enrolled = await agentCli('enroll', '--server', urlOf(enrolAt), '--token', token, '--state', stateDir);
  expect(enrolled.code, enrolled.output).toBe(0);
  const { hostId } = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as { hostId: string };
  const { child, output } = startAgent(stateDir, 1, config);
  const agent: Agent = { name, hostId, dir, child, output };
  agents.push(agent);
  return agent;
}

/** Agents connected to each running replica, from its own `/metrics`. */
async function agentsPerReplica(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const replica of running()) {
    const text = await (await fetch(`${urlOf(replica)}/metrics`, { headers: { authorization: `Bearer ${opsToken}` } })).text();
    counts[replica.id] = Number(/^tideway_agents_connected (\d+)/m.exec(text)?.[1] ?? 0);
  }
  return counts;
}

/** A live dashboard socket on `replica` that keeps what it is sent. */
function watchLive(replica: Replica): { messages: Array<{ type: string; items?: Array<Record<string, unknown>> }>; socket: WebSocket } {
  const socket = new WebSocket(`${urlOf(replica).replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${opsToken}` } });
  const messages: Array<{ type: string; items?: Array<Record<string, unknown>> }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  return { messages, socket };
}

/** Every stored record seq of a host, all kinds, from PostgreSQL. */
function storedSeqs(hostId: string): number[] {
  const union = RECORD_TABLES.map((table) => `SELECT seq FROM ${table} WHERE host_id = ?`).join(' UNION ALL ');
  return store.db.prepare<unknown[], number>(`${union} ORDER BY 1`).pluck().all(...RECORD_TABLES.map(() => hostId));
}

/** The replica an agent last said hello to, from its own `link up` log lines. */
function holderOf(agent: Agent): Replica | undefined {
  const ups = [...agent.output().matchAll(/"msg":"link up"[^\n]*?"server":"([^"]+)"/g)];
  const url = ups[ups.length - 1]?.[1];
  return replicas.find((r) => url?.startsWith(urlOf(r)));
}

async function currentLeader(): Promise<Replica | undefined> {
  for (const replica of running()) if ((await health(replica))?.leader) return replica;
  return undefined;
}

/** The agent whose alert is watched across the kill: one the leader holds, so both its alert state and routing move. */
let alerting: Agent;

const agentLogs = () => agents.map((a) => `--- ${a.name}\n${a.output().slice(-1500)}`).join('\n');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tideway-replicas-'));
  schema = await createTestSchema();
  const receiverPort = await freePort();
  await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve));
  artifactUrl = `http://127.0.0.1:${receiverPort}/patch.bin`;
  const rulesDir = join(root, 'rules');
  mkdirSync(rulesDir);
  writeFileSync(join(rulesDir, 'app.yaml'), 'rules:\n  - id: app-broken\n    kind: check-state\n    severity: critical\n    statuses: [critical]\n    summary: App broken on {{host}}\n');
  const notificationsFile = join(root, 'notifications.yaml');
  writeFileSync(
    notificationsFile,
    `receivers:\n  - name: ops\n    kind: webhook\n    url: http://127.0.0.1:${receiverPort}/hook\nroute:\n  receiver: ops\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 4h\n`,
  );
  for (const id of ['r1', 'r2', 'r3']) replicas.push({ id, dir: join(root, id), port: await freePort(), server: null });
  // The first replica makes the keys; the others start with copies (as docs/deployment.md says).
  await startReplica(replicas[0], rulesDir, notificationsFile);
  for (const replica of replicas.slice(1)) {
    mkdirSync(replica.dir, { recursive: true });
    cpSync(join(replicas[0].dir, 'keys'), join(replica.dir, 'keys'), { recursive: true });
  }
  await Promise.all(replicas.slice(1).map((replica) => startReplica(replica, rulesDir, notificationsFile)));
  store = createPostgresStore(schema.url, { contactsKey: loadOrCreateSecretKey(replicas[0].dir), applicationName: 'tideway-e2e' });
  opsToken = createApiToken(store, { name: 'e2e', role: 'ops-admin', tenantId: null }, Date.now()).token;
  tenantId = createTenant(store, { name: 'Replica Co' }, Date.now()).id;
  // Nine agents, enrolled round robin; each starts at a random place in its list of all three.
  for (let i = 0; i < 9; i++) await startReplicaAgent(`host-${i}`, replicas[i % 3]);
}, 120_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => stopChild(a.child)));
  await Promise.all(running().map((r) => r.server!.stop()));
  store?.close();
  await schema?.drop();
  receiver.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('three replicas on one PostgreSQL', () => {
  it('spreads the agents over the replicas, with exactly one leader', async () => {
    const counts = await waitFor(`all nine agents connected\n${agentLogs()}`, async () => {
      const perReplica = await agentsPerReplica();
      return Object.values(perReplica).reduce((a, b) => a + b, 0) === 9 ? perReplica : undefined;
    }, 60_000);
    expect(Object.values(counts).filter((n) => n > 0).length, JSON.stringify(counts)).toBeGreaterThanOrEqual(2);
    const leaders = await waitFor('one leader', async () => {
      const states = await Promise.all(replicas.map(health));
      const leading = states.filter((s) => s?.leader);
      return leading.length === 1 ? leading : undefined;
    }, 15_000);
    expect(leaders).toHaveLength(1);
    // Whichever replica holds an agent, every replica's host list shows the host up and connected.
    for (const replica of replicas) {
      const hosts = await waitFor(`nine hosts up on ${replica.id}`, async () => {
        const list = await api<{ items: Array<{ status: string; connected: boolean; cpuPercent: number | null }> }>(replica, 'GET', '/api/v1/hosts?limit=50');
        return list.json.items.length === 9 && list.json.items.every((h) => h.status === 'up' && h.connected && h.cpuPercent !== null) ? list.json.items : undefined;
      }, 20_000);
      expect(hosts).toHaveLength(9);
    }
  });

  it('shows an alert raised on any replica to dashboards on every replica', async () => {
    const viewers = replicas.map(watchLive);
    await Promise.all(viewers.map(({ socket }) => new Promise((resolve) => socket.once('open', resolve))));
    const leader = await currentLeader();
    // Not a rollout target (those are agents 0-3); the leader holds none of the others only rarely.
    alerting = agents.slice(4).find((a) => holderOf(a) === leader) ?? agents[8];
    const broken = alerting;
    writeFileSync(join(broken.dir, 'broken'), '');
    await waitFor('the firing notification', () => deliveries.find((d) => d.alertname === 'app-broken' && d.status === 'firing'), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nalerts: ${JSON.stringify(store.db.prepare('SELECT rule_id, host_id, state FROM alerts').all())}\noutbox: ${JSON.stringify(store.db.prepare('SELECT receiver, status, state, last_error FROM notification_outbox').all())}\nchecks: ${JSON.stringify(store.db.prepare('SELECT * FROM check_events WHERE host_id = ?').all(broken.hostId))}\nlatest: ${JSON.stringify(store.samples.latest(broken.hostId)?.record.checks)}\n${replicas.map((r) => `--- ${r.id}\n${r.server?.output().slice(-3000)}`).join('\n')}`);
    });
    for (const [i, { messages }] of viewers.entries()) {
      await waitFor(`the alert on ${replicas[i].id}'s live socket`, () =>
        messages.some((m) => m.type === 'alerts' && m.items?.some((a) => a.ruleId === 'app-broken' && a.hostId === broken.hostId)) || undefined,
      10_000);
    }
    for (const { socket } of viewers) socket.close();
  });

  it('survives the leader being killed mid-rollout: a new leader within 30 s, every report stored once, no step run twice, no notification sent twice', async () => {
    const targets = agents.slice(0, 4);
    const now = Date.now();
    saveWindow(store, { id: 'win_replicas', now, coverage: { [tenantId]: targets.map((a) => a.hostId) } });
    saveRelease(store, { id: 'rel_replicas', tenantId, version: '2.0.0', createdAt: now, artifacts: [{ name: 'patch.bin', sha256: ARTIFACT_SHA256, url: artifactUrl }] });
    const created = await api<{ rollout: { id: string } }>(replicas[1], 'POST', '/api/v1/rollouts', {
      windowId: 'win_replicas', releaseId: 'rel_replicas', options: { canary: 1, batchSize: 1, maxConcurrency: 1, maxErrors: 0, healthGateSeconds: 0 },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const rolloutId = created.json.rollout.id;
    type Detail = { rollout: { state: string }; hosts: Array<{ hostId: string; state: string; reason: string | null }> };
    const detail = async () => (await api<Detail>(running()[0], 'GET', `/api/v1/rollouts/${rolloutId}`)).json;

    // Kill the leader once the first host is done and the rollout is still under way.
    await waitFor(`the first host patched\n${agentLogs()}`, async () => (await detail()).hosts.some((h) => h.state === 'succeeded') || undefined, 60_000);
    const leader = await currentLeader();
    console.log(`replicas e2e: killing leader ${leader?.id}; the alerting host's agent is on ${holderOf(alerting)?.id}`);
    expect(leader, 'a leader to kill').toBeDefined();
    const killedAt = Date.now();
    await leader!.server!.stop('SIGKILL');
    leader!.server = null;
    await waitFor('a new leader', async () => {
      for (const replica of running()) if ((await health(replica))?.leader) return true;
      return undefined;
    }, 30_000, 100);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(30_000);

    // The alert of the previous test resolves after the kill: one resolved notification.
    rmSync(join(alerting.dir, 'broken'));
    await waitFor('the resolved notification', () => deliveries.find((d) => d.alertname === 'app-broken' && d.status === 'resolved'), 45_000);

    const end = await waitFor(`the rollout to complete\n${agentLogs()}`, async () => {
      const current = await detail();
      return current.rollout.state === 'completed' ? current : undefined;
    }, 120_000, 500);
    for (const agent of targets) {
      expect(end.hosts.find((h) => h.hostId === agent.hostId)?.state, agent.name).toBe('succeeded');
      expect(stepsRan(agent.dir), `${agent.name} ran each step once`).toBe('precheck 2.0.0\napply rel_replicas 2.0.0 patch.bin\npostcheck\n');
    }

    // Every agent reconnected to a surviving replica and kept reporting.
    await waitFor('all nine agents on the two survivors', async () => Object.values(await agentsPerReplica()).reduce((a, b) => a + b, 0) === 9 || undefined, 30_000);

    // Revoked through one replica, an agent held by the other is cut off (exit 77: revoked).
    const revoked = agents.find((a) => running().includes(holderOf(a)!))!;
    const asked = running().find((r) => r !== holderOf(revoked))!;
    const { agentId } = JSON.parse(readFileSync(join(revoked.dir, 'state', 'credentials.json'), 'utf8')) as { agentId: string };
    const exited = new Promise<number | null>((resolve) => revoked.child.once('exit', resolve));
    expect((await api(asked, 'POST', `/api/v1/agents/${agentId}/revoke`)).status).toBe(200);
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))])).toBe(77);
    await Promise.all(agents.map((a) => stopChild(a.child)));
    for (const agent of agents) {
      const seqs = storedSeqs(agent.hostId);
      expect(seqs.length, `${agent.name} stored reports`).toBeGreaterThan(10);
      expectExactlyOnceWithoutHoles(seqs);
    }
    const keys = deliveries.map((d) => d.key);
    expect(new Set(keys).size, `no notification sent twice: ${JSON.stringify(deliveries)}`).toBe(keys.length);
    expect(deliveries.filter((d) => d.alertname === 'app-broken').map((d) => d.status)).toEqual(['firing', 'resolved']);
    console.log(`replicas e2e: leader ${leader!.id} killed, new leader after ${takeoverMs} ms`);
  });
});
