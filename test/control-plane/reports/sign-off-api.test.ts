/**
 * Report sign-off through `app.inject` on a fixed clock: issue, confirm, amend, the default
 * confirmation sweep at the deadline, audit entries, sign-off in list and detail JSON and in
 * the OpenAPI document, and 404 for another tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { sh } from './fixture.ts';

let cp: TestControlPlane;
let now = sh('2026-09-29T10:00');
let tenantA: string;
let tokens: { ops: string; adminA: string; viewerA: string; adminB: string };

beforeAll(async () => {
  cp = await startControlPlane({ clock: () => now });
  tenantA = cp.tenant('Tenant A');
  const tenantB = cp.tenant('Tenant B');
  tokens = { ops: cp.token('ops-operator'), adminA: cp.token('tenant-admin', tenantA), viewerA: cp.token('tenant-viewer', tenantA), adminB: cp.token('tenant-admin', tenantB) };
});
afterAll(async () => cp.close());

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) => cp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

async function newReport(): Promise<string> {
  const job = cp.app.reports.request({ tenantId: tenantA, period: { kind: 'range', from: '2026-09-01', to: '2026-09-28' }, locale: 'en' }, 'test');
  await cp.app.reports.idle();
  return cp.store.reports.getJob(job.id)!.reportId!;
}

const auditOf = (reportId: string) =>
  cp.store.audit
    .list(tenantA, 1000)
    .filter((entry) => entry.target === reportId && entry.action.startsWith('report.'))
    .reverse();

describe('report sign-off API', () => {
  it('issues a report due on the fifth working day after National Day, shown in the detail and the list', async () => {
    const reportId = await newReport();
    expect((await call('GET', `/api/v1/reports/${reportId}`, tokens.viewerA)).json().signOff).toBeNull();
    const issued = await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    expect(issued.statusCode, issued.body).toBe(200);
    const signOff = { state: 'awaiting', issuedAt: '2026-09-29T02:00:00.000Z', dueAt: '2026-10-12T09:30:00.000Z', calendar: '5x8', decidedAt: null, decidedBy: null, amendments: null };
    expect(issued.json().signOff).toMatchObject(signOff);
    expect((await call('GET', `/api/v1/reports/${reportId}`, tokens.viewerA)).json().signOff).toMatchObject(signOff);
    const listed = (await call('GET', `/api/v1/reports?tenantId=${tenantA}`, tokens.viewerA)).json().items.find((r: { id: string }) => r.id === reportId);
    expect(listed.signOff).toMatchObject(signOff);
    const again = await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'SIGNOFF_EXISTS']);
    expect(auditOf(reportId).map((e) => [e.action, e.actor.startsWith('token:'), e.details.dueAt])).toEqual([['report.issued', true, '2026-10-12T09:30:00.000Z']]);
  });

  it('lets the tenant admin confirm once, and refuses a second decision', async () => {
    const reportId = await newReport();
    await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    now = sh('2026-10-09T11:00');
    const confirmed = await call('POST', `/api/v1/reports/${reportId}/confirm`, tokens.adminA);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().signOff).toMatchObject({ state: 'confirmed', decidedAt: '2026-10-09T03:00:00.000Z', amendments: null });
    for (const [url, payload] of [[`/api/v1/reports/${reportId}/confirm`, undefined], [`/api/v1/reports/${reportId}/amend`, { text: 'late' }]] as const) {
      const refused = await call('POST', url, tokens.adminA, payload);
      expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'SIGNOFF_DECIDED']);
    }
    expect(auditOf(reportId).map((e) => e.action)).toEqual(['report.issued', 'report.confirmed']);
    now = sh('2026-09-29T10:00');
  });

  it('records written amendments from ops on the tenant’s behalf', async () => {
    const reportId = await newReport();
    await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    const amended = await call('POST', `/api/v1/reports/${reportId}/amend`, tokens.ops, { text: 'Host db-2 was down for agreed works on 15 September.' });
    expect(amended.statusCode, amended.body).toBe(200);
    expect(amended.json().signOff).toMatchObject({ state: 'amended', amendments: 'Host db-2 was down for agreed works on 15 September.' });
    expect(auditOf(reportId).at(-1)).toMatchObject({ action: 'report.amended', details: { amendments: 'Host db-2 was down for agreed works on 15 September.' } });
  });

  it('refuses decisions on a report not issued, empty or unknown amendment fields, and tenant viewers', async () => {
    const reportId = await newReport();
    for (const [url, payload] of [[`/api/v1/reports/${reportId}/confirm`, undefined], [`/api/v1/reports/${reportId}/amend`, { text: 'x' }]] as const) {
      const refused = await call('POST', url, tokens.adminA, payload);
      expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'SIGNOFF_NOT_ISSUED']);
    }
    await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    expect((await call('POST', `/api/v1/reports/${reportId}/amend`, tokens.adminA, { text: '' })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/reports/${reportId}/amend`, tokens.adminA, { text: 'x'.repeat(10_001) })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/reports/${reportId}/amend`, tokens.adminA, { text: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/reports/${reportId}/confirm`, tokens.viewerA)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.adminA)).statusCode).toBe(403);
    expect(cp.store.reports.get(reportId)?.signOff?.state).toBe('awaiting');
  });

  it('answers 404 to another tenant and changes nothing', async () => {
    const reportId = await newReport();
    await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    expect((await call('POST', `/api/v1/reports/${reportId}/confirm`, tokens.adminB)).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/reports/${reportId}/amend`, tokens.adminB, { text: 'x' })).statusCode).toBe(404);
    expect(cp.store.reports.get(reportId)?.signOff?.state).toBe('awaiting');
  });

  it('confirms by default at the deadline and not a minute before, audited with the deadline judged against', async () => {
    const reportId = await newReport();
    await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    const dueAt = Date.parse('2026-10-12T09:30:00.000Z');
    now = dueAt - 60_000;
    expect(cp.app.reportsTick(now).confirmedByDefault).not.toContain(reportId);
    expect(cp.store.reports.get(reportId)?.signOff?.state).toBe('awaiting');
    now = dueAt;
    expect(cp.app.reportsTick(now).confirmedByDefault).toContain(reportId);
    const detail = (await call('GET', `/api/v1/reports/${reportId}`, tokens.viewerA)).json();
    expect(detail.signOff).toMatchObject({ state: 'confirmed-by-default', dueAt: '2026-10-12T09:30:00.000Z', decidedAt: '2026-10-12T09:30:00.000Z', decidedBy: 'system:sign-off' });
    expect(auditOf(reportId).at(-1)).toMatchObject({ action: 'report.confirmed-by-default', actor: 'system:sign-off', at: dueAt, details: { dueAt: '2026-10-12T09:30:00.000Z', calendar: '5x8' } });
    expect(cp.app.reportsTick(now + 60_000).confirmedByDefault).not.toContain(reportId);
    const late = await call('POST', `/api/v1/reports/${reportId}/confirm`, tokens.adminA);
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'SIGNOFF_DECIDED']);
    now = sh('2026-09-29T10:00');
  });

  it('refuses to issue when the deadline needs a year without holiday data', async () => {
    const reportId = await newReport();
    now = sh('2026-12-28T10:00');
    const refused = await call('POST', `/api/v1/reports/${reportId}/issue`, tokens.ops);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'UNKNOWN_CALENDAR']);
    expect(cp.store.reports.get(reportId)?.signOff).toBeNull();
    now = sh('2026-09-29T10:00');
  });

  it('documents the sign-off routes and the signOff field in OpenAPI', async () => {
    const spec = (await cp.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const action of ['issue', 'confirm', 'amend']) expect(spec.paths).toHaveProperty([`/api/v1/reports/{reportId}/${action}`, 'post']);
    const list = spec.paths['/api/v1/reports'].get.responses['200'];
    expect(JSON.stringify(list)).toContain('confirmed-by-default');
  });
});
