/**
 * Tenant isolation on the agent WebSocket: an agent of tenant A names tenant B's host, agent,
 * stream, plan and rollout in every frame type it may send. Identity comes from the credential
 * only: such fields are refused (unknown fields) or stay A's own, B's rows do not change and
 * nothing of B comes back. The case table is checked against the protocol schema, so a new
 * message type or record kind without a case fails this file.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConnection } from '../../control-plane/services/agent-connection.ts';
import { AgentMessageSchema, PROTOCOL_VERSION, ReportRecordSchema, type PlanBody, type ServerMessage } from '../../protocol/index.ts';
import { generateSigningKey } from '../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent, isType, type ProtocolClient } from '../helpers/protocol-client.ts';
import { hostFacts, sampleRecord } from '../helpers/records.ts';
import { planStatus, saveRelease, saveWindow, verifiedBody } from '../helpers/rollouts.ts';
import { rowsOwnedBy } from '../helpers/db-snapshot.ts';
import { arbitraryOf, type JsonSchema } from '../helpers/schema-arbitrary.ts';

type AgentMessageType = (typeof AgentMessageSchema.anyOf)[number]['properties']['type']['const'];
const AGENT_MESSAGE_TYPES = AgentMessageSchema.anyOf.map((schema) => schema.properties.type.const);
const RECORD_KINDS = ReportRecordSchema.anyOf.map((schema) => schema.properties.kind.const);

const key = generateSigningKey();
let cp: TestControlPlane;
let a: { agentId: string; agentSecret: string; hostId: string; tenantId: string };
/** Tenant B, the victim: its ids, its stream with stored records, and a plan of its rollout. */
let b: { agentId: string; hostId: string; tenantId: string; streamId: string; plan: PlanBody; client: ProtocolClient };
let ownStreamSeq = 0;
/** Every frame A's sockets received during the current case. */
let received: ServerMessage[] = [];

