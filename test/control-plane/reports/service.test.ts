/** The report job runner: scheduled periods queued once, jobs resumed after a restart, failures recorded. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHolidayCalendars, loadServicePlans } from '../../../schedules/index.ts';
import { ReportService } from '../../../control-plane/reports/service.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import type { ReportJob } from '../../../control-plane/store/types.ts';
import { openTestStore } from '../../helpers/test-store.ts';
import { addHost, sh } from './fixture.ts';

let store: SqlStore;
let now: number;
let failures: ReportJob[];
const service = () =>
  new ReportService({ store, plans: new Map(loadServicePlans().map((p) => [p.id, p])), holidays: loadHolidayCalendars(), categoryOf: () => 'other', clock: () => now, onFailure: (job) => failures.push(job) });

beforeEach(async () => {
  store = await openTestStore();
  now = sh('2026-07-01T02:00');
  failures = [];
  store.tenants.create({ id: 'ten_old', name: 'Old', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: sh('2025-01-01T00:00') });
  store.tenants.create({ id: 'ten_new', name: 'New', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: sh('2026-07-01T01:00') });
});
afterEach(() => store.close());

const job = (id: string, state: ReportJob['state'], period: ReportJob['request']['period']): ReportJob => ({
  id, tenantId: 'ten_old', request: { tenantId: 'ten_old', period, locale: 'en' }, state, percent: 40, step: 'availability', reportId: null, error: null,
  createdAt: now, createdBy: 'test', startedAt: now, finishedAt: null,
});

describe('report service', () => {
  it('queues the half-year just ended for tenants that existed in it, once', async () => {
    const reports = service();
    expect(reports.requestDue(now).map((j) => [j.tenantId, j.request.period])).toEqual([['ten_old', { kind: 'half-year', year: 2026, half: 1 }]]);
    expect(reports.requestDue(now)).toEqual([]);
    await reports.idle();
    expect(reports.requestDue(now + 86_400_000)).toEqual([]);
    expect(store.reports.list('ten_old', 10).map((r) => r.periodLabel)).toEqual(['2026-H1']);
  });

  it('writes the job\'s progress as it goes, rising to 100 percent', async () => {
    for (let n = 0; n < 60; n++) addHost(store, 'ten_old', `h${n}`, sh('2025-06-01T00:00'));
    const seen: Array<[string, number, string | null]> = [];
    const update = store.reports.updateJob.bind(store.reports);
    store.reports.updateJob = (j) => {
      seen.push([j.state, j.percent, j.step]);
      update(j);
    };
    const reports = service();
    const queued = reports.request({ tenantId: 'ten_old', period: { kind: 'half-year', year: 2026, half: 1 }, locale: 'en' }, 'test');
    await reports.idle();
    const percents = seen.filter(([state]) => state === 'running').map(([, percent]) => percent);
    expect(percents.length).toBeGreaterThan(5);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.some((p) => p > 5 && p < 45)).toBe(true);
    expect(seen.at(-1)).toEqual(['running', 100, 'done']);
    expect(store.reports.getJob(queued.id)).toMatchObject({ state: 'succeeded', percent: 100 });
  });

  it('runs a job a stopped server left running, from the start', async () => {
    store.reports.createJob(job('rjb_left', 'running', { kind: 'year', year: 2025 }));
    const reports = service();
    reports.resume();
    await reports.idle();
    expect(store.reports.getJob('rjb_left')).toMatchObject({ state: 'succeeded', percent: 100 });
  });

  it('records a failed job with its error code and tells the failure hook', async () => {
    store.reports.createJob(job('rjb_bad', 'queued', { kind: 'range', from: '2026-03-02', to: '2026-03-01' }));
    const reports = service();
    reports.resume();
    await reports.idle();
    expect(store.reports.getJob('rjb_bad')).toMatchObject({ state: 'failed', error: expect.stringMatching(/^VALIDATION_FAILED: /) });
    expect(failures.map((f) => f.id)).toEqual(['rjb_bad']);
  });
});
