import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privateSpec, schedulingPlane, type SchedulingPlane } from './helpers.ts';

let cp: SchedulingPlane;
let a: { tenantId: string; admin: string };
let b: { tenantId: string; admin: string };

beforeEach(async () => {
  cp = await schedulingPlane();
  a = cp.tenantWithAdmin('Tenant A');
  b = cp.tenantWithAdmin('Tenant B');
});
afterEach(async () => cp.close());

const actions = (tenantId: string) => cp.store.audit.list(tenantId, 100).map((e) => e.action);
const subscribe = (who: { tenantId: string; admin: string }, items: object[]) => cp.call('PUT', `/api/v1/tenants/${who.tenantId}/subscriptions`, who.admin, { items });

describe('subscriptions', () => {
  it('replaces the tenant\'s subscriptions and audits the change once', async () => {
    const items = [
      { trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant' },
      { trackId: 'cangqiong/agile', deploymentKind: 'public-single-tenant' },
    ];
    const put = await subscribe(a, items);
    expect(put.statusCode).toBe(200);
    expect(put.json().items.map((s: { trackId: string }) => s.trackId)).toEqual(['cangqiong/agile', 'xingkong/mt-standard']);
    expect((await subscribe(a, items)).statusCode).toBe(200);
    expect(actions(a.tenantId).filter((x) => x === 'subscriptions.changed')).toHaveLength(1);
    const entry = cp.store.audit.list(a.tenantId, 10).find((e) => e.action === 'subscriptions.changed')!;
    expect(entry.details).toEqual({ added: ['xingkong/mt-standard', 'cangqiong/agile'], removed: [], changed: [] });
    const get = await cp.call('GET', `/api/v1/tenants/${a.tenantId}/subscriptions`, cp.token('tenant-viewer', a.tenantId));
    expect(get.json().items).toHaveLength(2);
  });

  it.each([
    ['an unknown track', [{ trackId: 'xingkong/nope', deploymentKind: 'public-multi-tenant' }], 404, 'NOT_FOUND'],
    ['a catalog track as a private deployment', [{ trackId: 'cangqiong/agile', deploymentKind: 'private' }], 400, 'VALIDATION_FAILED'],
    ['the same track twice', [{ trackId: 'cangqiong/agile', deploymentKind: 'public-multi-tenant' }, { trackId: 'cangqiong/agile', deploymentKind: 'public-single-tenant' }], 400, 'VALIDATION_FAILED'],
    ['a deployment kind that does not exist', [{ trackId: 'cangqiong/agile', deploymentKind: 'hybrid' }], 400, 'VALIDATION_FAILED'],
    ['another tenant\'s private track', [{ trackId: 'private/erp', deploymentKind: 'private' }], 404, 'NOT_FOUND'],
  ])('refuses %s', async (_name, items, status, code) => {
    await cp.call('POST', `/api/v1/tenants/${b.tenantId}/private-tracks`, b.admin, privateSpec());
    const response = await subscribe(a, items);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(cp.store.tenantSchedules.subscriptions(a.tenantId)).toEqual([]);
  });

  it('refuses hosts of another tenant', async () => {
    const foreign = cp.enroll(b.tenantId, 'b-host');
    const response = await subscribe(a, [{ trackId: 'cangqiong/agile', deploymentKind: 'public-multi-tenant', hostIds: [foreign.hostId] }]);
    expect(response.statusCode).toBe(404);
  });

  it('keeps tenants to their own subscriptions and viewers from changing them', async () => {
    expect((await cp.call('GET', `/api/v1/tenants/${a.tenantId}/subscriptions`, b.admin)).statusCode).toBe(404);
    expect((await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, b.admin, { items: [] })).statusCode).toBe(404);
    expect((await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, cp.token('tenant-viewer', a.tenantId), { items: [] })).statusCode).toBe(403);
    expect((await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, cp.ops('ops-operator'), { items: [] })).statusCode).toBe(200);
  });
});

