/**
 * Critical periods in a real Chromium against a real control plane with a reporting host:
 * a tenant admin declares a period over the current time covering the host and a contact;
 * its board shows the host's health, then an incident raised by a real CPU spike with its
 * heightened (7x24, plan `criticalResponse`) deadline in the tenant's zone. The server clock
 * moves past the period's end, the critical-period report is generated and issued for
 * sign-off; the admin opens it from the board, confirms it, and the audit log shows the step.
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantToWallTime } from '../../dashboard/src/zoned-time.ts';
import { formatDateTime } from '../../dashboard/src/format.ts';
import { createContact } from '../../control-plane/notices/contacts.ts';
import { createUser } from '../../control-plane/services/accounts.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, keepScreenshot, launchBrowser, openPage, signIn } from './browser-session.ts';
import { cpuSpikeRulesDir, startReportingHost, type ReportingHost } from './reporting-host.ts';

const ZONE = 'Asia/Shanghai';
const HOUR_MS = 3_600_000;
/** How long the declared period runs from now; the suite finishes well inside it before moving the clock. */
const PERIOD_MS = 20 * 60_000;

let rulesDir: string;
let cp: TestControlPlane;
let browser: Browser;
let host: ReportingHost;
let tenantId: string;
/** Added to the real time to give the control plane's clock; the suite moves it past the period's end. */
let shiftMs = 0;
/** The period the first test declares; the second looks at it once ended. */
let declaredId: string | undefined;
const clock = () => Date.now() + shiftMs;

interface Json {
  [key: string]: unknown;
}
const apiGet = async (path: string): Promise<Json> => {
  const response = await fetch(`${cp.url}${path}`, { headers: { authorization: `Bearer ${cp.token('ops-viewer')}` } });
  return { status: response.status, ...((await response.json()) as Json) };
};

