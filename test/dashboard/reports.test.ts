import { describe, expect, it } from 'vitest';
import { CSV_TABLES } from '../../control-plane/reports/csv.ts';
import { enReports } from '../../dashboard/src/i18n/en-reports.ts';
import { placeholders } from '../../dashboard/src/i18n/index.ts';
import { zhCNReports } from '../../dashboard/src/i18n/zh-CN-reports.ts';
import { canGenerateReports } from '../../dashboard/src/pages/reports.tsx';
import { downloadUrl } from '../../dashboard/src/report-api.ts';
import { defaultPeriodForm, jobFinished, jobStatusText, periodFromForm, periodLabel, type PeriodForm } from '../../dashboard/src/report-period.ts';
import { parseReportRoute, reportHref, reportsHref } from '../../dashboard/src/report-routes.ts';
import { REPORT_TABLES } from '../../dashboard/src/report-types.ts';
import { parseRoute, routeHash } from '../../dashboard/src/router.ts';

const form = (patch: Partial<PeriodForm>): PeriodForm => ({ kind: 'half-year', year: '2026', half: '1', from: '', to: '', ...patch });

describe('report routes', () => {
  it.each([
    ['#/reports', { page: 'reports', query: {} }],
    ['#/reports?tenant=ten_1', { page: 'reports', query: { tenantId: 'ten_1' } }],
    ['#/reports/rpt_a%2Fb', { page: 'report', reportId: 'rpt_a/b' }],
  ])('parses %s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(routeHash(parseRoute(hash))).toBe(hash);
  });

  it('leaves other paths to other route families', () => {
    expect(parseReportRoute('/reports/a/b', new URLSearchParams())).toBeNull();
    expect(parseRoute('#/reports/a/b').page).toBe('not-found');
  });

  it('builds links to the list and to one report', () => {
    expect(reportsHref()).toBe('#/reports');
    expect(reportsHref('ten_1')).toBe('#/reports?tenant=ten_1');
    expect(reportHref('rpt_1')).toBe('#/reports/rpt_1');
  });
});

describe('periodLabel', () => {
  it.each([
    [{ kind: 'half-year', year: 2026, half: 1 } as const, '2026 H1 (Jan–Jun)', '2026 年上半年（1–6 月）'],
    [{ kind: 'half-year', year: 2025, half: 2 } as const, '2025 H2 (Jul–Dec)', '2025 年下半年（7–12 月）'],
    [{ kind: 'year', year: 2026 } as const, 'Year 2026', '2026 年'],
    [{ kind: 'range', from: '2026-03-01', to: '2026-03-31' } as const, '2026-03-01 to 2026-03-31', '2026-03-01 至 2026-03-31'],
  ])('names %j in English and Chinese', (period, en, zh) => {
    expect(periodLabel(period, 'en')).toBe(en);
    expect(periodLabel(period, 'zh-CN')).toBe(zh);
  });
});

describe('periodFromForm', () => {
  it.each([
    [form({}), { period: { kind: 'half-year', year: 2026, half: 1 } }],
    [form({ half: '2', year: ' 2025 ' }), { period: { kind: 'half-year', year: 2025, half: 2 } }],
    [form({ kind: 'year' }), { period: { kind: 'year', year: 2026 } }],
    [form({ kind: 'year', year: '1999' }), { error: 'period.badYear' }],
    [form({ kind: 'half-year', year: '20x6' }), { error: 'period.badYear' }],
    [form({ kind: 'range', from: '2026-03-01', to: '2026-03-31' }), { period: { kind: 'range', from: '2026-03-01', to: '2026-03-31' } }],
    [form({ kind: 'range', from: '2026-03-01', to: '2026-03-01' }), { period: { kind: 'range', from: '2026-03-01', to: '2026-03-01' } }],
    [form({ kind: 'range', from: '2026-04-01', to: '2026-03-31' }), { error: 'period.badRange' }],
    [form({ kind: 'range', from: '', to: '2026-03-31' }), { error: 'period.badRange' }],
  ])('turns %j into %j', (input, expected) => {
    expect(periodFromForm(input)).toEqual(expected);
  });
});

describe('defaultPeriodForm', () => {
  it.each([
    ['2026-07-01T00:30:00+08:00', 'Asia/Shanghai', '2026', '1', '2026-01-01', '2026-06-30'],
    ['2026-07-01T00:30:00+08:00', 'UTC', '2025', '2', '2025-07-01', '2025-12-31'],
    ['2027-01-01T03:00:00Z', 'America/New_York', '2026', '1', '2026-01-01', '2026-06-30'],
    ['2027-01-01T03:00:00Z', 'Asia/Shanghai', '2026', '2', '2026-07-01', '2026-12-31'],
  ])('at %s in %s suggests the half-year that has ended: %s H%s', (at, zone, year, half, from, to) => {
    expect(defaultPeriodForm(Date.parse(at), zone)).toEqual({ kind: 'half-year', year, half, from, to });
  });
});

describe('report jobs', () => {
  it.each([
    ['queued', null, null, false, 'Waiting to start'],
    ['running', 'availability', null, false, 'Working: availability'],
    ['succeeded', null, null, true, 'Done'],
    ['failed', null, 'REPORT_FAILED', true, 'Failed: REPORT_FAILED'],
  ] as const)('a %s job (step %s, error %s) is finished: %s, and reads "%s"', (state, step, error, finished, text) => {
    expect(jobFinished({ state })).toBe(finished);
    expect(jobStatusText({ state, step, error }, 'en')).toBe(text);
  });
});

describe('downloads and dictionaries', () => {
  it('addresses JSON, HTML in a language and one CSV table', () => {
    expect(downloadUrl('rpt_1', { format: 'json' })).toBe('/api/v1/reports/rpt_1/download?format=json');
    expect(downloadUrl('rpt_1', { format: 'html', locale: 'en' })).toBe('/api/v1/reports/rpt_1/download?format=html&locale=en');
    expect(downloadUrl('rpt_1', { format: 'csv', table: 'host-changes' })).toBe('/api/v1/reports/rpt_1/download?format=csv&table=host-changes');
  });

  it('offers exactly the server CSV tables, each with a name in both languages', () => {
    expect(REPORT_TABLES).toEqual(CSV_TABLES);
    for (const table of REPORT_TABLES) expect(zhCNReports[`table.${table}`]).toMatch(/\p{Script=Han}/u);
  });

  it('have the same keys and placeholders in English and Chinese', () => {
    expect(Object.keys(zhCNReports).sort()).toEqual(Object.keys(enReports).sort());
    const keys = Object.keys(enReports) as Array<keyof typeof enReports>;
    expect(keys.filter((key) => placeholders(enReports[key]).join() !== placeholders(zhCNReports[key]).join())).toEqual([]);
  });

  it('shows the generate button to ops writers and tenant admins only', () => {
    expect((['ops-admin', 'ops-operator', 'ops-viewer', 'tenant-admin', 'tenant-viewer'] as const).filter(canGenerateReports)).toEqual(['ops-admin', 'ops-operator', 'tenant-admin']);
  });
});
