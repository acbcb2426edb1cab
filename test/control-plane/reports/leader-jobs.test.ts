/** Report jobs with several replicas: a replica that does not lead hands new jobs to the leader, and two runs of one job store one report. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHolidayCalendars, loadServicePlans } from '../../../schedules/index.ts';
import { ReportService, type ReportServiceDeps } from '../../../control-plane/reports/service.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore } from '../../helpers/test-store.ts';
import { sh } from './fixture.ts';

let store: SqlStore;
const now = sh('2026-07-01T02:00');
const service = (extra: Partial<ReportServiceDeps> = {}) =>
  new ReportService({ store, plans: new Map(loadServicePlans().map((p) => [p.id, p])), holidays: loadHolidayCalendars(), categoryOf: () => 'other', clock: () => now, ...extra });

beforeEach(async () => {
  store = await openTestStore();
  store.tenants.create({ id: 'ten_a', name: 'A', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: sh('2025-01-01T00:00') });
});
afterEach(() => store.close());

const halfYear = { tenantId: 'ten_a', period: { kind: 'half-year' as const, year: 2026, half: 1 as const }, locale: 'en' as const };

describe('report jobs across replicas', () => {
  it('hands a job requested on a follower to the leader, which runs it', async () => {
    const handed: string[] = [];
    const follower = service({ runsHere: () => false, handOff: (jobId) => handed.push(jobId) });
    const job = follower.request(halfYear, 'ops');
    await follower.idle();
    expect(handed).toEqual([job.id]);
    expect(store.reports.getJob(job.id)?.state).toBe('queued');
    const leader = service({ runsHere: () => true });
    leader.take(job.id);
    await leader.idle();
    expect(store.reports.getJob(job.id)?.state).toBe('succeeded');
    expect(store.reports.list('ten_a', 10)).toHaveLength(1);
  });

  it('stores one report when two replicas both run the same job', async () => {
    const job = service({ runsHere: () => false }).request(halfYear, 'ops');
    const [a, b] = [service(), service()];
    a.take(job.id);
    b.take(job.id);
    await Promise.all([a.idle(), b.idle()]);
    expect(store.reports.getJob(job.id)?.state).toBe('succeeded');
    expect(store.reports.list('ten_a', 10)).toHaveLength(1);
  });
});
