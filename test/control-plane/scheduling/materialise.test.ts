import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WindowsChangedEvent } from '../../../control-plane/scheduling/service.ts';
import type { PatchWindow } from '../../../control-plane/scheduling/model.ts';
import { DAY, NOW, privateSpec, schedulingPlane, type SchedulingPlane } from './helpers.ts';

let cp: SchedulingPlane;
let a: { tenantId: string; admin: string };
let hostId: string;

beforeEach(async () => {
  cp = await schedulingPlane();
  a = cp.tenantWithAdmin('Tenant A');
  hostId = cp.enroll(a.tenantId, 'a-erp-1').hostId;
  await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, a.admin, { items: [{ trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant' }] });
  await cp.app.scheduling.flush();
});
afterEach(async () => cp.close());

const HORIZON_END = NOW + 200 * DAY;
const batchWindows = () => cp.store.windows.list({ trackId: 'xingkong/mt-standard', fromAt: NOW, toAt: HORIZON_END, limit: 100 });
const windowOn = (localDate: string) => batchWindows().find((w) => w.localDate === localDate)!;
const periodsOf = (window: PatchWindow) => cp.store.maintenance.list(a.tenantId, 500).filter((p) => p.source === `window:${window.id}`);
const rows = () =>
  cp.store.db
    .prepare(
      `SELECT (SELECT count(*) FROM windows) w, (SELECT coalesce(sum(version), 0) FROM windows) v, (SELECT count(*) FROM window_coverage) c,
              (SELECT count(*) FROM maintenance_periods) m, (SELECT count(*) FROM audit_log) a`,
    )
    .get();

describe('materialised windows', () => {
  it('keep every track over the 180-day horizon, with the subscribed tenant and its host covered', () => {
    expect(batchWindows().map((w) => w.localDate)).toEqual(['2026-03-14', '2026-04-18', '2026-05-16', '2026-06-13', '2026-07-18', '2026-08-15']);
    expect(windowOn('2026-04-18').coverage).toEqual([{ tenantId: a.tenantId, status: 'covered', reason: null, hostIds: [hostId], via: 'subscription', bookingIds: [], revision: 1 }]);
    const agile = cp.store.windows.list({ trackId: 'cangqiong/agile', fromAt: NOW, toAt: HORIZON_END, limit: 100 });
    expect(agile.length).toBeGreaterThan(10);
    expect(agile.every((w) => w.coverage.length === 0)).toBe(true);
  });

  it('change nothing at all when recomputed on the same inputs', async () => {
    const before = rows();
    const result = await cp.app.scheduling.recompute(NOW, 'test');
    expect(result.changes).toEqual([]);
    expect(result.unchanged).toBeGreaterThan(50);
    expect(rows()).toEqual(before);
  });

  it('keep one maintenance period per covered window, over the window, so the host\'s alerts are suppressed', () => {
    const april = windowOn('2026-04-18');
    expect(periodsOf(april)).toEqual([
      { id: expect.stringMatching(/^mnt_/), tenantId: a.tenantId, hostIds: [hostId], startsAt: april.startAt, endsAt: april.endAt, reason: 'patch window xingkong/mt-standard on 2026-04-18', source: `window:${april.id}` },
    ]);
    expect(batchWindows().every((w) => periodsOf(w).length === 1)).toBe(true);
  });

  it('skip the tenant with its freeze as reason when a freeze is added, drop the period, and bring both back when it goes', async () => {
    const mutes = vi.spyOn(cp.app.alertEngine, 'mutesChanged');
    const events: WindowsChangedEvent[] = [];
    cp.app.scheduling.onWindowsChanged((event) => events.push(event));
    const freeze = await cp.call('POST', `/api/v1/tenants/${a.tenantId}/freezes`, a.admin, { kind: 'custom', label: 'audit week', from: '2026-04-17', to: '2026-04-19' });
    await cp.app.scheduling.flush();
    const april = windowOn('2026-04-18');
    expect(april).toMatchObject({ status: 'scheduled', version: 3 });
    expect(april.coverage[0]).toMatchObject({ status: 'skipped', reason: { code: 'IN_FREEZE', detail: { scope: 'tenant', freezeId: freeze.json().id } } });
    expect(periodsOf(april)).toEqual([]);
    expect(periodsOf(windowOn('2026-05-16'))).toHaveLength(1);
    expect(mutes).toHaveBeenCalledWith(NOW);
    expect(events).toHaveLength(1);
    expect(events[0].why[0]).toMatch(/^freeze added for ten_/);
    expect(events[0].changes.map((c) => [c.after.id, c.kinds, c.coverage.changed])).toEqual([[april.id, ['coverage'], [a.tenantId]]]);
    const entry = cp.store.audit.list(a.tenantId, 5).find((e) => e.action === 'window.coverage-changed')!;
    expect(entry).toMatchObject({ actor: 'system:scheduler', target: april.id, details: { coverage: 'skipped', reason: { code: 'IN_FREEZE' }, why: expect.stringMatching(/freeze added/) } });

    await cp.call('DELETE', `/api/v1/tenants/${a.tenantId}/freezes/${freeze.json().id}`, a.admin);
    await cp.app.scheduling.flush();
    expect(windowOn('2026-04-18').coverage[0].status).toBe('covered');
    expect(periodsOf(windowOn('2026-04-18'))).toHaveLength(1);
  });

  it('move the maintenance period with a window a global freeze moves', async () => {
    const april = windowOn('2026-04-18');
    const [period] = periodsOf(april);
    cp.app.scheduling.setGlobalFreezes([{ kind: 'dates', id: 'dc-move', label: 'data centre move', from: '2026-04-18', to: '2026-04-19' }]);
    const result = await cp.app.scheduling.flush();
    expect(result!.changes.filter((c) => c.after.trackId === 'xingkong/mt-standard').map((c) => c.kinds)).toEqual([['moved']]);
    const moved = cp.store.windows.get(april.id)!;
    expect(moved).toMatchObject({ localDate: '2026-04-25', occurrenceKey: '2026-04-18', version: april.version + 1, previousStartAt: april.startAt, previousEndAt: april.endAt });
    expect(moved.coverage[0].revision).toBe(april.coverage[0].revision + 1);
    expect(periodsOf(moved)).toEqual([{ ...period, startsAt: april.startAt + 7 * DAY, endsAt: april.endAt + 7 * DAY, reason: 'patch window xingkong/mt-standard on 2026-04-25' }]);
    expect(cp.store.audit.list(null, 50).find((e) => e.action === 'window.moved' && e.target === april.id)).toMatchObject({ target: april.id, details: { before: { startAt: april.startAt }, startAt: april.startAt + 7 * DAY, why: ['global freezes changed'].join() } });
  });

  it('add a new host of the tenant to its periods', async () => {
    const second = cp.enroll(a.tenantId, 'a-erp-2').hostId;
    await cp.app.scheduling.flush();
    expect(periodsOf(windowOn('2026-04-18'))[0].hostIds).toEqual([hostId, second].sort());
  });

  it('leave hosts of another product out, and cover only listed hosts when the subscription lists them', async () => {
    const other = { id: 'hst_other', tenantId: a.tenantId, name: 'a-cq', product: 'cangqiong', agentId: null, facts: null, createdAt: NOW, lastSeenAt: null, status: 'down' as const };
    cp.store.hosts.create(other);
    await cp.app.scheduling.recompute(NOW, 'host added');
    expect(windowOn('2026-04-18').coverage[0].hostIds).toEqual([hostId]);
    await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, a.admin, { items: [{ trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant', hostIds: ['hst_other'] }] });
    await cp.app.scheduling.flush();
    expect(periodsOf(windowOn('2026-04-18'))[0].hostIds).toEqual(['hst_other']);
  });

  it('drop the periods of future windows when the tenant unsubscribes, and leave a window under way alone', async () => {
    const march = windowOn('2026-03-14');
    cp.clock.now = march.startAt + 1_000;
    await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/subscriptions`, a.admin, { items: [] });
    await cp.app.scheduling.flush();
    expect(cp.store.windows.get(march.id)).toEqual(march);
    expect(periodsOf(march)).toHaveLength(1);
    expect(cp.store.maintenance.list(a.tenantId, 500).map((p) => p.source)).toEqual([`window:${march.id}`]);
  });

  it('follow a private track: its windows, the owner\'s month-end closing and an edited cadence', async () => {
    await cp.call('POST', `/api/v1/tenants/${a.tenantId}/private-tracks`, a.admin, privateSpec());
    await cp.app.scheduling.flush();
    const own = () => cp.store.windows.list({ trackId: 'private/erp', fromAt: NOW, toAt: NOW + 41 * DAY, limit: 20 });
    expect(own().map((w) => [w.localDate, w.status, w.ownerTenantId])).toEqual(
      ['2026-03-07', '2026-03-14', '2026-03-21', '2026-03-28', '2026-04-04', '2026-04-11'].map((d) => [d, d === '2026-04-04' ? 'skipped' : 'scheduled', a.tenantId]),
    );
    await cp.call('POST', `/api/v1/tenants/${a.tenantId}/freezes`, a.admin, { kind: 'month-end', lastDays: 4 });
    await cp.app.scheduling.flush();
    expect(own().find((w) => w.localDate === '2026-03-28')).toMatchObject({ status: 'skipped', reason: { code: 'IN_FREEZE', detail: { scope: 'tenant', date: '2026-03-28' } } });
    await cp.call('PUT', `/api/v1/tenants/${a.tenantId}/private-tracks/erp`, a.admin, { ...privateSpec(), cadence: { kind: 'weekly', weekdays: ['sun'] } });
    const result = await cp.app.scheduling.flush();
    expect(result!.changes.filter((c) => c.after.trackId === 'private/erp' && c.kinds[0] === 'cancelled').length).toBeGreaterThan(20);
    expect(own().filter((w) => w.status !== 'cancelled').map((w) => w.localDate)).toEqual(['2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29', '2026-04-05']);
  });

  it('show tenants the windows that involve them, with only their own coverage', async () => {
    const b = cp.tenantWithAdmin('Tenant B');
    cp.enroll(b.tenantId, 'b-host');
    await cp.call('PUT', `/api/v1/tenants/${b.tenantId}/subscriptions`, b.admin, { items: [{ trackId: 'xingkong/mt-standard', deploymentKind: 'public-multi-tenant' }] });
    await cp.call('POST', `/api/v1/tenants/${a.tenantId}/private-tracks`, a.admin, privateSpec());
    await cp.app.scheduling.flush();
    const seen = (await cp.call('GET', `/api/v1/windows?to=${new Date(NOW + 60 * DAY).toISOString()}`, b.admin)).json().items;
    expect(new Set(seen.map((w: { trackId: string }) => w.trackId))).toEqual(new Set(['xingkong/mt-standard']));
    expect(seen.every((w: { coverage: Array<{ tenantId: string }> }) => w.coverage.length === 1 && w.coverage[0].tenantId === b.tenantId)).toBe(true);
    expect((await cp.call('GET', `/api/v1/windows?tenantId=${a.tenantId}`, b.admin)).statusCode).toBe(404);
    const all = (await cp.call('GET', '/api/v1/windows?trackId=xingkong%2Fmt-standard&status=scheduled', cp.ops('ops-viewer'))).json().items;
    expect(all[0].coverage.map((c: { tenantId: string }) => c.tenantId).sort()).toEqual([a.tenantId, b.tenantId].sort());
  });
});
