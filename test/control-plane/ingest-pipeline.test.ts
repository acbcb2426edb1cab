import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestPipeline, type CommittedItem } from '../../control-plane/services/ingest-pipeline.ts';
import type { SqlStore } from '../../control-plane/store/sql/store.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { failInserts } from '../helpers/fail-inserts.ts';
import { sampleRecord } from '../helpers/records.ts';
import { reopenTestStore } from '../helpers/test-store.ts';

let cp: TestControlPlane;
let store: SqlStore;
let host: { agentId: string; hostId: string };
let committed: CommittedItem[][];
let failures: number;

beforeEach(async () => {
  cp = await startControlPlane();
  store = cp.store;
  host = cp.enroll(cp.tenant('Acme'), 'erp-01');
  committed = [];
  failures = 0;
});
afterEach(async () => cp.close());

const pipeline = (maxBatchRecords = 1000) =>
  new IngestPipeline(store, { maxBatchRecords, maxDelayMs: 1 }, { committed: (items) => void committed.push([...items]), failed: () => void (failures += 1) });
const submission = (seqs: number[]) => ({ ...host, streamId: 'stream-01', intervalSeconds: 15, receivedAt: 1, records: seqs.map((s) => sampleRecord(s, s * 1000)) });
const stored = () => store.db.prepare('SELECT seq FROM samples ORDER BY seq').pluck().all();

describe('ingest pipeline', () => {
  it('commits several submissions in one batch and acks each with the committed seq', async () => {
    const p = pipeline();
    const acks = await Promise.all([p.submit(submission([1, 2])), p.submit(submission([3]))]);
    expect(acks).toEqual([3, 3]);
    expect(committed).toHaveLength(1);
    expect(stored()).toEqual([1, 2, 3]);
  });

  it('skips records at or below the stream resume point and still acks them', async () => {
    const p = pipeline();
    await p.submit(submission([1, 2, 3]));
    expect(await p.submit(submission([2, 3, 4]))).toBe(4);
    expect(await p.submit(submission([1]))).toBe(4);
    expect(stored()).toEqual([1, 2, 3, 4]);
  });

  it('writes the resume point of a stream with several submissions in one batch from the last of them', async () => {
    const p = pipeline();
    await Promise.all([p.submit(submission([1, 2])), p.submit(submission([3])), p.submit(submission([4, 5]))]);
    expect(committed).toHaveLength(1);
    expect(pipeline().resumePoint(host.agentId, 'stream-01')).toBe(5);
  });

  it('writes when a host was last heard from with the fleet status flush, the latest instant per host', () => {
    cp.app.fleet.seen(host.hostId, 1_000);
    cp.app.fleet.seen(host.hostId, 2_000);
    expect(store.hosts.get(host.hostId)?.lastSeenAt).toBeNull();
    cp.app.persistHostStatus();
    expect(store.hosts.get(host.hostId)?.lastSeenAt).toBe(2_000);
    expect(cp.app.fleet.takeSeen()).toEqual([]);
  });

  it('acknowledges but does not store a plan-status for a plan the host was not sent, and counts it', async () => {
    const batches: Array<{ refused: number }> = [];
    const p = new IngestPipeline(store, { maxBatchRecords: 1000, maxDelayMs: 1 }, { committed: (_items, batch) => void batches.push(batch), failed: () => {} });
    const foreign = { seq: 2, at: 2_000, kind: 'plan-status' as const, planId: 'pln_other', rolloutId: 'rol_other', version: 1, state: 'running' as const };
    const ack = await p.submit({ ...submission([1]), records: [sampleRecord(1, 1_000), foreign] });
    expect(ack).toBe(2);
    expect(stored()).toEqual([1]);
    expect(store.db.prepare('SELECT count(*) FROM plan_events').pluck().get()).toBe(0);
    expect(batches).toEqual([expect.objectContaining({ records: 1, refused: 1 })]);
    expect(pipeline().resumePoint(host.agentId, 'stream-01')).toBe(2);
  });

  it('stores a gap with only the samples that never arrived when the agent dropped some already on the wire', async () => {
    const p = pipeline();
    // Samples 1 and 2 reached the server; the agent then dropped 1-3 from its outbox (3 never sent).
    await p.submit(submission([1, 2]));
    const gap = { seq: 4, at: 5_000, kind: 'gap' as const, reason: 'outbox-full' as const, fromSeq: 1, toSeq: 3, droppedCount: 3, fromAt: 1_000, toAt: 3_000 };
    await p.submit({ ...submission([]), records: [gap] });
    expect(store.samples.gaps(host.hostId)).toMatchObject([{ fromSeq: 1, toSeq: 3, droppedCount: 1 }]);
  });

  it('keeps the resume point across a new pipeline over the same database', async () => {
    await pipeline().submit(submission([1, 2]));
    const restarted = pipeline();
    expect(restarted.resumePoint(host.agentId, 'stream-01')).toBe(2);
  });

  it('rejects every submission of a failed batch, acks nothing and leaves the resume point', async () => {
    const p = pipeline();
    await p.submit(submission([1]));
    const letThrough = failInserts(store.db, 'samples', 'disk full', 'NEW.seq = 3');
    await expect(p.submit(submission([2, 3]))).rejects.toThrow('disk full');
    expect(failures).toBe(1);
    expect(stored()).toEqual([1]);
    expect(p.resumePoint(host.agentId, 'stream-01')).toBe(1);
    letThrough();
    expect(await p.submit(submission([2, 3]))).toBe(3);
    expect(stored()).toEqual([1, 2, 3]);
  });

  it('commits a backlog a batch of at most the record limit at a time, the rest on later turns', async () => {
    const p = new IngestPipeline(store, { maxBatchRecords: 2, maxDelayMs: 1 }, { committed: (items) => void committed.push([...items]), failed: () => {} });
    expect(await Promise.all([p.submit(submission([1, 2])), p.submit(submission([3])), p.submit(submission([4])), p.submit(submission([5, 6]))])).toEqual([2, 4, 4, 6]);
    expect(committed.map((batch) => batch.flatMap((item) => item.stored.map((r) => r.seq)))).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(stored()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails with a failed batch the queued reports of its streams, so no ack covers a record never stored', async () => {
    const other = cp.enroll(cp.tenant('Beta'), 'erp-02');
    const p = new IngestPipeline(store, { maxBatchRecords: 2, maxDelayMs: 1 }, { committed: (items) => void committed.push([...items]), failed: () => void (failures += 1) });
    const letThrough = failInserts(store.db, 'samples', 'disk full', 'NEW.seq = 2');
    const results = await Promise.allSettled([
      p.submit(submission([1, 2])),
      p.submit({ ...submission([1]), ...other }),
      p.submit(submission([3, 4])),
    ]);
    letThrough();
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(stored()).toEqual([1]);
    expect(store.db.prepare('SELECT host_id FROM samples').pluck().all()).toEqual([other.hostId]);
    expect(p.resumePoint(host.agentId, 'stream-01')).toBe(0);
    expect(failures).toBe(1);
  });

  it('flushes at once when a batch reaches its record limit', async () => {
    const p = new IngestPipeline(store, { maxBatchRecords: 2, maxDelayMs: 60_000 }, { committed: (items) => void committed.push([...items]), failed: () => {} });
    expect(await p.submit(submission([1, 2]))).toBe(2);
  });

  it('creates the schema once and refuses a database from a newer build', () => {
    store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('999-future.sql');
    expect(() => reopenTestStore(store)).toThrow(/newer than this Tideway build/);
  });
});
