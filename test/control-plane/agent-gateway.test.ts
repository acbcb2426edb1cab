import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, MAX_FRAME_BYTES } from '../../protocol/index.ts';
import { connectAgent, isType } from '../helpers/protocol-client.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { hostFacts, sampleRecord } from '../helpers/records.ts';

const STREAM = 'stream-0001';
let cp: TestControlPlane;
let agent: { agentId: string; agentSecret: string; hostId: string };

beforeEach(async () => {
  cp = await startControlPlane({ listen: true });
  agent = cp.enroll(cp.tenant('Acme'), 'erp-app-01');
});
afterEach(async () => cp.close());

const storedSeqs = (hostId: string) => cp.store.db.prepare('SELECT seq FROM samples WHERE host_id = ? ORDER BY seq').pluck().all(hostId);

describe('agent gateway', () => {
  it('welcomes a new stream at seq 0 and acks reports only once they are stored', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    const welcome = await client.hello(STREAM);
    expect(welcome).toMatchObject({ ackedSeq: 0, hostId: agent.hostId, streamId: STREAM });
    const ack = await client.report(STREAM, [sampleRecord(1, 1_000), sampleRecord(2, 2_000)]);
    expect(ack).toBe(2);
    expect(storedSeqs(agent.hostId)).toEqual([1, 2]);
    client.socket.close();
  });

  it('resumes from the stored sequence after a reconnect and stores a resent record once', async () => {
    const first = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await first.hello(STREAM);
    await first.report(STREAM, [sampleRecord(1, 1_000), sampleRecord(2, 2_000)]);
    first.socket.close();
    await first.closed;

    const second = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    expect((await second.hello(STREAM)).ackedSeq).toBe(2);
    expect(await second.report(STREAM, [sampleRecord(2, 2_000), sampleRecord(3, 3_000)])).toBe(3);
    expect(storedSeqs(agent.hostId)).toEqual([1, 2, 3]);
    second.socket.close();
  });

  it('refuses the upgrade with 401 for a wrong secret', async () => {
    await expect(connectAgent(cp.url, agent.agentId, 'x'.repeat(43))).rejects.toMatchObject({ statusCode: 401 });
  });

  it('answers a malformed frame with an INVALID_MESSAGE error frame and writes nothing', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await client.hello(STREAM);
    client.send('{not json');
    expect(await client.next(isType('error'))).toMatchObject({ code: 'INVALID_MESSAGE' });
    client.send({ type: 'reports', streamId: STREAM, records: [{ ...sampleRecord(1, 1), kind: 'sample', extra: true }] });
    expect(await client.next(isType('error'))).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(storedSeqs(agent.hostId)).toEqual([]);
    client.socket.close();
  });

  it('rejects reports sent before hello and closes with a policy code', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    client.send({ type: 'reports', streamId: STREAM, records: [sampleRecord(1, 1)] });
    expect(await client.next(isType('error'))).toMatchObject({ code: 'HELLO_REQUIRED' });
    expect((await client.closed).code).toBe(CloseCode.policy);
    expect(storedSeqs(agent.hostId)).toEqual([]);
  });

  it('closes with 1009 when a frame exceeds the size limit', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await client.hello(STREAM);
    client.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await client.closed).code).toBe(1009);
    expect(storedSeqs(agent.hostId)).toEqual([]);
  });

  it('closes the socket of a revoked agent within a second and refuses it afterwards', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await client.hello(STREAM);
    const admin = cp.token('ops-admin');
    const startedAt = Date.now();
    const response = await cp.app.inject({ method: 'POST', url: `/api/v1/agents/${agent.agentId}/revoke`, headers: { authorization: `Bearer ${admin}` } });
    expect(response.statusCode).toBe(200);
    expect((await client.closed).code).toBe(CloseCode.revoked);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await expect(connectAgent(cp.url, agent.agentId, agent.agentSecret)).rejects.toMatchObject({ statusCode: 401 });
  });

  it('replaces an older connection of the same agent', async () => {
    const older = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await older.hello(STREAM);
    const newer = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    expect((await older.closed).code).toBe(CloseCode.replaced);
    await newer.hello(STREAM);
    newer.socket.close();
  });

  it('keeps the host connected when a replaced socket finishes closing after its successor said hello', async () => {
    const older = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await older.hello(STREAM);
    // The older link goes silent (half-open): it never answers the server's close frame.
    older.socket.pause();
    const newer = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await newer.hello(STREAM);
    expect(cp.app.fleet.get(agent.hostId)?.connected).toBe(true);
    const olderGone = new Promise((resolve) => older.socket.once('close', resolve));
    older.socket.terminate();
    await olderGone;
    // The server has let go of the old socket once only the newer connection is left.
    await vi.waitFor(async () => expect(await new Promise((resolve) => cp.app.server.getConnections((_e, n) => resolve(n)))).toBe(1));
    expect(cp.app.fleet.get(agent.hostId)?.connected).toBe(true);
    newer.socket.close();
  });

  it('stores gaps, facts and check changes next to samples', async () => {
    const client = await connectAgent(cp.url, agent.agentId, agent.agentSecret);
    await client.hello(STREAM);
    await client.report(STREAM, [
      { seq: 1, at: 10, kind: 'gap', reason: 'outbox-full', fromSeq: 100, toSeq: 180, droppedCount: 81, fromAt: 1, toAt: 9 },
      { seq: 2, at: 11, kind: 'check-change', check: 'erp-web', checkKind: 'http', from: 'ok', to: 'critical', message: 'HTTP 503' },
      { seq: 3, at: 12, kind: 'facts', facts: hostFacts('erp-app-01-renamed') },
    ]);
    expect(cp.store.samples.gaps(agent.hostId)).toMatchObject([{ fromSeq: 100, toSeq: 180, droppedCount: 81 }]);
    expect(cp.store.samples.checkEvents(agent.hostId, 0, 100, 10)).toMatchObject([{ check: 'erp-web', from: 'ok', to: 'critical' }]);
    expect(cp.store.hosts.get(agent.hostId)).toMatchObject({ name: 'erp-app-01-renamed', facts: { hostname: 'erp-app-01-renamed' } });
    expect(cp.app.fleet.get(agent.hostId)?.name).toBe('erp-app-01-renamed');
    client.socket.close();
  });
});
