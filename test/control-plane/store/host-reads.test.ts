/** Batch reads other replicas use to show a host they do not hold: hosts by id, newest samples of several hosts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { sampleRecord } from '../../helpers/records.ts';

let cp: TestControlPlane;
let hosts: Array<{ agentId: string; hostId: string }>;

beforeEach(async () => {
  cp = await startControlPlane();
  const tenant = cp.tenant('Acme');
  hosts = ['erp-01', 'erp-02', 'erp-03'].map((name) => cp.enroll(tenant, name));
});
afterEach(async () => cp.close());

const item = (host: { agentId: string; hostId: string }, seqs: number[]) => ({
  ...host, streamId: 's', receivedAt: 1, intervalSeconds: 15, samples: seqs.map((s) => sampleRecord(s, s * 1000)),
  facts: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: seqs[seqs.length - 1],
});

describe('batch host reads', () => {
  it('reads the hosts of a list of ids, skipping unknown ones', () => {
    const found = cp.store.hosts.getMany([hosts[0].hostId, 'hst_missing', hosts[2].hostId]);
    expect(found.map((h) => h.id).sort()).toEqual([hosts[0].hostId, hosts[2].hostId].sort());
    expect(found.every((h) => h.tenantId && h.name.startsWith('erp-'))).toBe(true);
  });

  it('gives the newest sample of each listed host within the window, and nothing for hosts without one', () => {
    cp.store.ingest.commit([item(hosts[0], [1, 2, 3]), item(hosts[1], [1])]);
    const latest = cp.store.samples.latestOf([hosts[0].hostId, hosts[1].hostId, hosts[2].hostId], 0);
    expect(latest.map((s) => [s.hostId, s.seq]).sort()).toEqual([[hosts[0].hostId, 3], [hosts[1].hostId, 1]].sort());
    expect(latest.find((s) => s.hostId === hosts[0].hostId)!.record.at).toBe(3000);
    expect(cp.store.samples.latestOf([hosts[0].hostId], 3001)).toEqual([]);
  });
});
