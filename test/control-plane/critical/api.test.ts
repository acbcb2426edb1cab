/** The critical-periods API through the real app, on a settable clock: declare, read, change, cancel, audit and tenant scoping. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeriodChange } from '../../../control-plane/critical/service.ts';
import { createContact } from '../../../control-plane/notices/contacts.ts';
import { schedulingPlane, type SchedulingPlane } from '../scheduling/helpers.ts';
import { DAY, SAT } from './fixtures.ts';

let cp: SchedulingPlane;
let a: { tenantId: string; admin: string };
let b: { tenantId: string; admin: string };
let ops: string;
let heard: PeriodChange[];

beforeEach(async () => {
  cp = await schedulingPlane();
  a = cp.tenantWithAdmin('Tenant A');
  b = cp.tenantWithAdmin('Tenant B');
  ops = cp.ops('ops-operator');
  heard = [];
  cp.app.criticalPeriods.on('changed', (change) => void heard.push(change));
});
afterEach(async () => cp.close());

const weekend = (tenantId: string, extra: object = {}) => ({ tenantId, kind: 'closing', title: 'Quarter closing', start: '2026-03-14T00:00', end: '2026-03-16T00:00', ...extra });
const declare = (token: string, body: object) => cp.call('POST', '/api/v1/critical-periods', token, body);

describe('declaring a critical period', () => {
  it('resolves the local range in the tenant zone and answers with the period, its state and zone', async () => {
    const host = cp.enroll(a.tenantId, 'erp-01');
    const contact = createContact(cp.store.contacts, a.tenantId, { name: '值班群', kind: 'webhook', url: 'https://example.com/hook' }, cp.clock.now);
    const response = await declare(a.admin, weekend(a.tenantId, { hostIds: [host.hostId, host.hostId], products: ['xingkong'], contactIds: [contact.id], notes: 'Q1' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      tenantId: a.tenantId, kind: 'closing', title: 'Quarter closing', state: 'scheduled', zone: 'Asia/Shanghai',
      startLocal: '2026-03-14T00:00', endLocal: '2026-03-16T00:00', startsAt: '2026-03-13T16:00:00.000Z', endsAt: '2026-03-15T16:00:00.000Z',
      hostIds: [host.hostId], products: ['xingkong'], contactIds: [contact.id], notes: 'Q1', cancelledAt: null, reportId: null,
      createdBy: expect.stringMatching(/^token:tenant-admin/),
    });
    const id = response.json().id;
    expect((await cp.call('GET', `/api/v1/critical-periods/${id}`, cp.token('tenant-viewer', a.tenantId))).json().id).toBe(id);
    expect(cp.store.audit.list(a.tenantId, 10).find((e) => e.target === id)).toMatchObject({ action: 'critical-period.declared', details: { kind: 'closing', zone: 'Asia/Shanghai' } });
    expect(heard.map((h) => [h.action, h.period.id])).toEqual([['declared', id]]);
  });

  it.each([
    ['an end before the start', { end: '2026-03-13T00:00' }, 'END_NOT_AFTER_START'],
    ['more than 62 days', { end: '2026-05-20T00:00' }, 'TOO_LONG'],
    ['a date that does not exist', { start: '2026-02-30T00:00' }, 'LOCAL_TIME_INVALID'],
    ['a range already over', { start: '2026-03-01T00:00', end: '2026-03-02T09:00' }, 'ALREADY_OVER'],
    ["another tenant's host", { hostIds: ['HOST_B'] }, 'NOT_OF_TENANT'],
    ["another tenant's contact", { contactIds: ['CONTACT_B'] }, 'NOT_OF_TENANT'],
  ])('refuses %s with VALIDATION_FAILED and its rule, storing nothing', async (_name, extra, rule) => {
    const hostB = cp.enroll(b.tenantId, 'b-01').hostId;
    const contactB = createContact(cp.store.contacts, b.tenantId, { name: 'b', kind: 'webhook', url: 'https://example.com/b' }, cp.clock.now).id;
    const body = JSON.parse(JSON.stringify(weekend(a.tenantId, extra)).replace('HOST_B', hostB).replace('CONTACT_B', contactB));
    const response = await declare(a.admin, body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { rule } });
    expect(cp.store.criticalPeriods.list({})).toEqual([]);
  });

  it.each([
    ['an unknown kind', { kind: 'holiday' }],
    ['an unknown field', { severity: 'high' }],
    ['a time with seconds', { start: '2026-03-14T00:00:00' }],
  ])('refuses %s at the schema', async (_name, extra) => {
    const response = await declare(a.admin, weekend(a.tenantId, extra));
    expect(response.statusCode).toBe(400);
  });

  it('lets ops declare for a tenant, and refuses tenant viewers', async () => {
    expect((await declare(ops, weekend(a.tenantId))).statusCode).toBe(201);
    expect((await declare(cp.token('tenant-viewer', a.tenantId), weekend(a.tenantId))).statusCode).toBe(403);
  });
});

describe('changing and cancelling', () => {
  it('extends the end and retitles an active period, auditing the change, and refuses an end already past', async () => {
    const id = (await declare(a.admin, weekend(a.tenantId))).json().id;
    cp.clock.now = SAT + DAY;
    const changed = await cp.call('PATCH', `/api/v1/critical-periods/${id}`, a.admin, { end: '2026-03-17T08:00', title: 'Closing, extended', notes: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ state: 'active', endLocal: '2026-03-17T08:00', endsAt: '2026-03-17T00:00:00.000Z', title: 'Closing, extended', startsAt: '2026-03-13T16:00:00.000Z' });
    expect(cp.store.audit.list(a.tenantId, 10).find((e) => e.action === 'critical-period.updated')).toMatchObject({ target: id, details: { changed: ['end', 'notes', 'title'] } });
    const early = await cp.call('PATCH', `/api/v1/critical-periods/${id}`, a.admin, { end: '2026-03-14T12:00' });
    expect(early.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { rule: 'ALREADY_OVER' } });
  });

  it('refuses changes and cancelling once the period is over with PERIOD_CLOSED', async () => {
    const id = (await declare(a.admin, weekend(a.tenantId))).json().id;
    cp.clock.now = SAT + 2 * DAY;
    expect((await cp.call('GET', `/api/v1/critical-periods/${id}`, a.admin)).json().state).toBe('ended');
    for (const [method, url, body] of [['PATCH', `/api/v1/critical-periods/${id}`, { title: 'x' }], ['POST', `/api/v1/critical-periods/${id}/cancel`, undefined]] as const) {
      const response = await cp.call(method, url, a.admin, body);
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'PERIOD_CLOSED', details: { state: 'ended' } });
    }
  });

  it('cancels a period once, recording who and when, and lists by state', async () => {
    const keep = (await declare(a.admin, weekend(a.tenantId, { title: 'Payment run', kind: 'payment' }))).json().id;
    const id = (await declare(a.admin, weekend(a.tenantId))).json().id;
    const cancelled = await cp.call('POST', `/api/v1/critical-periods/${id}/cancel`, a.admin);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancelledAt: new Date(cp.clock.now).toISOString(), cancelledBy: expect.stringMatching(/^token:tenant-admin/) });
    expect((await cp.call('POST', `/api/v1/critical-periods/${id}/cancel`, a.admin)).json().error.code).toBe('PERIOD_CLOSED');
    const ids = async (query: string) => (await cp.call('GET', `/api/v1/critical-periods${query}`, a.admin)).json().items.map((p: { id: string }) => p.id);
    expect(await ids('?state=cancelled')).toEqual([id]);
    expect(await ids('?state=scheduled')).toEqual([keep]);
    expect((await ids('')).sort()).toEqual([id, keep].sort());
    expect(heard.map((h) => h.action)).toEqual(['declared', 'declared', 'cancelled']);
    expect(cp.store.audit.list(a.tenantId, 10).filter((e) => e.action === 'critical-period.cancelled').map((e) => e.target)).toEqual([id]);
  });
});

describe('tenant scoping', () => {
  it("answers 404 to another tenant for every route of a period, and lists none of its periods", async () => {
    const id = (await declare(a.admin, weekend(a.tenantId))).json().id;
    for (const [method, url, body] of [
      ['GET', `/api/v1/critical-periods/${id}`, undefined],
      ['GET', `/api/v1/critical-periods/${id}/board`, undefined],
      ['PATCH', `/api/v1/critical-periods/${id}`, { title: 'hijacked' }],
      ['POST', `/api/v1/critical-periods/${id}/cancel`, undefined],
      ['POST', '/api/v1/critical-periods', weekend(a.tenantId)],
      ['GET', `/api/v1/critical-periods?tenantId=${a.tenantId}`, undefined],
    ] as const) {
      const response = await cp.call(method, url, b.admin, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await cp.call('GET', '/api/v1/critical-periods', b.admin)).json().items).toEqual([]);
    expect(cp.store.criticalPeriods.get(id)).toMatchObject({ title: 'Quarter closing', cancelledAt: null });
    expect(cp.store.criticalPeriods.list({})).toHaveLength(1);
  });
});
