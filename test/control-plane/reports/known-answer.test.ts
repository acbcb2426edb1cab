/**
 * A synthetic first half of 2026 for one tenant (Asia/Shanghai, plan `standard`: incidents
 * answered within 1 working day = 8 business hours on 5x8), written through the store. Every
 * expected figure is worked out by hand in the comments and compared exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHolidayCalendars, loadServicePlans } from '../../../schedules/index.ts';
import { loadRules } from '../../../control-plane/alerts/index.ts';
import { gatherReport } from '../../../control-plane/reports/gather.ts';
import { ruleCategories } from '../../../control-plane/reports/incidents.ts';
import type { ReportContent } from '../../../control-plane/reports/model.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { hostFacts } from '../../helpers/records.ts';
import { openTestStore } from '../../helpers/test-store.ts';
import { HOUR, addHost, addHourly, addPlanStatuses, incident, planStatus, sh, window } from './fixture.ts';

const TENANT = 'ten_fixture';
const FROM = sh('2026-01-01T00:00');
const TO = sh('2026-07-01T00:00');
const NOW = sh('2026-07-01T02:00');
const MAINTENANCE = [sh('2026-04-18T22:00'), sh('2026-04-19T02:00')] as const;

let store: SqlStore;
let report: ReportContent;

beforeAll(async () => {
  store = await openTestStore();
  store.tenants.create({ id: TENANT, name: 'Fixture Co', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: sh('2024-01-01T00:00') });
  store.tenants.create({ id: 'ten_other', name: 'Other Co', plan: 'advanced', timeZone: 'Asia/Shanghai', createdAt: sh('2024-01-01T00:00') });
  // web-1 was there all along; db-1 joined on 1 March; old-1 left on 1 February.
  addHost(store, TENANT, 'web-1', sh('2025-06-01T00:00'));
  addHost(store, TENANT, 'db-1', sh('2026-03-01T00:00'));
  addHost(store, TENANT, 'old-1', sh('2025-01-01T00:00'), sh('2026-02-01T00:00'));
  addHost(store, 'ten_other', 'other-1', sh('2025-01-01T00:00'));

  const outage = [sh('2026-03-10T10:00'), sh('2026-03-10T13:00')];
  const halfHour = sh('2026-05-05T09:00');
  // web-1: up every hour but a 3-hour outage, the last two hours of its maintenance, and one half hour.
  addHourly(store, 'web-1', 'seconds_up', FROM, TO, (h) => (h >= outage[0] && h < outage[1]) || (h >= MAINTENANCE[0] + 2 * HOUR && h < MAINTENANCE[1]) ? null : h === halfHour ? 1800 : 3600);
  addHourly(store, 'db-1', 'seconds_up', sh('2026-03-01T00:00'), TO, () => 3600);
  const dbHour = (h: number) => (h - sh('2026-03-01T00:00')) / HOUR;
  addHourly(store, 'db-1', 'cpu_percent', sh('2026-03-01T00:00'), TO, (h) => dbHour(h) % 100);
  addHourly(store, 'db-1', 'memory_percent', sh('2026-03-01T00:00'), TO, () => 50);
  addHourly(store, 'db-1', 'disk_used_percent:/data', sh('2026-03-01T00:00'), TO, (h) => 10 + (0.6 * dbHour(h)) / 24);
  addHourly(store, 'old-1', 'seconds_up', sh('2025-12-01T00:00'), sh('2026-02-01T00:00'), () => 3600);
  addHourly(store, 'other-1', 'seconds_up', FROM, TO, () => 0);
  store.maintenance.create({ id: 'mnt_w1', tenantId: TENANT, hostIds: ['web-1'], startsAt: MAINTENANCE[0], endsAt: MAINTENANCE[1], reason: 'patch window', source: 'window:w1' });

  for (const i of [
    incident('inc1', TENANT, { ruleId: 'cpu-high', openedAt: sh('2026-03-13T16:00'), acknowledgedAt: sh('2026-03-16T09:30'), resolvedAt: sh('2026-03-16T14:00') }),
    incident('inc2', TENANT, { ruleId: 'host-down', openedAt: sh('2026-04-08T10:00'), acknowledgedAt: sh('2026-04-09T11:00'), resolvedAt: sh('2026-04-09T15:00') }),
    incident('inc3', TENANT, { ruleId: 'disk-usage-warning', openedAt: sh('2026-06-29T09:00') }),
    incident('inc4', TENANT, { ruleId: 'host-down', severity: 'critical', openedAt: sh('2026-05-16T10:00'), acknowledgedAt: sh('2026-05-16T11:00'), resolvedAt: sh('2026-05-16T12:00') }),
    incident('inc-before', TENANT, { ruleId: 'cpu-high', openedAt: sh('2025-12-31T23:00'), acknowledgedAt: sh('2026-01-05T09:00') }),
    incident('inc-other', 'ten_other', { ruleId: 'cpu-high', openedAt: sh('2026-03-13T16:00') }),
  ]) store.incidents.create(i);

  store.windows.save(window('w1', TENANT, sh('2026-04-18T22:00'), 8, { hostIds: ['web-1', 'db-1'] }));
  store.windows.save(window('w2', TENANT, sh('2026-05-16T22:00'), 8, { hostIds: ['web-1', 'db-1'] }));
  store.windows.save(window('w3', TENANT, sh('2026-06-13T22:00'), 8, { hostIds: [], status: 'skipped', reason: { code: 'IN_FREEZE', message: 'freeze' } }));
  store.windows.save(window('w4', TENANT, sh('2026-07-18T22:00'), 8, { hostIds: ['web-1'] }));

  addPlanStatuses(store, 'web-1', [
    planStatus(1, sh('2026-04-18T22:05'), 'plan-p1-web1', 'running'),
    planStatus(2, sh('2026-04-18T23:00'), 'plan-p1-web1', 'succeeded', { before: '1.0', after: '1.1' }),
    planStatus(3, sh('2026-05-16T23:00'), 'plan-p2-web1', 'rolled-back', { before: '1.1', after: '1.1' }),
  ]);
  addPlanStatuses(store, 'db-1', [
    planStatus(1, sh('2026-04-18T22:30'), 'plan-p1-db1', 'failed'),
    planStatus(2, sh('2026-04-19T01:00'), 'plan-p1-db1', 'succeeded', { before: '1.0', after: '1.1' }),
    planStatus(3, sh('2026-05-16T23:30'), 'plan-p2-db1', 'failed'),
  ]);

  // web-1's facts: a kernel upgrade before the half-year (not listed), then memory 32 -> 64 GiB in April.
  const kernel = { ...hostFacts('web-1'), os: { ...hostFacts('web-1').os, kernel: '6.1.0-20-amd64' } };
  store.ingest.commit([{
    agentId: 'agt_web-1', hostId: 'web-1', streamId: 'facts', receivedAt: sh('2026-04-01T00:00'), intervalSeconds: 10, samples: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: 3,
    facts: [{ seq: 1, at: sh('2025-06-01T00:00'), facts: hostFacts('web-1') }, { seq: 2, at: sh('2025-12-01T00:00'), facts: kernel }, { seq: 3, at: sh('2026-04-01T00:00'), facts: { ...kernel, memoryBytes: 64 * 1024 ** 3 } }],
  }]);

  const deps = { store, plans: new Map(loadServicePlans().map((p) => [p.id, p])), holidays: loadHolidayCalendars(), categoryOf: ruleCategories(loadRules()) };
  report = await gatherReport(deps, store.tenants.get(TENANT)!, { tenantId: TENANT, period: { kind: 'half-year', year: 2026, half: 1 }, locale: 'en' }, NOW, async () => {});
  // Half a year of hourly rows: over PostgreSQL, with other suites running, this takes seconds.
}, 30_000);
afterAll(() => store.close());

describe('known-answer half-year report', () => {
  it('spans 1 January to 30 June in the tenant zone', () => {
    expect(report.period).toMatchObject({ label: '2026-H1', fromAt: '2025-12-31T16:00:00.000Z', toAt: '2026-06-30T16:00:00.000Z', fromDate: '2026-01-01', toDate: '2026-06-30' });
  });

  it('counts hosts at the start and end, one added and one removed', () => {
    // At start: web-1 and old-1; at end: web-1 and db-1. Other tenants' hosts never appear.
    expect([report.hosts.atStart, report.hosts.atEnd, report.hosts.added, report.hosts.removed]).toEqual([2, 2, 1, 1]);
    expect(report.hosts.items.map((h) => h.id).sort()).toEqual(['db-1', 'old-1', 'web-1']);
    expect(report.hosts.changes.map((c) => [c.hostId, c.kind, c.detail])).toEqual([
      ['old-1', 'removed', ''],
      ['db-1', 'added', 'xingkong'],
      ['web-1', 'facts-changed', 'memoryGiB: 32.0 -> 64.0'],
    ]);
  });

  it('computes web-1 availability with its maintenance counted apart from downtime', () => {
    // Span: 181 days (Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30) = 4344 h = 15,638,400 s.
    // Maintenance 22:00-02:00 = 4 h = 14,400 s, so expected = 15,624,000 s.
    // Rows: 4344 - 3 (outage) - 2 (last maintenance hours) = 4339, one of them 1800 s:
    //   sum = 4338 * 3600 + 1800 = 15,618,600 s. The two maintenance hours with rows (3600 s
    //   each) weigh 0 outside maintenance: up = 15,618,600 - 7,200 = 15,611,400 s.
    // Downtime = 15,624,000 - 15,611,400 = 12,600 s (3 h outage + half an hour).
    const web = report.availability.hosts.find((h) => h.hostId === 'web-1')!;
    expect(web.maintenanceSeconds).toBe(14_400);
    expect(web.expectedSeconds).toBe(15_624_000);
    expect(web.upSeconds).toBe(15_611_400);
    expect(web.downtimeSeconds).toBe(12_600);
    expect(web.availability).toBe(15_611_400 / 15_624_000);
    expect(web.trace.ids).toEqual(['mnt_w1']);
    expect(web.trace.inputs).toMatchObject({ hoursWithRows: 4339, secondsUpSum: 15_618_600, partialHours: 4, secondsUpExcluded: 7200 });
  });

  it('computes joined and revoked hosts over their own part of the half-year', () => {
    // db-1 from 1 March: 31 + 30 + 31 + 30 = 122 days = 2928 h = 10,540,800 s, all up.
    // old-1 until 1 February: 31 days = 744 h = 2,678,400 s, all up (its December rows are outside).
    const byId = new Map(report.availability.hosts.map((h) => [h.hostId, h]));
    expect([byId.get('db-1')!.expectedSeconds, byId.get('db-1')!.upSeconds, byId.get('db-1')!.availability]).toEqual([10_540_800, 10_540_800, 1]);
    expect([byId.get('old-1')!.expectedSeconds, byId.get('old-1')!.upSeconds]).toEqual([2_678_400, 2_678_400]);
    // Tenant: expected 15,624,000 + 10,540,800 + 2,678,400 = 28,843,200 s; up 28,830,600 s.
    expect(report.availability.tenant).toEqual({
      expectedSeconds: 28_843_200, maintenanceSeconds: 14_400, upSeconds: 28_830_600, downtimeSeconds: 12_600, availability: 28_830_600 / 28_843_200,
    });
  });

  it('computes incident response and resolution in business hours against the plan', () => {
    // inc1: opened Fri 13 Mar 16:00, acked Mon 16 Mar 09:30: Fri 16:00-17:30 (1.5 h) + Mon 08:30-09:30 (1 h) = 2.5 h = 9000 s.
    //   Due after 8 h: Fri 1.5 + Mon 08:30-12:00 3.5 + 13:00-16:00 3 -> Mon 16:00; met. Resolved 14:00: 1.5 + 3.5 + 1 = 6 h.
    // inc2: opened Wed 8 Apr 10:00, acked Thu 9 Apr 11:00: Wed 2 + 4.5 = 6.5 h, Thu 08:30-11:00 2.5 h = 9 h = 32,400 s.
    //   Due Thu 10:00 (6.5 + 1.5); missed. Resolved Thu 15:00: 6.5 + 3.5 + 2 = 12 h = 43,200 s.
    // inc3: opened Mon 29 Jun 09:00, never answered: due Tue 30 Jun 09:00 (7.5 h Mon + 0.5 h Tue); now is 1 Jul: missed.
    // inc4: opened Sat 16 May 10:00 (closed on 5x8), acked 11:00, resolved 12:00: 0 business seconds; met.
    const rows = new Map(report.incidents.items.map((i) => [i.id, i]));
    expect([...rows.keys()]).toEqual(['inc1', 'inc2', 'inc4', 'inc3']);
    expect(rows.get('inc1')).toMatchObject({ responseBusinessSeconds: 9000, resolutionBusinessSeconds: 21_600, deadline: 'met', responseDueAt: new Date(sh('2026-03-16T16:00')).toISOString() });
    expect(rows.get('inc2')).toMatchObject({ responseBusinessSeconds: 32_400, resolutionBusinessSeconds: 43_200, deadline: 'missed', responseDueAt: new Date(sh('2026-04-09T10:00')).toISOString() });
    expect(rows.get('inc3')).toMatchObject({ responseBusinessSeconds: null, resolutionBusinessSeconds: null, deadline: 'missed', responseDueAt: new Date(sh('2026-06-30T09:00')).toISOString() });
    expect(rows.get('inc4')).toMatchObject({ responseBusinessSeconds: 0, resolutionBusinessSeconds: 0, deadline: 'met' });
    // Response: 9000, 32,400, 0 s -> mean 41,400 / 3 s = 3.8333 h, median 2.5 h, max 9 h.
    expect(report.incidents.response).toEqual({ count: 3, meanBusinessHours: 41_400 / 3 / 3600, medianBusinessHours: 2.5, maxBusinessHours: 9 });
    // Resolution: 21,600, 43,200, 0 s -> mean 6 h, median 6 h, max 12 h.
    expect(report.incidents.resolution).toEqual({ count: 3, meanBusinessHours: 6, medianBusinessHours: 6, maxBusinessHours: 12 });
    // Met: inc1, inc4; missed: inc2, inc3 -> share 2 / 4.
    expect(report.incidents.deadline).toEqual({ withinBusinessSeconds: { standard: 28_800 }, met: 2, missed: 2, pending: 0, undetermined: 0, shareWithin: 0.5 });
    expect(report.incidents.byCategory).toEqual([{ key: 'availability', count: 2 }, { key: 'capacity', count: 2 }]);
  });

  it('takes CPU and memory p95 from hourly means and projects disk growth to full', () => {
    // db-1 has 2928 hourly CPU means 0, 1, ..., 99, 0, 1, ...: 0-27 appear 30 times, 28-99 29 times.
    // Nearest rank ceil(0.95 * 2928) = 2782. Up to 93: 28 * 30 + 66 * 29 = 2754 < 2782; up to 94: 2783. p95 = 94.
    const db = report.capacity.hosts.find((h) => h.hostId === 'db-1')!;
    expect([db.cpuP95, db.memoryP95, db.hours]).toEqual([94, 50, 2928]);
    // /data grows 0.6 % a day from 10 %: the halves' means differ by 0.6 % a day of the time between
    // their mean hours, whatever the split. The last hour (2927) is at 10 + 0.6 * 2927 / 24 = 83.175 %;
    // (100 - 83.175) / 0.6 = 28.04 days to full, under 60: recommended.
    const [disk] = db.disks;
    expect(disk.mount).toBe('/data');
    expect(disk.lastPercent).toBeCloseTo(83.175, 9);
    expect(disk.growthPercentPerDay).toBeCloseTo(0.6, 9);
    expect(disk.daysToFull).toBeCloseTo(16.825 / 0.6, 6);
    expect(report.recommendations.filter((r) => r.rule === 'disk-full-soon')).toEqual([expect.objectContaining({ subject: 'db-1', facts: expect.objectContaining({ mount: '/data', days: 28 }) })]);
  });

  it('counts windows held and skipped and patch outcomes per plan and host', () => {
    // w1, w2 ended before now: held; w3 skipped (freeze); w4 starts after the half-year.
    expect(report.patching.windows).toMatchObject({ held: 2, skipped: 1, cancelled: 0, upcoming: 0, skipReasons: [{ key: 'IN_FREEZE', count: 1 }] });
    // Last terminal state per (plan, host): p1/web-1 succeeded, p1/db-1 succeeded (after a failure), p2/web-1 rolled back, p2/db-1 failed.
    expect(report.patching.plans).toMatchObject({ succeeded: 2, failed: 1, rolledBack: 1, versionsApplied: ['1.1'] });
    expect(report.patching.plans.trace.ids).toHaveLength(4);
  });
});