beforeAll(async () => {
  await ensureDashboardBuilt();
  rulesDir = cpuSpikeRulesDir();
  cp = await startControlPlane({ listen: true, timers: true, dashboardDir: DASHBOARD_DIR, rulesDir, alertSink: { update() {} }, clock });
  tenantId = cp.tenant('Acme Finance');
  createContact(cp.store.contacts, tenantId, { name: 'Finance on-call', kind: 'webhook', url: 'https://hooks.example.com/acme-finance' }, clock());
  await createUser(cp.store, { username: 'acme-admin', password: PASSWORD, role: 'tenant-admin', tenantId }, clock());
  host = await startReportingHost(cp, tenantId, 'ledger-db-01', { intervalSeconds: 1, everyMs: 500 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await cp?.close();
  if (rulesDir) rmSync(rulesDir, { recursive: true, force: true });
});

describe('critical periods', () => {
  it('declares a period, watches its board through an incident, and confirms its report once it has ended', async () => {
    const { context, page } = await openPage(browser, cp.url);
    await signIn(page, 'acme-admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Critical periods' }).click();
    await page.getByRole('heading', { name: 'Critical periods', level: 1 }).waitFor();
    await page.getByText('No critical periods declared.').waitFor();

    // Declare: now until 20 minutes from now, in the tenant's zone.
    await page.getByRole('button', { name: 'Declare critical period' }).click();
    const dialog = page.getByRole('dialog', { name: 'Declare a critical period' });
    await dialog.getByLabel('Kind').selectOption('closing');
    await dialog.getByLabel('Title').fill('November closing');
    const start = await dialog.getByLabel(`Starts at (${ZONE})`).inputValue();
    expect(start).toBe(instantToWallTime(Date.now(), ZONE));
    const end = instantToWallTime(Date.now() + PERIOD_MS, ZONE);
    await dialog.getByLabel(`Ends at (${ZONE})`).fill(end);
    await dialog.getByRole('group', { name: 'Hosts' }).getByRole('checkbox', { name: 'ledger-db-01' }).check();
    await dialog.getByRole('group', { name: 'Contacts to notify' }).getByRole('checkbox', { name: 'Finance on-call' }).check();
    await dialog.getByLabel('Notes (optional)').fill('Ledger must stay up');
    await keepScreenshot(page, 'critical-declare-en');
    await dialog.getByRole('button', { name: 'Declare' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.locator('table.critical-periods tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const periodId = (await row.getAttribute('data-period-id'))!;
    declaredId = periodId;
    expect(await row.locator('[data-state]').first().textContent()).toBe('Active');
    expect(await row.locator('td.message').textContent()).toBe('ledger-db-01');
    const declared = await apiGet(`/api/v1/critical-periods/${periodId}`);
    expect(declared).toMatchObject({ status: 200, tenantId, kind: 'closing', startLocal: start, endLocal: end, hostIds: [host.hostId], notes: 'Ledger must stay up', state: 'active' });
    expect((declared.contactIds as string[]).length).toBe(1);

    // The board: the covered host's live health.
    await row.getByRole('link', { name: 'Board of November closing' }).click();
    await page.getByRole('heading', { name: /November closing/, level: 1 }).waitFor();
    expect(await page.locator('[data-clock]').getAttribute('data-clock')).toBe('ends');
    const hostRow = page.locator(`table.board-hosts tr[data-host-id="${host.hostId}"]`);
    await expect.poll(() => hostRow.getAttribute('data-status')).toBe('up');
    expect(await hostRow.locator('th').textContent()).toBe('ledger-db-01');
    await page.getByText('No incidents during this period.').waitFor();

    // A real CPU spike opens an incident under the period, with the plan's critical deadline on 7x24.
    host.setCpuPercent(99);
    const incidentRow = page.locator('table.board-incidents tr[data-incident-id]');
    await incidentRow.waitFor({ timeout: 20_000 });
    const incidents = (await apiGet(`/api/v1/incidents?open=true&tenantId=${tenantId}`)).items as Array<{ id: string; openedAt: string; responseDueAt: string; criticalPeriodId: string | null; calendar: string }>;
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident.criticalPeriodId).toBe(periodId);
    expect(incident.calendar).toBe('7x24');
    // The standard plan answers a critical-period incident within 4 hours, around the clock.
    expect(Date.parse(incident.responseDueAt) - Date.parse(incident.openedAt)).toBe(4 * HOUR_MS);
    expect(await incidentRow.getAttribute('data-incident-id')).toBe(incident.id);
    expect(await incidentRow.locator('th').textContent()).toContain('CPU spike on ledger-db-01');
    expect(await incidentRow.locator('td.deadline time').textContent()).toBe(formatDateTime(Date.parse(incident.responseDueAt), 'en', ZONE));
    expect(await incidentRow.locator('[data-countdown]').textContent()).toMatch(/^due in 3h 5\dm$/);
    expect(await incidentRow.locator('[data-flag]').allTextContents()).not.toContain('Breached');
    await expect.poll(() => page.locator('[data-count="open"] dd').textContent()).toBe('1');
    await keepScreenshot(page, 'critical-board-en');

    // Past the period's end: the report is generated and issued for sign-off.
    shiftMs = PERIOD_MS + 5 * 60_000;
    expect(cp.app.reportsTick(clock()).queued).toHaveLength(1);
    let reportId: string | null = null;
    await expect.poll(async () => (reportId = (await apiGet(`/api/v1/critical-periods/${periodId}`)).reportId as string | null), { timeout: 60_000 }).not.toBeNull();
    const report = await apiGet(`/api/v1/reports/${reportId}`);
    expect(report).toMatchObject({ status: 200, periodKind: 'critical-period', signOff: { state: 'awaiting', calendar: '5x8' } });

    await page.reload();
    await page.locator('[data-clock="ended"]').waitFor();
    expect(await page.locator('h1 [data-state]').textContent()).toBe('Ended');
    await page.getByRole('button', { name: 'Open the report' }).click();
    await page.getByRole('heading', { name: 'Sign-off', level: 2 }).waitFor();
    const signOff = page.locator('section.signoff');
    expect(await signOff.locator('[data-signoff]').textContent()).toBe('Awaiting confirmation');
    const dueAt = (report.signOff as { dueAt: string }).dueAt;
    expect(await signOff.locator('[data-due] time').textContent()).toBe(formatDateTime(Date.parse(dueAt), 'en', ZONE));
    expect(await signOff.getByText(`Due (${ZONE}, 5x8 working days)`).count()).toBe(1);
    await expect.poll(() => page.frameLocator('iframe.report-frame').locator('body').textContent()).toContain('Acme Finance');
    await keepScreenshot(page, 'critical-report-awaiting-en');

    await signOff.getByRole('button', { name: 'Confirm report' }).click();
    await expect.poll(() => signOff.getAttribute('data-signoff-state')).toBe('confirmed');
    expect(await signOff.locator('[data-signoff]').textContent()).toBe('Confirmed');
    expect(await signOff.locator('[data-decided]').textContent()).toContain('acme-admin');
    expect(await signOff.getByRole('button', { name: 'Confirm report' }).count()).toBe(0);
    expect(await apiGet(`/api/v1/reports/${reportId}`)).toMatchObject({ signOff: { state: 'confirmed', decidedBy: expect.stringContaining('acme-admin') } });
    await keepScreenshot(page, 'critical-report-confirmed-en');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    const confirmed = page.locator('table.audit-log tr[data-action="report.confirmed"]');
    await confirmed.waitFor();
    expect(await confirmed.locator('td').nth(2).textContent()).toBe(reportId);
    expect(await confirmed.locator('td').nth(1).textContent()).toContain('acme-admin');
    expect(await page.locator('table.audit-log tr[data-action="report.issued"]').count()).toBe(1);
    await context.close();
  });

  it("shows an operator, in Chinese, the tenant picker and the ended period with its report but no cancel", async () => {
    expect(declaredId, 'the first test declared a period').toBeDefined();
    await createUser(cp.store, { username: 'operator', password: PASSWORD, role: 'ops-operator' }, clock());
    const { context, page } = await openPage(browser, `${cp.url}/#/critical`, 'zh-CN');
    await page.getByLabel('用户名').fill('operator');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '关键时期', level: 1 }).waitFor();
    await page.getByText('请选择租户，以查看并申报其关键时期。').waitFor();
    await page.getByRole('form', { name: '关键时期筛选' }).getByLabel('租户').selectOption({ label: 'Acme Finance' });
    const row = page.locator('table.critical-periods tbody tr');
    await expect.poll(() => row.getAttribute('data-period-id')).toBe(declaredId);
    expect(await row.locator('[data-state]').first().textContent()).toBe('已结束');
    expect(await row.locator('th small').textContent()).toBe('月末结账');
    expect(await row.getByRole('link', { name: '报告' }).count()).toBe(1);
    expect(await row.getByRole('button', { name: /取消/ }).count()).toBe(0);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '服务报告' }).click();
    const report = page.locator('table.reports tbody tr').first();
    await report.waitFor();
    expect(await report.locator('[data-signoff]').textContent()).toBe('已确认');
    await keepScreenshot(page, 'critical-reports-zh');
    await context.close();
  });
});