beforeAll(async () => {
  cp = await startControlPlane({ listen: true, signingKey: key });
  const tenantA = cp.tenant('Tenant A');
  a = { ...cp.enroll(tenantA, 'a-host'), tenantId: tenantA };
  const tenantB = cp.tenant('Tenant B');
  const hostB = cp.enroll(tenantB, 'b-host');
  const client = await connectAgent(cp.url, hostB.agentId, hostB.agentSecret);
  const streamId = 'stream-bbbb-0001';
  await client.hello(streamId);
  await client.report(streamId, [sampleRecord(1, Date.now()), sampleRecord(2, Date.now())]);
  const now = Date.now();
  saveWindow(cp.store, { id: 'win_b', now, coverage: { [tenantB]: [hostB.hostId] } });
  saveRelease(cp.store, { id: 'rel_b', createdAt: now - 86_400_000 });
  cp.app.rollouts.create({ windowId: 'win_b', releaseId: 'rel_b' }, 'test', now);
  const plan = verifiedBody((await client.next(isType('plan'))).plan, key.publicKeyPem);
  b = { ...hostB, tenantId: tenantB, streamId, plan, client };
  // B's own hello is written in a batch a moment later; wait for it so it is not taken for A's doing.
  for (const deadline = Date.now() + 10_000; cp.store.agents.get(b.agentId)?.intervalSeconds !== 15; ) {
    if (Date.now() > deadline) throw new Error("B's hello was never recorded");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
afterAll(async () => {
  b.client.socket.close();
  await cp.close();
});

/** Everything tenant B owns, in the database and in the fleet's memory. */
const bState = () => ({
  rows: rowsOwnedBy(cp.store.db, [b.tenantId, b.hostId, b.agentId, b.plan.rolloutId]),
  live: cp.app.fleet.summary(cp.app.fleet.get(b.hostId)!),
});
const samplesOfA = () => cp.store.db.prepare('SELECT count(*) FROM samples WHERE host_id = ?').pluck().get(a.hostId) as number;

const hello = (streamId: string, extra: object = {}) => ({ type: 'hello', protocol: PROTOCOL_VERSION, streamId, agentVersion: '0.1.0', intervalSeconds: 15, ...extra });
const foreignIds = () => ({ agentId: b.agentId, hostId: b.hostId, tenantId: b.tenantId });

interface AgentCase {
  name: string;
  /** Record kinds this case puts in a frame naming B. */
  kinds?: string[];
  run(client: ProtocolClient): Promise<void>;
}

/** Sends a frame that carries B's ids as extra fields and expects it refused. */
const refused = (frame: () => object) => async (client: ProtocolClient) => {
  client.send(frame());
  expect(await client.next(isType('error'))).toMatchObject({ code: 'INVALID_MESSAGE' });
};
/** A's own stream, said hello to, with the next free seq. */
async function ownStream(client: ProtocolClient) {
  await client.hello('stream-aaaa-0001');
  ownStreamSeq += 1;
  return ownStreamSeq;
}

const CASES: Record<AgentMessageType, AgentCase[]> = {
  hello: [
    {
      name: "naming B's stream resumes A's own stream under A's ids",
      async run(client) {
        const welcome = await client.hello(b.streamId);
        expect(welcome).toMatchObject({ agentId: a.agentId, hostId: a.hostId, streamId: b.streamId, ackedSeq: 0 });
      },
    },
    { name: "carrying B's agent, host and tenant ids is refused", run: refused(() => hello('stream-aaaa-0001', foreignIds())) },
  ],
  reports: [
    {
      name: "on B's stream id are stored as A's host and never reach B",
      kinds: ['sample', 'facts', 'check-change', 'gap'],
      async run(client) {
        const welcome = await client.hello(b.streamId);
        const seq = welcome.ackedSeq + 1;
        const before = samplesOfA();
        await client.report(b.streamId, [
          sampleRecord(seq, Date.now()),
          { seq: seq + 1, at: Date.now(), kind: 'facts', facts: hostFacts('b-host') },
          { seq: seq + 2, at: Date.now(), kind: 'check-change', check: 'b-web', checkKind: 'http', from: 'ok', to: 'critical', message: 'b' },
          { seq: seq + 3, at: Date.now(), kind: 'gap', reason: 'outbox-full', fromSeq: 1, toSeq: 2, droppedCount: 2, fromAt: 1, toAt: 2 },
        ]);
        expect(samplesOfA()).toBe(before + 1);
      },
    },
    {
      name: "of plan-status naming B's plan and rollout leave B's rollout host as it was",
      kinds: ['plan-status'],
      async run(client) {
        const seq = await ownStream(client);
        await client.report('stream-aaaa-0001', [planStatus(seq, b.plan, 'accepted'), planStatus(seq + 1, b.plan, 'succeeded')]);
        ownStreamSeq += 1;
        expect(cp.store.rollouts.hosts(b.plan.rolloutId).map((h) => [h.hostId, h.state])).toEqual([[b.hostId, 'notified']]);
      },
    },
    { name: "carrying B's ids on the frame is refused", run: refused(() => ({ type: 'reports', streamId: b.streamId, records: [sampleRecord(1, 1)], ...foreignIds() })) },
    {
      name: "carrying B's ids on a record is refused",
      kinds: RECORD_KINDS,
      async run(client) {
        await ownStream(client);
        for (const kind of RECORD_KINDS) {
          const record = kind === 'plan-status' ? planStatus(ownStreamSeq, b.plan, 'accepted') : { ...sampleRecord(ownStreamSeq, 1), kind };
          client.send({ type: 'reports', streamId: 'stream-aaaa-0001', records: [{ ...record, hostId: b.hostId }] });
          expect(await client.next(isType('error'))).toMatchObject({ code: 'INVALID_MESSAGE' });
          // More than five invalid frames close the socket; reconnect between kinds.
          if (kind !== RECORD_KINDS.at(-1)) client = await reconnect(client);
        }
      },
    },
  ],
  ping: [
    {
      name: "is answered to A alone and leaves B's clock skew alone",
      async run(client) {
        await client.hello('stream-aaaa-0001');
        client.send({ type: 'ping', sentAt: Date.now() - 3_600_000 });
        expect(await client.next(isType('pong'))).toMatchObject({ type: 'pong' });
      },
    },
    { name: "carrying B's host id is refused", run: refused(() => ({ type: 'ping', sentAt: Date.now(), ...foreignIds() })) },
  ],
};

async function connectA() {
  const client = await connectAgent(cp.url, a.agentId, a.agentSecret);
  client.socket.on('message', (data) => received.push(JSON.parse(String(data))));
  return client;
}

async function reconnect(client: ProtocolClient) {
  client.socket.close();
  await client.closed;
  const next = await connectA();
  await next.hello('stream-aaaa-0001');
  return next;
}

/** No frame to A mentions anything of B. */
function expectNothingOfB(messages: ServerMessage[]) {
  const text = JSON.stringify(messages);
  for (const id of [b.agentId, b.hostId, b.tenantId, 'b-host', b.plan.rolloutId, b.plan.planId]) expect(text).not.toContain(id);
}

describe('agent WebSocket tenant isolation', () => {
  it('has a case for every agent message type and every record kind in the protocol', () => {
    expect(Object.keys(CASES).sort()).toEqual([...AGENT_MESSAGE_TYPES].sort());
    for (const type of AGENT_MESSAGE_TYPES) expect(CASES[type].length, type).toBeGreaterThan(0);
    const kinds = new Set(Object.values(CASES).flatMap((cases) => cases.flatMap((c) => c.kinds ?? [])));
    expect([...kinds].sort()).toEqual([...RECORD_KINDS].sort());
  });

  const rows = Object.entries(CASES).flatMap(([type, cases]) => cases.map((c) => ({ type, ...c })));
  it.each(rows)("an agent of tenant A sending $type $name changes and learns nothing of tenant B", async ({ run }) => {
    const before = bState();
    received = [];
    const client = await connectA();
    await run(client);
    cp.app.ingest.flush();
    expect(bState()).toEqual(before);
    expectNothingOfB(received);
    client.socket.close();
    await client.closed;
  });
});

/** Replaces every `field` in a frame, however deep, with `value`. */
function withField(node: unknown, field: string, value: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withField(item, field, value));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, key === field ? value : withField(item, field, value)]));
}

