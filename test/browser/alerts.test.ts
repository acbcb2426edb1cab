/**
 * Alerts and incidents in a real Chromium against a real control plane with a `for: 0` CPU
 * rule: a host's CPU jumps and the alert appears live as firing, an operator acknowledges
 * and silences it, the incident shows its deadline in the tenant's zone; a viewer sees the
 * same alert in Chinese without the actions; a maintenance period marks it as suppressed.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../dashboard/src/format.ts';
import { createUser } from '../../control-plane/services/accounts.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, keepScreenshot, launchBrowser, openPage, signIn } from './browser-session.ts';
import { cpuSpikeRulesDir, startReportingHost, type ReportingHost } from './reporting-host.ts';

let rulesDir: string;
let cp: TestControlPlane;
let browser: Browser;
let host: ReportingHost;
let tenantId: string;

beforeAll(async () => {
  await ensureDashboardBuilt();
  rulesDir = cpuSpikeRulesDir();
  cp = await startControlPlane({ listen: true, timers: true, dashboardDir: DASHBOARD_DIR, rulesDir, alertSink: { update() {} } });
  tenantId = cp.tenant('Acme');
  await createUser(cp.store, { username: 'operator', password: PASSWORD, role: 'ops-operator' }, Date.now());
  await createUser(cp.store, { username: 'viewer', password: PASSWORD, role: 'ops-viewer' }, Date.now());
  host = await startReportingHost(cp, tenantId, 'erp-db-01', { intervalSeconds: 1, everyMs: 500 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await cp?.close();
  if (rulesDir) rmSync(rulesDir, { recursive: true, force: true });
});

const row = (page: Page) => page.locator('table.alerts tr[data-state="firing"]', { hasText: 'erp-db-01' });
const firingCount = async (page: Page) => ((await page.getByTestId('firing-count').count()) === 0 ? 0 : Number(await page.getByTestId('firing-count').textContent()));
const flags = (page: Page) => row(page).locator('[data-flag]').allTextContents();

describe('alerts and incidents', () => {
  it('shows a new firing alert live, acknowledges and silences it, and shows its incident with the deadline', async () => {
    const { context, page } = await openPage(browser, cp.url);
    await signIn(page, 'operator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts( \d+ firing)?$/ }).click();
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
    // Other alerts may fire already (next year's holiday calendar is missing from October).
    await page.locator('table.alerts, p.empty').first().waitFor();
    expect(await row(page).count()).toBe(0);
    const firingBefore = await firingCount(page);
    // A reload would lose this mark, so finding it later proves the alert arrived live.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    host.setCpuPercent(99);
    await row(page).waitFor();
    expect(await row(page).locator('[data-severity]').textContent()).toBe('Critical');
    expect(await row(page).locator('.summary-text').textContent()).toBe('CPU spike on erp-db-01');
    expect(await row(page).getByRole('link', { name: 'erp-db-01' }).getAttribute('href')).toBe(`#/hosts/${host.hostId}`);
    expect(await row(page).locator('td.num').textContent()).toBe('99');
    await expect.poll(() => firingCount(page)).toBe(firingBefore + 1);
    await keepScreenshot(page, 'alerts-firing-en');

    await row(page).getByRole('button', { name: 'Acknowledge: CPU spike on erp-db-01' }).click();
    const ackDialog = page.getByRole('dialog', { name: 'Acknowledge alert' });
    await ackDialog.getByLabel('Comment (optional)').fill('Looking into it');
    await ackDialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => flags(page)).toEqual(['Acknowledged']);
    expect(await row(page).locator('.ack-note').textContent()).toBe('operator: Looking into it');

    await row(page).getByRole('button', { name: 'Silence: CPU spike on erp-db-01' }).click();
    const silenceDialog = page.getByRole('dialog', { name: 'Silence alerts' });
    const matchers = silenceDialog.locator('[data-matcher]');
    expect(await matchers.count()).toBe(2);
    expect(await matchers.nth(0).getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['alertname', 'cpu-spike']);
    expect(await matchers.nth(1).getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['host_id', host.hostId]);
    await silenceDialog.getByLabel('4 hours').check();
    await silenceDialog.getByLabel('Reason').fill('Planned load test');
    await keepScreenshot(page, 'silence-dialog-en');
    await silenceDialog.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => flags(page)).toEqual(['Acknowledged', 'Silenced']);
    const silence = page.locator('table.silences tr[data-silence-id]');
    // The badge can arrive by live push before the silences list has reloaded: wait for the list.
    await expect.poll(() => silence.locator('code').allTextContents()).toEqual(['alertname="cpu-spike"', `host_id="${host.hostId}"`]);
    expect(await silence.locator('[data-status]').textContent()).toBe('Active');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await keepScreenshot(page, 'alerts-acknowledged-silenced-en');

    const { items } = (await (await fetch(`${cp.url}/api/v1/incidents?open=true`, { headers: { authorization: `Bearer ${cp.token('ops-viewer')}` } })).json()) as {
      items: Array<{ id: string; responseDueAt: string }>;
    };
    expect(items).toHaveLength(1);
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    const incident = page.locator(`table.incidents tr[data-incident-id="${items[0].id}"]`);
    await incident.waitFor();
    expect(await incident.locator('th').textContent()).toContain('CPU spike on erp-db-01');
    expect(await incident.locator('td.deadline time').textContent()).toBe(formatDateTime(Date.parse(items[0].responseDueAt), 'en', 'Asia/Shanghai'));
    expect(await incident.locator('td.deadline').textContent()).toContain('Asia/Shanghai');
    expect(await incident.locator('[data-countdown]').textContent()).toBe('answered in time');
    expect(await incident.locator('[data-flag]').allTextContents()).toEqual(['Acknowledged']);
    expect(await incident.locator('[data-hours="acknowledge"]').textContent()).toMatch(/business.*elapsed/);
    expect(await incident.locator('[data-hours="resolve"]').textContent()).toBe('–');
    await keepScreenshot(page, 'incidents-en');
    await context.close();
  });

  it('shows a viewer the alert in Chinese with its badges but without acknowledge or silence', async () => {
    const { context, page } = await openPage(browser, `${cp.url}/#/alerts`, 'zh-CN');
    await page.getByLabel('用户名').fill('viewer');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '告警', level: 1 }).waitFor();
    await row(page).waitFor();
    expect(await row(page).locator('.summary-text').textContent()).toBe('主机 erp-db-01 CPU 突增');
    expect(await row(page).locator('[data-severity]').textContent()).toBe('严重');
    expect(await flags(page)).toEqual(['已确认', '已静默']);
    expect(await page.getByRole('button', { name: /确认|静默|使失效|安排维护/ }).count()).toBe(0);
    await keepScreenshot(page, 'alerts-zh');
    await page.getByRole('link', { name: '事件', exact: true }).click();
    await page.locator('table.incidents tbody tr').waitFor();
    expect(await page.locator('table.incidents tbody th').textContent()).toContain('主机 erp-db-01 CPU 突增');
    await keepScreenshot(page, 'incidents-zh');
    await context.close();
  });

  it('schedules maintenance for the host, marks its alert as in maintenance, and ends it early', async () => {
    const { context, page } = await openPage(browser, `${cp.url}/#/alerts`);
    await page.getByLabel('Username').fill('operator');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await row(page).waitFor();

    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule maintenance' });
    await dialog.getByRole('option', { name: 'erp-db-01' }).waitFor();
    await dialog.getByLabel('Hosts').selectOption(host.hostId);
    expect(await dialog.getByLabel('Starts (Asia/Shanghai)').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await dialog.getByLabel('Reason').fill('Database upgrade');
    await keepScreenshot(page, 'maintenance-dialog-en');
    await dialog.getByRole('button', { name: 'Schedule' }).click();

    const period = page.locator('table.maintenance tr[data-maintenance-id]');
    await expect.poll(() => period.locator('[data-status]').textContent()).toBe('Active');
    expect(await period.getByRole('link', { name: 'erp-db-01' }).count()).toBe(1);
    await expect.poll(() => flags(page)).toContain('Maintenance');
    await keepScreenshot(page, 'alerts-maintenance-en');

    await period.getByRole('button', { name: 'End maintenance: Database upgrade' }).click();
    await expect.poll(() => period.locator('[data-status]').textContent()).toBe('Ended');
    await expect.poll(() => flags(page)).not.toContain('Maintenance');
    await context.close();
  });
});
