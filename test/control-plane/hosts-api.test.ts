import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { connectAgent } from '../helpers/protocol-client.ts';
import { sampleRecord } from '../helpers/records.ts';

let cp: TestControlPlane;
let ops: string;
let tenantId: string;
let reporting: { agentId: string; agentSecret: string; hostId: string };
const t0 = Date.parse('2026-11-27T00:00:00Z');

beforeAll(async () => {
  cp = await startControlPlane({ listen: true });
  ops = cp.token('ops-viewer');
  tenantId = cp.tenant('Acme');
  const other = cp.tenant('Globex');
  for (let i = 0; i < 30; i += 1) cp.enroll(i % 3 === 0 ? other : tenantId, `erp-${String(i).padStart(2, '0')}`);
  reporting = cp.enroll(tenantId, 'db-primary');
  const client = await connectAgent(cp.url, reporting.agentId, reporting.agentSecret);
  await client.hello('stream-01', 15);
  await client.report('stream-01', Array.from({ length: 10 }, (_, i) => sampleRecord(i + 1, t0 + i * 60_000, 10 + i)));
  client.socket.close();
});
afterAll(async () => cp.close());

const get = async (url: string, token = ops) => {
  const response = await cp.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() };
};

describe('hosts API', () => {
  it('pages the fleet sorted by name with the total count', async () => {
    const first = await get('/api/v1/hosts?limit=10&offset=0');
    const second = await get('/api/v1/hosts?limit=10&offset=10');
    expect(first.body.total).toBe(31);
    expect(first.body.items.map((h: { name: string }) => h.name)).toEqual([...first.body.items.map((h: { name: string }) => h.name)].sort());
    expect(second.body.items[0].name > first.body.items[9].name).toBe(true);
  });

  it('filters by tenant, status and search text', async () => {
    expect((await get(`/api/v1/hosts?tenantId=${tenantId}&limit=100`)).body.total).toBe(21);
    expect((await get('/api/v1/hosts?q=DB-PRI')).body.items.map((h: { name: string }) => h.name)).toEqual(['db-primary']);
    const up = await get('/api/v1/hosts?status=up');
    expect(up.body.items.map((h: { name: string }) => h.name)).toEqual(['db-primary']);
    expect(up.body.counts).toEqual({ up: 1, stale: 0, down: 30 });
  });

  it('shows a tenant user only their own tenant, without being asked', async () => {
    const viewer = cp.token('tenant-viewer', tenantId);
    const { body } = await get('/api/v1/hosts?limit=1000', viewer);
    expect(body.total).toBe(21);
    expect(new Set(body.items.map((h: { tenantId: string }) => h.tenantId))).toEqual(new Set([tenantId]));
  });

  it('returns host detail with the latest sample and facts', async () => {
    const { status, body } = await get(`/api/v1/hosts/${reporting.hostId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: reporting.hostId, name: 'db-primary', status: 'up', cpuPercent: 19, latest: { seq: 10 }, facts: { hostname: 'db-primary' } });
  });

  it('returns samples in a time range in order', async () => {
    const from = new Date(t0 + 2 * 60_000).toISOString();
    const to = new Date(t0 + 5 * 60_000).toISOString();
    const { body } = await get(`/api/v1/hosts/${reporting.hostId}/samples?from=${from}&to=${to}`);
    expect(body.items.map((s: { seq: number }) => s.seq)).toEqual([3, 4, 5]);
    expect(body.items[0]).toMatchObject({ at: new Date(t0 + 2 * 60_000).toISOString(), metrics: { cpu: { usagePercent: 12 } } });
  });

  it.each([
    ['a reversed range', '?from=2026-11-27T02:00:00Z&to=2026-11-27T01:00:00Z', 'VALIDATION_FAILED'],
    ['a range over 31 days', '?from=2026-01-01T00:00:00Z&to=2026-11-27T00:00:00Z', 'VALIDATION_FAILED'],
    ['a malformed instant', '?from=yesterday', 'VALIDATION_FAILED'],
    ['an unknown parameter', '?host=1', 'VALIDATION_FAILED'],
  ])('refuses %s with 400 %s', async (_name, query, code) => {
    const { status, body } = await get(`/api/v1/hosts/${reporting.hostId}/samples${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
  });
});
