/**
 * Two replicas writing one agent's stream (it failed over while an ack was lost): the store
 * re-reads the stream's resume point inside the write transaction, so records another replica
 * committed are skipped and every record is stored once, whatever the writer's cached point.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestPipeline } from '../../control-plane/services/ingest-pipeline.ts';
import type { SqlStore } from '../../control-plane/store/sql/store.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';
import { join } from 'node:path';
import { ephemeralSecretKey } from '../../control-plane/notices/secret-box.ts';
import type { PostgresDatabase } from '../../control-plane/store/postgres/database.ts';
import { createPostgresStore } from '../../control-plane/store/postgres/index.ts';
import { createSqliteStore } from '../../control-plane/store/sqlite/index.ts';
import { testStoreKind } from '../helpers/test-store.ts';

/** A second replica's connection to the same database. */
const secondStore = (store: SqlStore, dir: string): SqlStore =>
  testStoreKind === 'sqlite'
    ? createSqliteStore(join(dir, 'tideway.db'))
    : createPostgresStore((store.db as PostgresDatabase).connectionString, { contactsKey: ephemeralSecretKey(), migrate: false });

let cp: TestControlPlane;
let other: SqlStore;
let host: { agentId: string; hostId: string };

beforeEach(async () => {
  cp = await startControlPlane();
  host = cp.enroll(cp.tenant('Acme'), 'erp-01');
  other = secondStore(cp.store, cp.dir);
});
afterEach(async () => {
  other.close();
  await cp.close();
});

const item = (seqs: number[]) => ({
  ...host, streamId: 'stream-01', receivedAt: 1, intervalSeconds: 15, samples: seqs.map((s) => sampleRecord(s, s * 1000)),
  facts: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: seqs[seqs.length - 1],
});
const storedSeqs = () => cp.store.db.prepare<[], number>('SELECT seq FROM samples ORDER BY seq').pluck().all();

describe('ingest across replicas', () => {
  it('skips what another replica already committed and stores the rest once', () => {
    expect(cp.store.ingest.commit([item([1, 2, 3, 4, 5])])).toBe(0);
    // The second replica never saw 1-5 acked: the agent resent them with 6-8.
    expect(other.ingest.commit([item([3, 4, 5, 6, 7, 8])])).toBe(3);
    expect(other.ingest.commit([item([4, 5])])).toBe(2);
    expect(storedSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(cp.store.streams.lastSeq(host.agentId, 'stream-01')).toBe(8);
  });

  it('acks a resent batch through a pipeline whose cached resume point is behind, counting it as duplicates', async () => {
    const stale = new IngestPipeline(other, { maxBatchRecords: 100, maxDelayMs: 1 }, { committed: () => {}, failed: () => {} });
    expect(stale.resumePoint(host.agentId, 'stream-01')).toBe(0);
    cp.store.ingest.commit([item([1, 2, 3])]);
    const ack = await stale.submit({ ...host, streamId: 'stream-01', intervalSeconds: 15, receivedAt: 2, records: [1, 2, 3, 4].map((s) => sampleRecord(s, s * 1000)) });
    expect(ack).toBe(4);
    expect(storedSeqs()).toEqual([1, 2, 3, 4]);
  });
});