describe('freezes', () => {
  const url = () => `/api/v1/tenants/${a.tenantId}/freezes`;

  it('creates month-end closing and tax filing with their defaults, once each', async () => {
    const monthEnd = await cp.call('POST', url(), a.admin, { kind: 'month-end' });
    expect(monthEnd.statusCode).toBe(201);
    expect(monthEnd.json()).toMatchObject({ kind: 'month-end', label: 'month-end closing', params: { lastDays: 2, firstDays: 3 } });
    const tax = await cp.call('POST', url(), a.admin, { kind: 'tax-filing', label: '报税' });
    expect(tax.json()).toMatchObject({ label: '报税', params: { fromDay: 1, toDay: 15, months: {} } });
    const again = await cp.call('POST', url(), a.admin, { kind: 'month-end', lastDays: 1 });
    expect(again.statusCode).toBe(409);
    expect((await cp.call('GET', url(), a.admin)).json().items.map((f: { kind: string }) => f.kind)).toEqual(['month-end', 'tax-filing']);
  });

  it('edits one month of tax filing: another range, none, or back to the default', async () => {
    const { id } = (await cp.call('POST', url(), a.admin, { kind: 'tax-filing' })).json();
    const months = async (body: object, month = '2026-04') => {
      const response = await cp.call('PUT', `${url()}/${id}/months/${month}`, a.admin, body);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().params.months;
    };
    expect(await months({ fromDay: 3, toDay: 20 })).toEqual({ '2026-04': { fromDay: 3, toDay: 20 } });
    expect(await months({ off: true }, '2026-05')).toEqual({ '2026-04': { fromDay: 3, toDay: 20 }, '2026-05': null });
    expect(await months({ reset: true })).toEqual({ '2026-05': null });
    expect((await cp.call('PUT', `${url()}/${id}/months/2026-06`, a.admin, { fromDay: 20, toDay: 3 })).statusCode).toBe(400);
    expect(actions(a.tenantId).filter((x) => x === 'freeze.month-changed')).toHaveLength(3);
  });

  it('edits months of tax-filing freezes only', async () => {
    const { id } = (await cp.call('POST', url(), a.admin, { kind: 'year-end' })).json();
    const response = await cp.call('PUT', `${url()}/${id}/months/2026-04`, a.admin, { off: true });
    expect(response.statusCode).toBe(400);
  });

  it('needs the dates of a custom freeze and checks them', async () => {
    expect((await cp.call('POST', url(), a.admin, { kind: 'custom', label: 'audit' })).statusCode).toBe(400);
    expect((await cp.call('POST', url(), a.admin, { kind: 'custom', label: 'audit', from: '2026-05-10', to: '2026-05-01' })).json().error.code).toBe('VALIDATION_FAILED');
    const ok = await cp.call('POST', url(), a.admin, { kind: 'custom', label: 'audit', from: '2026-05-01', to: '2026-05-10' });
    expect(ok.json()).toMatchObject({ kind: 'custom', params: { from: '2026-05-01', to: '2026-05-10' } });
    expect((await cp.call('POST', url(), a.admin, { kind: 'custom', label: 'second', from: '2026-06-01', to: '2026-06-02' })).statusCode).toBe(201);
  });

  it('deletes a freeze, audited; another tenant cannot see or delete it', async () => {
    const { id } = (await cp.call('POST', url(), a.admin, { kind: 'month-end' })).json();
    expect((await cp.call('DELETE', `${url()}/${id}`, b.admin)).statusCode).toBe(404);
    expect((await cp.call('DELETE', `/api/v1/tenants/${b.tenantId}/freezes/${id}`, b.admin)).statusCode).toBe(404);
    expect((await cp.call('GET', url(), b.admin)).statusCode).toBe(404);
    expect((await cp.call('DELETE', `${url()}/${id}`, a.admin)).json()).toMatchObject({ id, kind: 'month-end' });
    expect(cp.store.tenantSchedules.freezes(a.tenantId)).toEqual([]);
    expect(actions(a.tenantId)).toEqual(expect.arrayContaining(['freeze.created', 'freeze.deleted']));
  });
});

