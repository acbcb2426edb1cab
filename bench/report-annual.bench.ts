/**
 * Annual service report for one tenant of 500 hosts, from hourly rollups: 500 hosts x 8,760
 * hours of seconds_up, cpu_percent, memory_percent and disk use of one mount (the metrics a
 * report reads), plus a year of maintenance windows, incidents, windows and plan events.
 * Times the whole job (request to stored report: gather, figures, JSON, store) and the HTML
 * rendering, on a SQLite file in a temporary directory.
 *
 *   npm run bench -- report-annual          (REPORT_BENCH_HOSTS=20 for a quick smoke run, not recorded)
 *
 * Prints a line per figure and writes bench/results/report-annual.json (through bench/lib/report.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHolidayCalendars, loadServicePlans } from '../schedules/index.ts';
import { loadRules } from '../control-plane/alerts/index.ts';
import { renderHtml } from '../control-plane/reports/html.ts';
import { ruleCategories } from '../control-plane/reports/incidents.ts';
import { ReportService } from '../control-plane/reports/service.ts';
import { createSqliteStore, type SqliteStore } from '../control-plane/store/sqlite/index.ts';
import { median, writeBenchResult } from './lib/report.ts';

const HOSTS = Number(process.env.REPORT_BENCH_HOSTS ?? 500);
const FULL_SIZE = HOSTS === 500;
const HOURS = 8760;
const RUNS = 3;
const TARGET_MS = 5000;
const HOUR = 3_600_000;
const YEAR_FROM = Date.parse('2025-01-01T00:00:00+08:00');
const TENANT = 'ten_bench';

/** Deterministic noise in [0, 1) (a multiplicative hash of a counter), so every run measures the same data. */
function random(seed: number): () => number {
  let counter = seed;
  return () => (Math.imul((counter += 1), 2654435761) >>> 0) / 4294967296;
}

function seedFleet(store: SqliteStore): void {
  store.tenants.create({ id: TENANT, name: 'Bench Co', plan: 'advanced', timeZone: 'Asia/Shanghai', createdAt: YEAR_FROM - 365 * 24 * HOUR });
  const host = store.db.prepare("INSERT INTO hosts (id, tenant_id, name, product, created_at, status) VALUES (?, ?, ?, 'xingkong', ?, 'up')");
  const rollup = store.db.prepare('INSERT INTO rollups_hourly (host_id, hour_at, metric, min, max, mean, count) VALUES (?, ?, ?, ?, ?, ?, 360)');
  const rand = random(20250101);
  for (let h = 0; h < HOSTS; h++) {
    const id = `hst_${String(h).padStart(4, '0')}`;
    const diskGrowth = rand() * 0.02;
    store.transaction(() => {
      host.run(id, TENANT, `host-${h}`, YEAR_FROM - 30 * 24 * HOUR);
      for (let i = 0; i < HOURS; i++) {
        const hourAt = YEAR_FROM + i * HOUR;
        const cpu = 20 + 60 * rand();
        rollup.run(id, hourAt, 'seconds_up', 3600, 3600, rand() < 0.001 ? 0 : 3600);
        rollup.run(id, hourAt, 'cpu_percent', cpu / 2, cpu * 1.2, cpu);
        rollup.run(id, hourAt, 'memory_percent', 40, 80, 40 + 40 * rand());
        rollup.run(id, hourAt, 'disk_used_percent:/', 30, 90, Math.min(99, 30 + diskGrowth * i));
      }
    });
  }
}

