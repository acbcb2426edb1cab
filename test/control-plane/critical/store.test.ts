/** The store of critical periods on a real database (a SQLite file or a PostgreSQL schema), reopened to prove it persisted. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenant } from '../../../control-plane/services/tenants.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore, reopenTestStore } from '../../helpers/test-store.ts';
import { DAY, HOUR, SAT, period } from './fixtures.ts';

let dir: string;
let store: SqlStore;
let tenantId: string;
let otherId: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-critical-'));
  store = await openTestStore(dir);
  tenantId = createTenant(store, { name: 'Acme' }, SAT - 30 * DAY).id;
  otherId = createTenant(store, { name: 'Other' }, SAT - 30 * DAY).id;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('critical period store', () => {
  it('reads back every field of a period after the database is reopened', () => {
    const written = period(tenantId, { hostIds: ['hst_1', 'hst_2'], products: ['xingkong'], contactIds: ['con_1'], notes: '季度结账' });
    store.criticalPeriods.create(written);
    store = reopenTestStore(store);
    expect(store.criticalPeriods.get(written.id)).toEqual(written);
    expect(store.criticalPeriods.get('crp_missing')).toBeUndefined();
  });

  it('updates every field but the id, tenant and creation, and says whether the period existed', () => {
    const written = period(tenantId);
    store.criticalPeriods.create(written);
    const changed = { ...written, title: 'Closing (extended)', endLocal: '2026-03-17T00:00', endsAt: written.endsAt + DAY, cancelledAt: SAT, cancelledBy: 'user:li', tenantId: otherId, createdAt: 1 };
    expect(store.criticalPeriods.update(changed)).toBe(true);
    expect(store.criticalPeriods.get(written.id)).toEqual({ ...changed, tenantId, createdAt: written.createdAt });
    expect(store.criticalPeriods.update({ ...written, id: 'crp_missing' })).toBe(false);
  });

  it('lists by tenant and by overlap with a range, oldest start first', () => {
    const first = period(tenantId, { id: 'crp_a' });
    const later = period(tenantId, { id: 'crp_b', startsAt: SAT + 10 * DAY, endsAt: SAT + 11 * DAY });
    const foreign = period(otherId, { id: 'crp_c' });
    for (const p of [later, foreign, first]) store.criticalPeriods.create(p);
    expect(store.criticalPeriods.list({ tenantId }).map((p) => p.id)).toEqual(['crp_a', 'crp_b']);
    expect(store.criticalPeriods.list({}).map((p) => p.id)).toEqual(['crp_a', 'crp_c', 'crp_b']);
    // [startsAt, endsAt): a range starting at the end does not overlap.
    expect(store.criticalPeriods.list({ tenantId, fromAt: first.endsAt }).map((p) => p.id)).toEqual(['crp_b']);
    expect(store.criticalPeriods.list({ tenantId, toAt: later.startsAt }).map((p) => p.id)).toEqual(['crp_a']);
    expect(store.criticalPeriods.list({ tenantId, fromAt: first.endsAt - 1, toAt: later.startsAt + 1 }).map((p) => p.id)).toEqual(['crp_a', 'crp_b']);
  });

  it('finds the periods in force at an instant, leaving out cancelled ones and other tenants', () => {
    store.criticalPeriods.create(period(tenantId, { id: 'crp_a' }));
    store.criticalPeriods.create(period(tenantId, { id: 'crp_x', cancelledAt: SAT - DAY, cancelledBy: 'user:ops' }));
    store.criticalPeriods.create(period(otherId, { id: 'crp_o' }));
    expect(store.criticalPeriods.activeFor(tenantId, SAT - 1)).toEqual([]);
    expect(store.criticalPeriods.activeFor(tenantId, SAT).map((p) => p.id)).toEqual(['crp_a']);
    expect(store.criticalPeriods.activeFor(tenantId, SAT + 2 * DAY - 1).map((p) => p.id)).toEqual(['crp_a']);
    expect(store.criticalPeriods.activeFor(tenantId, SAT + 2 * DAY)).toEqual([]);
  });

  it('lists ended periods without a report until one is set', () => {
    store.criticalPeriods.create(period(tenantId, { id: 'crp_a' }));
    store.criticalPeriods.create(period(tenantId, { id: 'crp_x', cancelledAt: SAT, cancelledBy: 'user:ops' }));
    store.criticalPeriods.create(period(tenantId, { id: 'crp_later', startsAt: SAT + DAY, endsAt: SAT + 5 * DAY }));
    const end = SAT + 2 * DAY;
    expect(store.criticalPeriods.endedWithoutReport(end - 1)).toEqual([]);
    expect(store.criticalPeriods.endedWithoutReport(end).map((p) => p.id)).toEqual(['crp_a']);
    expect(store.criticalPeriods.setReport('crp_a', 'rpt_1')).toBe(true);
    expect(store.criticalPeriods.get('crp_a')?.reportId).toBe('rpt_1');
    expect(store.criticalPeriods.endedWithoutReport(SAT + 6 * DAY).map((p) => p.id)).toEqual(['crp_later']);
    expect(store.criticalPeriods.setReport('crp_missing', 'rpt_2')).toBe(false);
  });

  it('refuses a period whose end is not after its start', () => {
    expect(() => store.criticalPeriods.create(period(tenantId, { endsAt: SAT }))).toThrow(/check constraint/i);
  });

  it('keeps the critical period an incident was opened in, and filters incidents by it', () => {
    const base = {
      tenantId, fingerprint: 'fp-1', ruleId: 'cpu-high', hostId: null, severity: 'warning' as const, title: 'CPU', titleZh: null, plan: 'standard', calendar: '7x24',
      openedAt: SAT + HOUR, responseDueAt: SAT + 5 * HOUR, deadlineProblem: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null,
      ackBusinessSeconds: null, ackWallSeconds: null, resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false,
    };
    store.incidents.create({ ...base, id: 'inc_1', criticalPeriodId: 'crp_weekend' });
    store.incidents.create({ ...base, id: 'inc_2', fingerprint: 'fp-2', calendar: '5x8' });
    expect(store.incidents.get('inc_1')?.criticalPeriodId).toBe('crp_weekend');
    expect(store.incidents.get('inc_2')?.criticalPeriodId).toBeNull();
    expect(store.incidents.list({ criticalPeriodId: 'crp_weekend' }, 10).map((i) => i.id)).toEqual(['inc_1']);
    expect(store.incidents.list({ tenantId }, 10)).toHaveLength(2);
  });
});
