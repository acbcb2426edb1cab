/**
 * Critical-period reports on a fixed clock: the reports tick generates one when a period
 * ends, sets it on the period and issues it for sign-off; its content covers only the
 * period's hosts and adds response against the heightened deadline, actions and
 * recommendations; it downloads as HTML (zh-CN, en) and CSV; other tenants get 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriticalPeriod } from '../../../control-plane/critical/model.ts';
import type { ReportContent } from '../../../control-plane/reports/model.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { addHost, addHourly, addPlanStatuses, HOUR, incident, planStatus, sh } from './fixture.ts';

let cp: TestControlPlane;
let now = sh('2026-10-30T12:00');
let tenantA: string;
let tokens: { ops: string; adminA: string; adminB: string; tenantB: string };
const START = sh('2026-10-31T00:00');
const END = sh('2026-11-02T00:00');

function criticalPeriod(tenantId: string, id: string, startsAt: number, endsAt: number, hostIds: string[]): CriticalPeriod {
  const local = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(0, 16);
  return {
    id, tenantId, kind: 'closing', title: 'October closing <Q4>', startLocal: local(startsAt), endLocal: local(endsAt), startsAt, endsAt, hostIds, products: [], contactIds: [],
    notes: 'finance on site', createdAt: startsAt - 86_400_000, createdBy: 'user:ops', cancelledAt: null, cancelledBy: null, reportId: null,
  };
}

beforeAll(async () => {
  cp = await startControlPlane({ clock: () => now });
  tenantA = cp.tenant('Tenant A');
  const tenantB = cp.tenant('Tenant B');
  tokens = { ops: cp.token('ops-operator'), adminA: cp.token('tenant-admin', tenantA), adminB: cp.token('tenant-admin', tenantB), tenantB };
  const { store } = cp;
  addHost(store, tenantA, 'db-1', sh('2026-01-01T00:00'));
  addHost(store, tenantA, 'web-9', sh('2026-01-01T00:00'));
  // db-1 lost half an hour on 1 November; web-9 (not covered) was down throughout and must not show.
  addHourly(store, 'db-1', 'seconds_up', START, END, (hourAt) => (hourAt === sh('2026-11-01T04:00') ? 1800 : 3600));
  addHourly(store, 'web-9', 'seconds_up', START, END, () => 0);
  store.criticalPeriods.create(criticalPeriod(tenantA, 'crp_oct', START, END, ['db-1']));
  const critical = { plan: 'standard', calendar: '7x24', criticalPeriodId: 'crp_oct' };
  // Standard plan's heightened deadline is 4h on 7x24: answered in 30 minutes (met) and in 6 hours (missed).
  store.incidents.create(incident('inc_met', tenantA, { ...critical, ruleId: 'heartbeat-lost', hostId: 'db-1', openedAt: sh('2026-10-31T10:00'), acknowledgedAt: sh('2026-10-31T10:30'), acknowledgedBy: 'user:alice' }));
  store.incidents.create(incident('inc_missed', tenantA, { ...critical, ruleId: 'cpu-high', hostId: 'db-1', openedAt: sh('2026-11-01T03:00'), acknowledgedAt: sh('2026-11-01T09:00'), acknowledgedBy: 'user:bob' }));
  store.incidents.create(incident('inc_other', tenantA, { ruleId: 'cpu-high', hostId: 'web-9', openedAt: sh('2026-11-01T03:00') }));
  addPlanStatuses(store, 'db-1', [planStatus(1, sh('2026-10-31T23:00'), 'plan-hotfix', 'succeeded', { after: '2.0.1' })]);
  store.maintenance.create({ id: 'mnt_disk', tenantId: tenantA, hostIds: ['db-1'], startsAt: sh('2026-11-01T20:00'), endsAt: sh('2026-11-01T21:00'), reason: 'disk swap', source: 'ops' });
  store.audit.append({ at: sh('2026-10-31T09:00'), actor: 'user:ops', action: 'critical-period.updated', tenantId: tenantA, target: 'crp_oct', details: {} });
});
afterAll(async () => cp.close());

const call = (method: 'GET' | 'POST', url: string, token: string, payload?: object) => cp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

let reportId: string;
let content: ReportContent;

describe('critical-period report', () => {
  it('is not generated while the period runs, and is generated, set on the period and issued once it ends', async () => {
    now = END - 60_000;
    expect(cp.app.reportsTick(now).queued).toEqual([]);
    now = sh('2026-11-02T08:00');
    expect(cp.app.reportsTick(now).queued).toHaveLength(1);
    expect(cp.app.reportsTick(now).queued).toEqual([]);
    await cp.app.reports.idle();
    reportId = cp.store.criticalPeriods.get('crp_oct')!.reportId!;
    expect(reportId).toMatch(/^rpt_/);
    const report = cp.store.reports.get(reportId)!;
    content = report.content;
    expect(report).toMatchObject({ periodKind: 'critical-period', fromAt: START, toAt: END, createdBy: 'system:critical-period' });
    // Issued Monday 2 November: Tue 3 to Mon 9 November are the five working days.
    expect(report.signOff).toMatchObject({ state: 'awaiting', issuedBy: 'system:critical-period', dueAt: sh('2026-11-09T17:30') });
    const audit = cp.store.audit.list(tenantA, 100).filter((e) => e.target === reportId);
    expect(audit.map((e) => [e.action, e.actor])).toEqual([['report.issued', 'system:critical-period']]);
    await cp.app.reports.idle();
    expect(cp.app.reportsTick(now).queued).toEqual([]);
  });

  it('covers only the period’s hosts over [startsAt, endsAt)', () => {
    expect(content.period).toMatchObject({ kind: 'critical-period', fromAt: new Date(START).toISOString(), toAt: new Date(END).toISOString(), fromDate: '2026-10-31', toDate: '2026-11-01' });
    expect(content.hosts.items.map((h) => h.id)).toEqual(['db-1']);
    expect(content.availability.hosts.map((h) => [h.hostId, h.downtimeSeconds])).toEqual([['db-1', 1800]]);
    expect(content.incidents.items.map((i) => i.id)).toEqual(['inc_met', 'inc_missed']);
    expect(content.incidents.items.map((i) => [i.responseDueAt, i.deadline])).toEqual([
      [new Date(sh('2026-10-31T14:00')).toISOString(), 'met'],
      [new Date(sh('2026-11-01T07:00')).toISOString(), 'missed'],
    ]);
  });

  it('judges response against the heightened deadline and lists the actions taken', () => {
    const critical = content.critical!;
    expect(critical.period).toMatchObject({ id: 'crp_oct', title: 'October closing <Q4>', coveredHostIds: ['db-1'], notes: 'finance on site' });
    expect(critical.response).toMatchObject({ within: '4h', calendar: '7x24', count: 2, met: 1, missed: 1, pending: 0, shareWithin: 0.5 });
    expect(critical.response.items.map((i) => [i.id, i.respondedBy, i.responseSeconds, i.deadline])).toEqual([
      ['inc_met', 'user:alice', 1800, 'met'],
      ['inc_missed', 'user:bob', 6 * 3600, 'missed'],
    ]);
    expect(critical.actions.items.map((a) => [a.kind, a.subject])).toEqual([
      ['audit', 'crp_oct'],
      ['incident-acknowledged', 'inc_met'],
      ['patch', 'plan-hotfix'],
      ['incident-acknowledged', 'inc_missed'],
      ['maintenance', 'mnt_disk'],
    ]);
    expect(content.recommendations.map((r) => r.rule)).toEqual(expect.arrayContaining(['critical-response-missed', 'critical-downtime', 'critical-changes']));
    expect(content.recommendations.find((r) => r.rule === 'critical-downtime')?.facts).toEqual({ host: 'db-1', minutes: 30 });
  });

  it('downloads as escaped HTML in both languages and as CSV tables', async () => {
    const base = `/api/v1/reports/${reportId}/download`;
    const zh = (await call('GET', `${base}?format=html`, tokens.adminA)).body;
    expect(zh).toContain('<h1>关键期保障报告</h1>');
    expect(zh).toContain('October closing &lt;Q4&gt;');
    expect(zh).toContain('事件已确认');
    const en = (await call('GET', `${base}?format=html&locale=en`, tokens.adminA)).body;
    expect(en).toContain('<h1>Critical-period report</h1>');
    expect(en).toContain('missed the heightened deadline (4h)');
    const csv = (await call('GET', `${base}?format=csv&table=critical-incidents`, tokens.adminA)).body.split('\r\n');
    expect(csv[0]).toBe('\uFEFFid,host_id,title,severity,opened_at,response_due_at,responded_at,responded_by,response_seconds,deadline');
    expect(csv.filter((line) => line.startsWith('inc_'))).toHaveLength(2);
    expect((await call('GET', `${base}?format=csv&table=critical-actions`, tokens.adminA)).body).toContain('maintenance,ops,mnt_disk');
  });

  it('generates a preview on demand without replacing the period’s report or issuing it', async () => {
    const response = await call('POST', '/api/v1/reports', tokens.adminA, { tenantId: tenantA, period: { kind: 'critical-period', periodId: 'crp_oct' }, locale: 'en' });
    expect(response.statusCode, response.body).toBe(202);
    await cp.app.reports.idle();
    const job = cp.store.reports.getJob(response.json().id)!;
    expect(job.state).toBe('succeeded');
    expect(cp.store.reports.get(job.reportId!)?.signOff).toBeNull();
    expect(cp.store.criticalPeriods.get('crp_oct')?.reportId).toBe(reportId);
  });

  it('retries a period whose report failed an hour later, not on every tick', async () => {
    cp.store.criticalPeriods.create(criticalPeriod(tenantA, 'crp_nov', sh('2026-11-02T00:00'), sh('2026-11-02T06:00'), []));
    const request = { tenantId: tenantA, period: { kind: 'critical-period' as const, periodId: 'crp_nov' }, locale: 'zh-CN' as const };
    cp.store.reports.createJob({ id: 'rjb_failed', tenantId: tenantA, request, state: 'failed', percent: 10, step: 'hosts', reportId: null, error: 'INTERNAL', createdAt: now, createdBy: 'system:critical-period', startedAt: now, finishedAt: now });
    now += 59 * 60_000;
    expect(cp.app.reportsTick(now).queued).toEqual([]);
    now += 60_000;
    expect(cp.app.reportsTick(now).queued).toHaveLength(1);
    await cp.app.reports.idle();
    expect(cp.store.criticalPeriods.get('crp_nov')?.reportId).toMatch(/^rpt_/);
  });

  it('keeps the report of a period ending in late December but leaves it unissued when 2027 has no holiday data', async () => {
    cp.store.criticalPeriods.create(criticalPeriod(tenantA, 'crp_dec', sh('2026-12-26T00:00'), sh('2026-12-28T00:00'), []));
    now = sh('2026-12-28T10:00');
    expect(cp.app.reportsTick(now).queued).toHaveLength(1);
    await cp.app.reports.idle();
    const decReport = cp.store.reports.get(cp.store.criticalPeriods.get('crp_dec')!.reportId!);
    expect(decReport?.periodKind).toBe('critical-period');
    expect(decReport?.signOff).toBeNull();
  });

  it('answers 404 for another tenant’s critical period and an unknown one', async () => {
    const period = { kind: 'critical-period', periodId: 'crp_oct' };
    expect((await call('POST', '/api/v1/reports', tokens.adminB, { tenantId: tokens.tenantB, period })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/reports', tokens.adminB, { tenantId: tenantA, period })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/reports', tokens.ops, { tenantId: tokens.tenantB, period })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/reports', tokens.ops, { tenantId: tenantA, period: { kind: 'critical-period', periodId: 'crp_none' } })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/reports/${reportId}`, tokens.adminB)).statusCode).toBe(404);
  });
});
