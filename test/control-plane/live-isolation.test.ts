/**
 * Tenant isolation on the dashboard live socket: while tenant A's host reports, alerts, opens
 * an incident, gets a critical period and a rollout, ops see every push and tenant B's
 * viewer and admin see none of it, whatever they send. Every client message type of the
 * live schema has a case; every push type ops received has a trigger here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientMessageSchema } from '../../control-plane/plugins/live.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';
import { arbitraryOf, type JsonSchema } from '../helpers/schema-arbitrary.ts';

type LiveMessage = { type: string; code?: string; [key: string]: unknown };
interface Viewer {
  socket: WebSocket;
  messages: LiveMessage[];
  next(predicate: (m: LiveMessage) => boolean): Promise<LiveMessage>;
}

let cp: TestControlPlane;
let rulesDir: string;
let a: { tenantId: string; hostId: string; agentId: string };
let bHostId: string;
const viewers: Record<'ops' | 'bViewer' | 'bAdmin', Viewer> = {} as never;
/** Ids of everything tenant A gets during the run; none may reach tenant B. */
const aIds: string[] = [];

async function connectViewer(token: string): Promise<Viewer> {
  const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } });
  const messages: LiveMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  const next = (predicate: (m: LiveMessage) => boolean) =>
    new Promise<LiveMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such live message; got ${JSON.stringify(messages.map((m) => m.type))}`)), 10_000);
      const look = () => {
        const found = messages.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(look);
      };
      look();
    });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, messages, next };
}

beforeAll(async () => {
  rulesDir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
  writeFileSync(join(rulesDir, 'spike.yaml'), 'rules:\n  - id: cpu-spike\n    kind: metric-threshold\n    severity: critical\n    metric: cpu_percent\n    op: ">"\n    threshold: 90\n    summary: CPU spike on {{host}}\n');
  cp = await startControlPlane({ listen: true, rulesDir });
  const tenantId = cp.tenant('Tenant A');
  a = { tenantId, ...cp.enroll(tenantId, 'a-secret-host') };
  aIds.push(a.tenantId, a.hostId, a.agentId, 'a-secret-host');
  const tenantB = cp.tenant('Tenant B');
  bHostId = cp.enroll(tenantB, 'b-host').hostId;
  viewers.ops = await connectViewer(cp.token('ops-viewer'));
  viewers.bViewer = await connectViewer(cp.token('tenant-viewer', tenantB));
  viewers.bAdmin = await connectViewer(cp.token('tenant-admin', tenantB));
});
afterAll(async () => {
  for (const viewer of Object.values(viewers)) viewer.socket.close();
  await cp.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

type ClientType = (typeof ClientMessageSchema.anyOf)[number]['properties']['type']['const'];
const CLIENT_TYPES = ClientMessageSchema.anyOf.map((schema) => schema.properties.type.const);

/** What tenant B sends, per client message type, and the answer it must get (null: none). */
const CLIENT_CASES: Record<ClientType, Array<{ name: string; message: () => object; answer: string | null }>> = {
  watch: [
    { name: "A's host", message: () => ({ type: 'watch', hostId: a.hostId }), answer: 'NOT_FOUND' },
    { name: "A's host with A's tenant named", message: () => ({ type: 'watch', hostId: a.hostId, tenantId: a.tenantId }), answer: 'INVALID_MESSAGE' },
    { name: "A's agent id as a host", message: () => ({ type: 'watch', hostId: a.agentId }), answer: 'NOT_FOUND' },
  ],
  unwatch: [
    { name: "naming A's host", message: () => ({ type: 'unwatch', hostId: a.hostId }), answer: 'INVALID_MESSAGE' },
    { name: 'after watching its own host', message: () => ({ type: 'unwatch' }), answer: null },
  ],
};

/** Each push type, how tenant A causes it, and how ops recognise it. */
const PUSHES: Record<string, { trigger: () => Promise<void> | void; isA: (m: LiveMessage) => boolean }> = {
  sample: {
    trigger: async () => {
      cp.app.fleet.connected(a.hostId, '0.1.0', 15, Date.now());
      await cp.app.ingest.submit({ ...a, streamId: 'stream-aaaa-01', intervalSeconds: 15, receivedAt: Date.now(), records: [sampleRecord(1, Date.now(), 99)] });
    },
    isA: (m) => m.hostId === a.hostId,
  },
  hosts: { trigger: () => {}, isA: (m) => JSON.stringify(m).includes(a.hostId) },
  alerts: { trigger: () => {}, isA: (m) => JSON.stringify(m).includes('cpu-spike') },
  incidents: { trigger: () => {}, isA: (m) => JSON.stringify(m).includes(a.hostId) },
  'critical-period': {
    trigger: () => {
      const period = cp.app.criticalPeriods.declare({ tenantId: a.tenantId, kind: 'closing', title: 'a-closing', start: '2099-01-01T00:00', end: '2099-01-02T00:00' }, { actor: 'test', tenantId: null }, Date.now());
      aIds.push(period.id);
    },
    isA: (m) => JSON.stringify(m).includes(a.tenantId),
  },
  rollouts: {
    trigger: () => {
      const now = Date.now();
      saveWindow(cp.store, { id: 'win_live_a', now, coverage: { [a.tenantId]: [a.hostId] } });
      saveRelease(cp.store, { id: 'rel_live_a', tenantId: a.tenantId, createdAt: now - 86_400_000 });
      aIds.push(cp.app.rollouts.create({ windowId: 'win_live_a', releaseId: 'rel_live_a' }, 'test', now).id, 'win_live_a', 'rel_live_a');
    },
    isA: (m) => JSON.stringify(m).includes('rel_live_a') || JSON.stringify(m).includes(a.tenantId),
  },
};

/** A round trip that changes no subscription: every push sent to the socket before now has arrived. */
async function drain(viewer: Viewer) {
  const before = viewer.messages.length;
  viewer.socket.send(JSON.stringify({ type: 'drain-marker' }));
  await viewer.next((m) => m.code === 'INVALID_MESSAGE' && viewer.messages.indexOf(m) >= before);
}

describe('live socket tenant isolation', () => {
  it('has cases for every client message type of the live schema', () => {
    expect(Object.keys(CLIENT_CASES).sort()).toEqual([...CLIENT_TYPES].sort());
  });

  const clientRows = Object.entries(CLIENT_CASES).flatMap(([type, cases]) => cases.map((c) => ({ type, ...c })));
  it.each(clientRows)('tenant B sending $type $name gets $answer and no subscription to A', async ({ message, answer }) => {
    for (const viewer of [viewers.bViewer, viewers.bAdmin]) {
      viewer.socket.send(JSON.stringify({ type: 'watch', hostId: bHostId }));
      const before = viewer.messages.length;
      viewer.socket.send(JSON.stringify(message()));
      await drain(viewer);
      const answers = viewer.messages.slice(before).filter((m) => m.type === 'error').map((m) => m.code);
      expect(answers).toEqual(answer === null ? ['INVALID_MESSAGE'] : [answer, 'INVALID_MESSAGE']);
    }
  });

  it("pushes tenant A's hosts, samples, alerts, incidents, critical periods and rollouts to ops and none of them to tenant B", async () => {
    viewers.ops.socket.send(JSON.stringify({ type: 'watch', hostId: a.hostId }));
    for (const viewer of [viewers.bViewer, viewers.bAdmin]) viewer.socket.send(JSON.stringify({ type: 'watch', hostId: a.hostId }));
    await drain(viewers.ops);
    for (const push of Object.values(PUSHES)) await push.trigger();
    for (const [type, push] of Object.entries(PUSHES)) await viewers.ops.next((m) => m.type === type && push.isA(m));
    const opsTypes = new Set(viewers.ops.messages.map((m) => m.type).filter((t) => t !== 'error'));
    expect([...opsTypes].filter((t) => !(t in PUSHES))).toEqual([]);
    for (const viewer of [viewers.bViewer, viewers.bAdmin]) {
      await drain(viewer);
      const text = JSON.stringify(viewer.messages);
      for (const id of aIds) expect(text).not.toContain(id);
      expect(viewer.messages.filter((m) => m.type === 'sample')).toEqual([]);
    }
  });

  it("stays isolated under fuzzed client frames: only error answers, and no sample of A's host afterwards", async () => {
    const frames = fc.oneof(
      arbitraryOf(ClientMessageSchema as unknown as JsonSchema).map((m) => JSON.stringify(m)),
      fc.record({ type: fc.constantFrom('watch', 'unwatch', 'subscribe'), hostId: fc.constantFrom(...aIds, bHostId), tenantId: fc.constantFrom(...aIds) }, { requiredKeys: ['type'] }).map((m) => JSON.stringify(m)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
    );
    const viewer = viewers.bAdmin;
    const sent = fc.sample(frames, { numRuns: 300 });
    const before = viewer.messages.length;
    for (const frame of sent) viewer.socket.send(frame);
    await drain(viewer);
    const answers = viewer.messages.slice(before);
    expect(answers.filter((m) => m.type !== 'error' || !['INVALID_MESSAGE', 'NOT_FOUND'].includes(String(m.code)))).toEqual([]);
    await cp.app.ingest.submit({ ...a, streamId: 'stream-aaaa-01', intervalSeconds: 15, receivedAt: Date.now(), records: [sampleRecord(2, Date.now(), 50)] });
    await viewers.ops.next((m) => m.type === 'sample' && m.hostId === a.hostId && (m.sample as { seq: number }).seq === 2);
    await drain(viewer);
    expect(viewer.socket.readyState).toBe(WebSocket.OPEN);
    expect(JSON.stringify(viewer.messages)).not.toContain(a.hostId);
    console.log(`RELIABILITY ${JSON.stringify({ fuzz: 'live-frames-cross-tenant', clientMessageTypes: CLIENT_TYPES.length, pushTypes: Object.keys(PUSHES).length, frames: sent.length })}`);
  });
});
