/** The ingest commit writes a large batch whole: every sample once, every stream's resume point, whatever statements carry them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleJson } from '../../../control-plane/store/sqlite/ingest.ts';
import type { IngestItem } from '../../../control-plane/store/types.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { failInserts } from '../../helpers/fail-inserts.ts';
import { sampleRecord } from '../../helpers/records.ts';

let cp: TestControlPlane;
let hosts: Array<{ agentId: string; hostId: string }>;

beforeEach(async () => {
  cp = await startControlPlane();
  const tenant = cp.tenant('Acme');
  // More hosts than one multi-row statement carries (32), and not a multiple of it.
  hosts = Array.from({ length: 35 }, (_, i) => cp.enroll(tenant, `erp-${i}`));
});
afterEach(async () => cp.close());

const item = (host: { agentId: string; hostId: string }, seqs: number[]): IngestItem => ({
  ...host, streamId: 's', receivedAt: seqs[seqs.length - 1] * 10, intervalSeconds: 15, samples: seqs.map((s) => sampleRecord(s, s * 1000, s % 100)),
  facts: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: seqs[seqs.length - 1],
});

describe('ingest commit of a large batch', () => {
  it('stores each of 105 samples from 35 streams once, with its columns and JSON, and each stream at its last seq', () => {
    // Two items per stream: the resume point comes from the second; 35 x 3 = 105 samples.
    const items = hosts.flatMap((host, h) => [item(host, [1, 2]), item(host, [3 + h])]);
    expect(cp.store.ingest.commit(items)).toBe(0);
    const rows = cp.store.db
      .prepare('SELECT host_id AS "hostId", seq, cpu_percent AS cpu, record FROM samples ORDER BY host_id, seq')
      .all() as Array<{ hostId: string; seq: number; cpu: number; record: string }>;
    expect(rows).toHaveLength(105);
    const expected = hosts.flatMap((host, h) => [1, 2, 3 + h].map((seq) => ({ hostId: host.hostId, seq, cpu: seq % 100, record: sampleJson(sampleRecord(seq, seq * 1000, seq % 100)) })));
    expect(rows).toEqual(expected.sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : a.seq - b.seq)));
    expect(hosts.map((host) => cp.store.streams.lastSeq(host.agentId, 's'))).toEqual(hosts.map((_, h) => 3 + h));
  });

  it('writes nothing of a large batch whose last sample fails, and the same batch whole once it can', () => {
    const items = hosts.map((host) => item(host, [1, 2, 3]));
    const letThrough = failInserts(cp.store.db, 'samples', 'disk full', `NEW.host_id = '${hosts[34].hostId}' AND NEW.seq = 3`);
    expect(() => cp.store.ingest.commit(items)).toThrow('disk full');
    expect(cp.store.db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(0);
    letThrough();
    expect(cp.store.ingest.commit(items)).toBe(0);
    expect(cp.store.db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(105);
  });
});
