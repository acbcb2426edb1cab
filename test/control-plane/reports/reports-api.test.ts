/** The reports API through `app.inject`: generate with progress, read, download in three formats, import support events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { addHourly, sh } from './fixture.ts';

let cp: TestControlPlane;
let tenantA: string;
let tokens: { ops: string; adminA: string; viewerA: string; adminB: string };
let hostId: string;

beforeAll(async () => {
  cp = await startControlPlane({ clock: () => sh('2026-07-02T10:00') });
  tenantA = cp.tenant('Tenant <A> & "Co"');
  const tenantB = cp.tenant('Tenant B');
  hostId = cp.enroll(tenantA, '=cmd|calc').hostId;
  // Enrolled "now" (2 July); move its enrolment back so it belongs to the whole half-year.
  cp.store.db.prepare('UPDATE hosts SET created_at = ? WHERE id = ?').run(sh('2025-12-01T00:00'), hostId);
  addHourly(cp.store, hostId, 'seconds_up', sh('2026-01-01T00:00'), sh('2026-07-01T00:00'), () => 3600);
  addHourly(cp.store, hostId, 'cpu_percent', sh('2026-01-01T00:00'), sh('2026-07-01T00:00'), (h) => (h / 3_600_000) % 100);
  tokens = { ops: cp.token('ops-operator'), adminA: cp.token('tenant-admin', tenantA), viewerA: cp.token('tenant-viewer', tenantA), adminB: cp.token('tenant-admin', tenantB) };
});
afterAll(async () => cp.close());

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) => cp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function generate(token: string, period: object = { kind: 'half-year', year: 2026, half: 1 }, locale = 'en') {
  const response = await call('POST', '/api/v1/reports', token, { tenantId: tenantA, period, locale });
  expect(response.statusCode, response.body).toBe(202);
  await cp.app.reports.idle();
  return (await call('GET', `/api/v1/report-jobs/${response.json().id}`, token)).json();
}

describe('reports API', () => {
  it('answers 202 with a queued job, then the job shows 100 percent and the report id', async () => {
    const response = await call('POST', '/api/v1/reports', tokens.adminA, { tenantId: tenantA, period: { kind: 'year', year: 2026 } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ state: 'queued', percent: 0, reportId: null, request: { locale: 'zh-CN' } });
    expect(response.headers.location).toBe(`/api/v1/report-jobs/${response.json().id}`);
    await cp.app.reports.idle();
    const job = (await call('GET', `/api/v1/report-jobs/${response.json().id}`, tokens.viewerA)).json();
    expect(job).toMatchObject({ state: 'succeeded', percent: 100, error: null });
    expect(job.reportId).toMatch(/^rpt_/);
  });

  it('lists and serves the stored report to ops and the tenant, and 404s to another tenant', async () => {
    const job = await generate(tokens.ops);
    const listed = (await call('GET', `/api/v1/reports?tenantId=${tenantA}`, tokens.ops)).json().items.map((r: { id: string }) => r.id);
    expect(listed).toContain(job.reportId);
    const report = (await call('GET', `/api/v1/reports/${job.reportId}`, tokens.viewerA)).json();
    expect(report).toMatchObject({ periodKind: 'half-year', periodLabel: '2026-H1', content: { availability: { tenant: { availability: 1 } } } });
    expect(report.content.capacity.hosts[0].cpuP95).toBeGreaterThan(90);
    for (const url of [`/api/v1/reports/${job.reportId}`, `/api/v1/reports/${job.reportId}/download?format=html`, `/api/v1/report-jobs/${job.id}`]) {
      expect((await call('GET', url, tokens.adminB)).statusCode, url).toBe(404);
    }
    expect((await call('GET', '/api/v1/reports', tokens.adminB)).json().items).toEqual([]);
    expect((await call('GET', `/api/v1/reports?tenant=${tenantA}`, tokens.adminB)).statusCode).toBe(404);
  });

  it('downloads JSON, a self-contained escaped HTML page and guarded CSV', async () => {
    const job = await generate(tokens.ops, { kind: 'range', from: '2026-03-01', to: '2026-03-31' }, 'zh-CN');
    const base = `/api/v1/reports/${job.reportId}/download`;
    const json = await call('GET', `${base}?format=json`, tokens.viewerA);
    expect(json.headers['content-type']).toContain('application/json');
    expect(JSON.parse(json.body).period).toMatchObject({ kind: 'range', fromDate: '2026-03-01', toDate: '2026-03-31' });
    // The read route's response schema drops nothing the stored report has.
    expect((await call('GET', `/api/v1/reports/${job.reportId}`, tokens.viewerA)).json().content).toEqual(JSON.parse(json.body));
    const html = await call('GET', `${base}?format=html`, tokens.viewerA);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<html lang="zh-CN">');
    expect(html.body).toContain('Tenant &lt;A&gt; &amp; &quot;Co&quot;');
    expect(html.body).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html.body).toContain('@page { size: A4');
    const csv = await call('GET', `${base}?format=csv&table=availability`, tokens.viewerA);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain("'=cmd|calc");
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFhost_id,host,expected_seconds,maintenance_seconds,up_seconds,downtime_seconds,availability');
    expect((await call('GET', `${base}?format=csv`, tokens.viewerA)).statusCode).toBe(400);
  });

  it('refuses generation to tenant viewers and an impossible range', async () => {
    expect((await call('POST', '/api/v1/reports', tokens.viewerA, { tenantId: tenantA, period: { kind: 'year', year: 2026 } })).statusCode).toBe(403);
    const backwards = await call('POST', '/api/v1/reports', tokens.ops, { tenantId: tenantA, period: { kind: 'range', from: '2026-03-01', to: '2026-02-01' } });
    expect(backwards.statusCode).toBe(400);
    expect((await call('POST', '/api/v1/reports', tokens.ops, { tenantId: tenantA, period: { kind: 'year', year: 2026, half: 1 } })).statusCode).toBe(400);
  });

  it('imports support events idempotently by external id and reports them by channel', async () => {
    const url = `/api/v1/tenants/${tenantA}/support-events`;
    const events = [
      { externalId: 'T-1', channel: 'ticket', category: 'login', openedAt: '2026-02-02T01:00:00Z', firstResponseAt: '2026-02-02T01:30:00Z', resolvedAt: '2026-02-02T05:00:00Z' },
      { externalId: 'H-1', channel: 'hotline', category: 'login', openedAt: '2026-02-03T01:00:00Z' },
    ];
    expect((await call('POST', url, tokens.ops, { events })).json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect((await call('POST', url, tokens.ops, { events })).json()).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const resolved = [{ ...events[1], resolvedAt: '2026-02-03T02:00:00Z' }];
    expect((await call('POST', url, tokens.ops, { events: resolved })).json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const job = await generate(tokens.ops);
    const support = (await call('GET', `/api/v1/reports/${job.reportId}`, tokens.ops)).json().content.support;
    expect(support).toMatchObject({ count: 2, byChannel: [{ key: 'hotline', count: 1 }, { key: 'ticket', count: 1 }], byCategory: [{ key: 'login', count: 2 }] });
    expect(support.firstResponseMinutes).toEqual({ count: 1, mean: 30, median: 30 });
  });

  it('refuses support events that are out of order, unknown fields and tenant callers', async () => {
    const url = `/api/v1/tenants/${tenantA}/support-events`;
    const bad = { externalId: 'T-9', channel: 'ticket', category: 'x', openedAt: '2026-02-02T01:00:00Z', resolvedAt: '2026-02-01T01:00:00Z' };
    expect((await call('POST', url, tokens.ops, { events: [bad] })).statusCode).toBe(400);
    expect((await call('POST', url, tokens.ops, { events: [{ ...bad, resolvedAt: null, extra: 1 }] })).statusCode).toBe(400);
    expect((await call('POST', url, tokens.ops, { events: [{ ...bad, resolvedAt: null, channel: 'email' }] })).statusCode).toBe(400);
    expect((await call('POST', url, tokens.adminA, { events: [{ ...bad, resolvedAt: null }] })).statusCode).toBe(403);
    expect((await call('POST', url, tokens.ops, { events: [{ ...bad, resolvedAt: null }, { ...bad, resolvedAt: null }] })).statusCode).toBe(400);
    expect(cp.store.reports.supportEvents(tenantA, 0, Date.parse('2100-01-01T00:00:00Z')).map((e) => e.externalId)).not.toContain('T-9');
  });
});
