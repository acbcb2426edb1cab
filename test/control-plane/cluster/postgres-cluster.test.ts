/**
 * Leadership and messages between replicas on a real PostgreSQL: one leader at a time, a
 * successor once the leader's session ends, messages reach the other replicas only, and
 * schemas do not hear each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chunkIds, type ClusterMessages } from '../../../control-plane/cluster/cluster.ts';
import { PostgresCluster } from '../../../control-plane/cluster/postgres-cluster.ts';
import { createTestSchema } from '../../helpers/test-store.ts';

const quiet = { info: () => {}, warn: () => {} };
const started: PostgresCluster[] = [];
const schemas: Array<{ drop(): Promise<void> }> = [];

async function replica(url: string, replicaId: string): Promise<PostgresCluster> {
  const cluster = await PostgresCluster.start({ connectionString: url, replicaId, pollMs: 100, log: quiet });
  started.push(cluster);
  return cluster;
}

async function schemaUrl(): Promise<string> {
  const schema = await createTestSchema();
  schemas.push(schema);
  return schema.url;
}

const until = async (what: string, probe: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
  await Promise.all(schemas.splice(0).map((s) => s.drop()));
});

describe('PostgreSQL cluster', () => {
  it('elects exactly one leader, and another once the leader closes its session', async () => {
    const url = await schemaUrl();
    const [a, b, c] = [await replica(url, 'a'), await replica(url, 'b'), await replica(url, 'c')];
    await until('a leader', () => [a, b, c].some((r) => r.isLeader()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // several polls: nobody else may take it
    const leaders = [a, b, c].filter((r) => r.isLeader());
    expect(leaders).toHaveLength(1);
    await leaders[0].close();
    const rest = [a, b, c].filter((r) => r !== leaders[0]);
    await until('a successor', () => rest.some((r) => r.isLeader()));
    expect(rest.filter((r) => r.isLeader())).toHaveLength(1);
  });

  it('delivers a message to the other replicas with the sender id, not back to the sender', async () => {
    const url = await schemaUrl();
    const [a, b] = [await replica(url, 'a'), await replica(url, 'b')];
    const heardByA: string[] = [];
    const heardByB: Array<[ClusterMessages['claim'], string]> = [];
    a.on('claim', ({ hostIds }) => heardByA.push(...hostIds));
    b.on('claim', (message, from) => heardByB.push([message, from]));
    a.publish('claim', { hostIds: ['hst_1', 'hst_2'] });
    await until('the claim at b', () => heardByB.length === 1);
    expect(heardByB[0]).toEqual([{ hostIds: ['hst_1', 'hst_2'] }, 'a']);
    expect(heardByA).toEqual([]);
    await until('b to know a is alive', () => b.liveReplicas(Date.now()).includes('a'));
    expect(b.liveReplicas(Date.now())).toEqual(['a', 'b']);
  });

  it('keeps deployments in separate schemas apart: each has its own leader and hears only its own replicas', async () => {
    const [one, two] = [await schemaUrl(), await schemaUrl()];
    const [a, b] = [await replica(one, 'a'), await replica(two, 'b')];
    await until('both leaders', () => a.isLeader() && b.isLeader());
    const heard: string[] = [];
    b.on('incident', ({ id }) => heard.push(id));
    const c = await replica(one, 'c');
    c.publish('incident', { id: 'inc_1' });
    await until('a to hear c', () => a.liveReplicas(Date.now()).includes('c'));
    expect(heard).toEqual([]);
    expect(b.liveReplicas(Date.now())).toEqual(['b']);
  });
});

describe('chunkIds', () => {
  it('splits ids so each list stays under the byte budget, in order, losing none', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `hst_${String(i).padStart(16, '0')}`);
    const chunks = chunkIds(ids, 2000);
    expect(chunks.flat()).toEqual(ids);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThanOrEqual(2000);
    expect(chunks.length).toBeGreaterThan(10);
  });
});

describe('replica ids', () => {
  it('refuses a second live replica with the same id, and lets the id be used again once the first has gone', async () => {
    const url = await schemaUrl();
    const first = await replica(url, 'cp-a');
    await expect(replica(url, 'cp-a')).rejects.toMatchObject({ code: 'REPLICA_ID_IN_USE' });
    await first.close();
    const again = await replica(url, 'cp-a');
    expect(again.replicaId).toBe('cp-a');
  });
});
