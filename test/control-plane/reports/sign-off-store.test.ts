/** Migration 010 on a real SQLite file (rows and indexes kept, critical-period allowed) and the sign-off store methods on the test store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../../control-plane/store/sqlite/migrate.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore, testStoreKind } from '../../helpers/test-store.ts';
import type { SignOff } from '../../../control-plane/reports/sign-off.ts';
import type { NewReport } from '../../../control-plane/store/types.ts';
import { sampleReport } from './sample-report.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-signoff-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-09-29T02:00:00Z');

function report(id: string, tenantId: string, generatedAt = T0, periodKind: NewReport['periodKind'] = 'range'): NewReport {
  return { id, tenantId, jobId: `job_${id}`, periodKind, periodLabel: 'x', fromAt: 0, toAt: 1, locale: 'en', generatedAt, createdBy: 'test', content: sampleReport() };
}

function awaiting(issuedAt: number, dueAt: number): SignOff {
  return { state: 'awaiting', issuedAt, issuedBy: 'user:ops', dueAt, calendar: '5x8', decidedAt: null, decidedBy: null, amendments: null };
}

async function storeWithTenant(): Promise<{ store: SqlStore; tenantId: string }> {
  const store = await openTestStore(dir);
  store.tenants.create({ id: 'ten_a', name: 'A', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: 0 });
  return { store, tenantId: 'ten_a' };
}

function completeJob(store: SqlStore, r: NewReport): void {
  store.reports.createJob({ id: r.jobId, tenantId: r.tenantId, request: { tenantId: r.tenantId, period: { kind: 'year', year: 2026 }, locale: 'en' }, state: 'queued', percent: 0, step: null, reportId: null, error: null, createdAt: 0, createdBy: 'test', startedAt: null, finishedAt: null });
  store.reports.completeJob({ ...store.reports.getJob(r.jobId)!, state: 'succeeded', reportId: r.id }, r);
}

// SQLite's own migration history: PostgreSQL starts from one initial schema with the rebuilt table.
describe.skipIf(testStoreKind === 'postgres')('migration 010 (SQLite only: PostgreSQL has no migration history before it)', () => {
  it('rebuilds the reports table keeping its rows and index, and then accepts critical-period reports', () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    const all = listMigrations();
    migrate(db, all.filter((m) => m.version <= 8));
    db.prepare("INSERT INTO tenants (id, name, plan, time_zone, created_at) VALUES ('ten_a', 'A', 'standard', 'Asia/Shanghai', 0)").run();
    db.prepare(
      "INSERT INTO reports (id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content) VALUES ('rpt_old', 'ten_a', 'job_old', 'half-year', '2026-H1', 1, 2, 'en', 3, 'schedule', '{}')",
    ).run();
    const critical = "INSERT INTO reports (id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content) VALUES ('rpt_new', 'ten_a', 'j', 'critical-period', 'x', 1, 2, 'en', 3, 's', '{}')";
    expect(() => db.prepare(critical).run()).toThrow(/CHECK/);

    expect(migrate(db, all)).toContain(10);
    expect(db.prepare('SELECT id, period_kind, period_label, generated_at, content FROM reports').all()).toEqual([
      { id: 'rpt_old', period_kind: 'half-year', period_label: '2026-H1', generated_at: 3, content: '{}' },
    ]);
    db.prepare(critical).run();
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' AND name NOT LIKE 'sqlite_%'").pluck().all();
    expect(indexes).toEqual(['reports_tenant']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("INSERT INTO reports (id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content) VALUES ('r2', 'nobody', 'j', 'range', 'x', 1, 2, 'en', 3, 's', '{}')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('report sign-off store', () => {
  it('has no sign-off until issued, then shows it in get and list', async () => {
    const { store, tenantId } = await storeWithTenant();
    completeJob(store, report('rpt_1', tenantId));
    expect(store.reports.get('rpt_1')?.signOff).toBeNull();
    store.reports.issue('rpt_1', awaiting(T0, T0 + 1000));
    expect(store.reports.get('rpt_1')?.signOff).toEqual(awaiting(T0, T0 + 1000));
    expect(store.reports.list(tenantId, 10)[0].signOff).toMatchObject({ state: 'awaiting', dueAt: T0 + 1000 });
    expect(() => store.reports.issue('rpt_1', awaiting(T0, T0 + 1000))).toThrow(/UNIQUE|PRIMARY|unique constraint/);
    store.close();
  });

  it('decides an awaiting sign-off once and refuses a second decision', async () => {
    const { store, tenantId } = await storeWithTenant();
    completeJob(store, report('rpt_1', tenantId));
    store.reports.issue('rpt_1', awaiting(T0, T0 + 1000));
    const amended: SignOff = { ...awaiting(T0, T0 + 1000), state: 'amended', decidedAt: T0 + 10, decidedBy: 'user:tenant', amendments: 'db-2 was in maintenance' };
    expect(store.reports.decide('rpt_1', amended)).toBe(true);
    expect(store.reports.decide('rpt_1', { ...amended, state: 'confirmed', amendments: null })).toBe(false);
    expect(store.reports.get('rpt_1')?.signOff).toEqual(amended);
    store.close();
  });

  it('lists awaiting sign-offs due by now, oldest deadline first, and no others', async () => {
    const { store, tenantId } = await storeWithTenant();
    for (const id of ['rpt_early', 'rpt_late', 'rpt_future', 'rpt_decided', 'rpt_never']) completeJob(store, report(id, tenantId));
    store.reports.issue('rpt_late', awaiting(T0, T0 + 2000));
    store.reports.issue('rpt_early', awaiting(T0, T0 + 1000));
    store.reports.issue('rpt_future', awaiting(T0, T0 + 5000));
    store.reports.issue('rpt_decided', awaiting(T0, T0 + 1000));
    store.reports.decide('rpt_decided', { ...awaiting(T0, T0 + 1000), state: 'confirmed', decidedAt: T0 + 1, decidedBy: 'u' });
    expect(store.reports.listDueForDefault(T0 + 999, 10)).toEqual([]);
    expect(store.reports.listDueForDefault(T0 + 2000, 10).map((d) => [d.reportId, d.tenantId, d.signOff.dueAt])).toEqual([
      ['rpt_early', tenantId, T0 + 1000],
      ['rpt_late', tenantId, T0 + 2000],
    ]);
    expect(store.reports.listDueForDefault(T0 + 2000, 1)).toHaveLength(1);
    store.close();
  });

  it('refuses a decided state without a decision time', async () => {
    const { store, tenantId } = await storeWithTenant();
    completeJob(store, report('rpt_1', tenantId));
    expect(() => store.reports.issue('rpt_1', { ...awaiting(T0, T0 + 1), state: 'confirmed' })).toThrow(/check constraint/i);
    store.close();
  });
});