/** Frames shaped by the protocol schema, some naming B's stream, plan or rollout in their id fields. */
const schemaFrames = fc.oneof(
  arbitraryOf(AgentMessageSchema as unknown as JsonSchema),
  fc
    .tuple(arbitraryOf(AgentMessageSchema as unknown as JsonSchema), fc.constantFrom('streamId', 'planId', 'rolloutId'))
    .map(([frame, field]) => withField(frame, field, field === 'streamId' ? b.streamId : field === 'planId' ? b.plan.planId : b.plan.rolloutId)),
) as fc.Arbitrary<Record<string, unknown>>;

describe('agent WebSocket isolation under schema-shaped fuzzing', () => {
  it("never lets any frame of tenant A's agent change tenant B's rows", async () => {
    const agent = cp.store.agents.get(a.agentId)!;
    let frames = 0;
    const types = new Set<string>();
    await fc.assert(
      fc.asyncProperty(schemaFrames, async (frame) => {
        const before = bState();
        const sent: ServerMessage[] = [];
        const connection = new AgentConnection(agent, {
          ingest: cp.app.ingest, fleet: cp.app.fleet, clock: Date.now, send: (m) => void sent.push(m), close: () => {}, recordHello: () => {}, log: { warn: () => {} },
        });
        const streamId = typeof frame.streamId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(frame.streamId) ? frame.streamId : 'stream-aaaa-0009';
        connection.onFrame(JSON.stringify(hello(streamId)));
        connection.onFrame(JSON.stringify(frame));
        frames += 1;
        types.add(String(frame.type));
        cp.app.ingest.flush();
        await new Promise((resolve) => setImmediate(resolve));
        connection.onClose();
        expect(bState()).toEqual(before);
        expectNothingOfB(sent);
      }),
      { numRuns: 200 },
    );
    expect([...types].sort()).toEqual([...AGENT_MESSAGE_TYPES].sort());
    console.log(`RELIABILITY ${JSON.stringify({ fuzz: 'agent-frames-cross-tenant', messageTypes: AGENT_MESSAGE_TYPES.length, recordKinds: RECORD_KINDS.length, frames })}`);
  });
});