/** Fortnightly 6-hour windows with their maintenance periods, a few hundred incidents and a plan event per host and window. */
function seedEvents(store: SqliteStore): void {
  const rand = random(7);
  const plan = store.db.prepare("INSERT INTO plan_events (host_id, agent_id, seq, at, received_at, plan_id, rollout_id, version, state) VALUES (?, 'agt', ?, ?, ?, ?, ?, 1, ?)");
  store.transaction(() => {
    for (let w = 0; w < 26; w++) {
      const startAt = YEAR_FROM + (14 * w + 9) * 24 * HOUR + 22 * HOUR;
      store.maintenance.create({ id: `mnt_${w}`, tenantId: TENANT, hostIds: [], startsAt: startAt, endsAt: startAt + 6 * HOUR, reason: 'window', source: `window:w${w}` });
      for (let h = 0; h < HOSTS; h++) {
        const state = rand() < 0.95 ? 'succeeded' : rand() < 0.5 ? 'failed' : 'rolled-back';
        plan.run(`hst_${String(h).padStart(4, '0')}`, w + 1, startAt + HOUR, startAt + HOUR, `plan_${w}_${h}`, `rollout_${w}`, state);
      }
    }
    for (let i = 0; i < 300; i++) {
      const openedAt = YEAR_FROM + Math.floor(rand() * HOURS) * HOUR + 600_000;
      store.incidents.create({
        id: `inc_${i}`, tenantId: TENANT, fingerprint: `fp_${i % 40}`, ruleId: i % 3 ? 'cpu-high' : 'host-down', hostId: `hst_${String(i % HOSTS).padStart(4, '0')}`, severity: 'warning',
        title: 'bench', titleZh: null, plan: 'advanced', calendar: '7x8', openedAt, responseDueAt: null, deadlineProblem: null, acknowledgedAt: openedAt + 3 * HOUR, acknowledgedBy: 'ops',
        resolvedAt: openedAt + 20 * HOUR, ackBusinessSeconds: null, ackWallSeconds: null, resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false,
      });
    }
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tideway-report-bench-'));
try {
  const store = createSqliteStore(join(dir, 'tideway.db'));
  const seedStarted = performance.now();
  seedFleet(store);
  seedEvents(store);
  const rows = store.db.prepare('SELECT count(*) FROM rollups_hourly').pluck().get() as number;
  console.log(`seeded ${rows.toLocaleString('en-US')} rollup rows in ${Math.round(performance.now() - seedStarted)} ms`);
  const reports = new ReportService({
    store, plans: new Map(loadServicePlans().map((p) => [p.id, p])), holidays: loadHolidayCalendars(), categoryOf: ruleCategories(loadRules()),
    clock: () => Date.parse('2026-01-01T02:00:00+08:00'),
  });
  const timings: number[] = [];
  let reportId = '';
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const job = reports.request({ tenantId: TENANT, period: { kind: 'year', year: 2025 }, locale: 'zh-CN' }, 'bench');
    await reports.idle();
    timings.push(performance.now() - started);
    const done = store.reports.getJob(job.id)!;
    if (done.state !== 'succeeded') throw new Error(`report job ${done.state}: ${done.error}`);
    reportId = done.reportId!;
  }
  const content = store.reports.get(reportId)!.content;
  const htmlStarted = performance.now();
  const html = renderHtml(content);
  const htmlMs = performance.now() - htmlStarted;
  const [first, warm] = [timings[0], median(timings.slice(1))];
  const round = (ms: number) => Math.round(ms);
  const what = `annual report, ${HOSTS} hosts x ${HOURS} hours (${rows.toLocaleString('en-US')} rollup rows, ${content.incidents.count} incidents, ${content.patching.plans.items.length} plan outcomes), request to stored report`;
  console.log(`tenant availability ${content.availability.tenant.availability}, HTML ${Math.round(html.length / 1024)} KiB`);
  if (!FULL_SIZE) {
    console.log(`smoke run (${HOSTS} hosts): first ${round(first)} ms, warm median ${round(warm)} ms, HTML ${round(htmlMs)} ms; not recorded`);
  } else {
    writeBenchResult('report-annual', [
      { what: `${what}, first run`, value: round(first), unit: 'ms', target: `< ${TARGET_MS} ms`, met: first < TARGET_MS },
      { what: `${what}, median of ${RUNS} further runs`, value: round(warm), unit: 'ms', target: `< ${TARGET_MS} ms`, met: warm < TARGET_MS },
      { what: 'rendering that report as HTML (zh-CN, inline SVG)', value: round(htmlMs), unit: 'ms' },
    ]);
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
