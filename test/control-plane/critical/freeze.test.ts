/** A declared critical period freezes the tenant's windows and slots, until it is cancelled. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathOf, schedulingPlane, type SchedulingPlane } from '../scheduling/helpers.ts';

let cp: SchedulingPlane;
let a: { tenantId: string; admin: string };
let b: { tenantId: string; admin: string };

beforeEach(async () => {
  cp = await schedulingPlane();
  a = cp.tenantWithAdmin('Tenant A');
  b = cp.tenantWithAdmin('Tenant B');
  for (const who of [a, b]) {
    const items = [{ trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant' }];
    expect((await cp.call('PUT', `/api/v1/tenants/${who.tenantId}/subscriptions`, who.admin, { items })).statusCode).toBe(200);
  }
  await cp.app.scheduling.flush();
});
afterEach(async () => cp.close());

const declare = async (who: { tenantId: string; admin: string }, start: string, end: string) => {
  const response = await cp.call('POST', '/api/v1/critical-periods', who.admin, { tenantId: who.tenantId, kind: 'peak', title: 'Promotion peak', start, end });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

/** Tenant coverage of the March batch window (Saturday 14 March 22:00, 8 h). */
const marchCoverage = () => {
  const [window] = cp.store.windows.list({ trackId: 'xingkong/mt-standard', fromAt: Date.parse('2026-03-14T00:00:00Z'), toAt: Date.parse('2026-03-15T00:00:00Z'), limit: 1 });
  expect(window.startAt).toBe(Date.parse('2026-03-14T22:00:00+08:00'));
  return Object.fromEntries(window.coverage.map((c) => [c.tenantId, [c.status, c.reason?.code ?? null, c.reason?.detail?.periodId ?? null]]));
};

describe('windows during a critical period', () => {
  it("skips the tenant's part of an overlapping batch window with IN_CRITICAL_PERIOD, leaves other tenants covered, and covers it again once cancelled", async () => {
    expect(marchCoverage()).toEqual({ [a.tenantId]: ['covered', null, null], [b.tenantId]: ['covered', null, null] });
    const id = await declare(a, '2026-03-15T04:00', '2026-03-16T00:00');
    await cp.app.scheduling.flush();
    expect(marchCoverage()).toEqual({ [a.tenantId]: ['skipped', 'IN_CRITICAL_PERIOD', id], [b.tenantId]: ['covered', null, null] });
    expect((await cp.call('POST', `/api/v1/critical-periods/${id}/cancel`, a.admin)).statusCode).toBe(200);
    await cp.app.scheduling.flush();
    expect(marchCoverage()).toEqual({ [a.tenantId]: ['covered', null, null], [b.tenantId]: ['covered', null, null] });
  });

  it('leaves a window that ends when the period begins alone', async () => {
    await declare(a, '2026-03-15T06:00', '2026-03-16T00:00');
    await cp.app.scheduling.flush();
    expect(marchCoverage()[a.tenantId]).toEqual(['covered', null, null]);
  });
});

describe('booking during a critical period', () => {
  beforeEach(async () => {
    const items = [{ trackId: 'xingkong/st-standard', deploymentKind: 'public-single-tenant' }];
    expect((await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, a.admin, { items })).statusCode).toBe(200);
  });

  it('shows overlapping slots as not bookable and refuses a booking of one with IN_CRITICAL_PERIOD', async () => {
    const id = await declare(a, '2026-03-10T20:00', '2026-03-11T08:00');
    const slots = await cp.call('GET', `/api/v1/tracks/${pathOf('xingkong/st-standard')}/slots?from=2026-03-09&to=2026-03-11`, a.admin);
    expect(slots.json().items.map((s: { slotDate: string; reason: { code: string } | null }) => [s.slotDate, s.reason?.code ?? null])).toEqual([
      ['2026-03-09', null],
      ['2026-03-10', 'IN_CRITICAL_PERIOD'],
      ['2026-03-11', null],
    ]);
    const refused = await cp.call('POST', '/api/v1/bookings', a.admin, { trackId: 'xingkong/st-standard', slotDate: '2026-03-10' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'IN_CRITICAL_PERIOD', details: { slotDate: '2026-03-10', periodId: id, kind: 'critical-period' } });
    expect(cp.store.bookings.list({ limit: 10 })).toEqual([]);
    expect((await cp.call('POST', '/api/v1/bookings', a.admin, { trackId: 'xingkong/st-standard', slotDate: '2026-03-11' })).statusCode).toBe(201);
  });
});
