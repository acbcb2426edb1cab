/**
 * Service reports in a real Chromium against a real control plane: an operator generates a
 * half-year report for a tenant with one host and watches its job reach done; the report is
 * listed, and its HTML download, fetched over HTTP with the page's session, names the
 * tenant. The tenant's viewer sees it without a way to generate; another tenant's admin
 * does not see it at all.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../control-plane/services/accounts.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, keepScreenshot, launchBrowser, openPage, signIn } from './browser-session.ts';

const TENANT = 'Harbour Logistics';
/** A half-year that has ended whatever day the suite runs. */
const YEAR = new Date().getUTCFullYear() - 1;

let cp: TestControlPlane;
let browser: Browser;
let reportId: string;

beforeAll(async () => {
  await ensureDashboardBuilt();
  cp = await startControlPlane({ listen: true, dashboardDir: DASHBOARD_DIR });
  const tenantId = cp.tenant(TENANT);
  const otherId = cp.tenant('Other Tenant');
  cp.enroll(tenantId, 'harbour-app-01');
  await createUser(cp.store, { username: 'operator', password: PASSWORD, role: 'ops-operator' }, Date.now());
  await createUser(cp.store, { username: 'harbour-viewer', password: PASSWORD, role: 'tenant-viewer', tenantId }, Date.now());
  await createUser(cp.store, { username: 'other-admin', password: PASSWORD, role: 'tenant-admin', tenantId: otherId }, Date.now());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await cp?.close();
});

async function openReports(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByRole('heading', { name: 'Service reports', level: 1 }).waitFor();
}

const rows = (page: Page) => page.locator('table.reports tbody tr');

describe('reports', () => {
  it('lets an operator generate a half-year report, watch its progress to done, list it and download its HTML', async () => {
    const { context, page } = await openPage(browser, cp.url);
    await signIn(page, 'operator');
    await openReports(page);
    await page.getByText('No reports yet.').waitFor();
    await page.getByRole('button', { name: 'Generate report' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate a report' });
    await dialog.getByLabel(/^Tenant/).selectOption({ label: TENANT });
    await dialog.getByLabel(/^Period/).selectOption('half-year');
    await dialog.getByRole('spinbutton', { name: 'Year' }).fill(String(YEAR));
    await dialog.getByLabel(/^Half/).selectOption('2');
    await dialog.getByLabel(/^Language/).selectOption('en');
    await dialog.getByRole('button', { name: 'Generate' }).click();

    const job = dialog.locator('.report-job');
    await expect.poll(() => job.getAttribute('data-state')).toBe('succeeded');
    expect(await job.getAttribute('data-percent')).toBe('100');
    expect(await dialog.getByRole('progressbar', { name: 'Report progress' }).getAttribute('value')).toBe('100');
    expect(await job.getByRole('status').textContent()).toBe('100% · Done');
    await keepScreenshot(page, 'report-generated-en');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => rows(page).count()).toBe(1);
    reportId = (await rows(page).first().getAttribute('data-report-id'))!;
    expect(reportId).toMatch(/^rpt_/);
    expect(await rows(page).first().locator('td').first().textContent()).toBe(TENANT);
    expect(await rows(page).first().locator('th').textContent()).toContain(`${YEAR}-H2`);

    const href = await page.getByRole('group', { name: `Downloads of ${YEAR}-H2` }).getByRole('link', { name: 'HTML' }).getAttribute('href');
    const response = await context.request.get(`${cp.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/html');
    expect(await response.text()).toContain(TENANT);
    const csv = await page.getByRole('group', { name: `Downloads of ${YEAR}-H2` }).getByRole('link', { name: 'CSV' }).getAttribute('href');
    expect((await context.request.get(`${cp.url}${csv}`)).status()).toBe(200);

    await page.getByRole('link', { name: `View report ${YEAR}-H2 of ${TENANT}` }).click();
    await expect.poll(() => page.frameLocator('iframe.report-frame').locator('body').textContent()).toContain(TENANT);
    await context.close();
  });

  it("shows the report to the tenant's viewer without a generate button, and not to another tenant's admin", async () => {
    expect(reportId, 'the first test generated a report').toBeDefined();
    const viewer = await openPage(browser, cp.url);
    await signIn(viewer.page, 'harbour-viewer');
    await openReports(viewer.page);
    await expect.poll(() => rows(viewer.page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report-id')))).toEqual([reportId]);
    expect(await viewer.page.getByRole('button', { name: 'Generate report' }).count()).toBe(0);
    await viewer.context.close();

    const other = await openPage(browser, cp.url);
    await signIn(other.page, 'other-admin');
    await openReports(other.page);
    await other.page.getByText('No reports yet.').waitFor();
    expect(await rows(other.page).count()).toBe(0);
    expect(await other.page.getByRole('button', { name: 'Generate report' }).count()).toBe(1);
    expect((await other.context.request.get(`${cp.url}/api/v1/reports/${reportId}/download?format=html`)).status()).toBe(404);
    await other.context.close();
  });
});