describe('private tracks', () => {
  const url = () => `/api/v1/tenants/${a.tenantId}/private-tracks`;

  it('creates a checked private track and subscribes the tenant to it', async () => {
    const response = await cp.call('POST', url(), a.admin, privateSpec());
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ trackId: 'private/erp', version: 1, spec: privateSpec() });
    expect(cp.store.tenantSchedules.subscriptions(a.tenantId)).toMatchObject([{ trackId: 'private/erp', deploymentKind: 'private' }]);
    expect(actions(a.tenantId)).toEqual(expect.arrayContaining(['private-track.created', 'subscriptions.changed']));
  });

  it.each([
    ['an id outside private/', { ...privateSpec(), id: 'xingkong/erp' }, /private\/<name>/],
    ['an alternative track', { ...privateSpec(), alternativeTrack: 'xingkong/st-standard' }, /alternativeTrack/],
    ['every two weeks without an anchor', { ...privateSpec(), cadence: { kind: 'weekly', weekdays: ['sat'], everyWeeks: 2 } }, /anchor/],
    ['a cutoff as long as the window', { ...privateSpec(), cutoff: '4h' }, /cutoff/],
    ['an on-request track without capacity', { ...privateSpec(), cadence: { kind: 'on-request', weekdays: ['sat'], minLead: '1d' } }, /capacity/],
  ])('refuses %s with the fix in the message', async (_name, spec, message) => {
    const response = await cp.call('POST', url(), a.admin, spec);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(message);
  });

  it('updates a private track in place, bumping its version; the id in the body must match the URL', async () => {
    await cp.call('POST', url(), a.admin, privateSpec());
    const mismatch = await cp.call('PUT', `${url()}/other`, a.admin, { ...privateSpec(), start: '21:00' });
    expect(mismatch.statusCode).toBe(400);
    const missing = await cp.call('PUT', `${url()}/other`, a.admin, { ...privateSpec('other'), start: '21:00' });
    expect(missing.statusCode).toBe(404);
    const updated = await cp.call('PUT', `${url()}/erp`, a.admin, { ...privateSpec(), start: '21:00' });
    expect(updated.json()).toMatchObject({ version: 2, spec: { start: '21:00' } });
    expect((await cp.call('POST', url(), a.admin, privateSpec())).statusCode).toBe(409);
  });

  it('shows a tenant its own private tracks beside the catalog, and no other tenant\'s', async () => {
    await cp.call('POST', url(), a.admin, privateSpec());
    await cp.call('POST', `/api/v1/tenants/${b.tenantId}/private-tracks`, b.admin, privateSpec('mes'));
    const ids = async (token: string, query = '') => (await cp.call('GET', `/api/v1/tracks${query}`, token)).json().items.map((t: { id: string; ownerTenantId: string | null }) => `${t.id}${t.ownerTenantId ? '*' : ''}`);
    expect(await ids(a.admin)).toEqual(expect.arrayContaining(['xingkong/mt-standard', 'xingkong/st-custom', 'private/erp*']));
    expect(await ids(a.admin)).not.toContain('private/mes*');
    expect(await ids(cp.ops('ops-viewer'))).toEqual(expect.arrayContaining(['private/erp*', 'private/mes*']));
    expect(await ids(cp.ops('ops-viewer'), `?tenantId=${b.tenantId}`)).not.toContain('private/erp*');
    expect((await cp.call('GET', `/api/v1/tracks?tenantId=${a.tenantId}`, b.admin)).statusCode).toBe(404);
    expect((await cp.call('GET', url(), b.admin)).statusCode).toBe(404);
    expect((await cp.call('POST', url(), b.admin, privateSpec('x'))).statusCode).toBe(404);
  });

  it('describes catalog tracks with their approval policy and the tenant\'s subscription', async () => {
    await subscribe(a, [{ trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant' }]);
    const tracks = (await cp.call('GET', '/api/v1/tracks', a.admin)).json().items;
    expect(tracks.find((t: { id: string }) => t.id === 'xingkong/mt-standard')).toMatchObject({
      bookable: false, approval: 'none', alternativeTrack: 'xingkong/st-standard', noticeDays: 7, subscription: { deploymentKind: 'public-multi-tenant', hostIds: null },
    });
    expect(tracks.find((t: { id: string }) => t.id === 'xingkong/st-custom')).toMatchObject({ bookable: true, approval: 'required', capacity: 10, prerequisites: ['security-audit'], subscription: null });
  });
});
