/**
 * The dashboard in a real Chromium against a real control plane: sign in, see a reporting
 * host, its charts and checks, watch it go stale live when its reports stop, tenant
 * isolation in the UI, and switching the language.
 */
import type { WebSocketServer } from 'ws';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../control-plane/services/accounts.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, launchBrowser, openPage as openBrowserPage, signIn } from './browser-session.ts';
import { startReportingHost, type ReportingHost } from './reporting-host.ts';

let cp: TestControlPlane;
let browser: Browser;
let acmeHost: ReportingHost;

beforeAll(async () => {
  await ensureDashboardBuilt();
  // Notifications are tested elsewhere; the host that stops reporting here raises host-down.
  cp = await startControlPlane({ listen: true, timers: true, dashboardDir: DASHBOARD_DIR, alertSink: { update() {} } });
  const acme = cp.tenant('Acme');
  const globex = cp.tenant('Globex');
  await createUser(cp.store, { username: 'ops', password: PASSWORD, role: 'ops-admin' }, Date.now());
  await createUser(cp.store, { username: 'globex-viewer', password: PASSWORD, role: 'tenant-viewer', tenantId: globex }, Date.now());
  acmeHost = await startReportingHost(cp, acme, 'erp-app-01', { intervalSeconds: 1, everyMs: 500, historyMinutes: 10, historyStepSeconds: 1 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await acmeHost?.close();
  await cp?.close();
});

const openPage = (locale?: string) => openBrowserPage(browser, cp.url, locale);

const statusOf = (page: Page, hostId: string) => page.locator(`tr[data-host-id="${hostId}"] [data-status]`).textContent();

describe('dashboard', () => {
  it('signs in, shows a reporting host with charts and checks, and turns it stale live when reports stop', async () => {
    const { context, page } = await openPage();
    await signIn(page, 'ops');
    await expect.poll(() => statusOf(page, acmeHost.hostId)).toBe('Up');
    await expect.poll(() => page.locator('.live').textContent()).toContain('Live');

    await page.getByRole('link', { name: 'erp-app-01' }).click();
    await page.getByRole('heading', { name: 'erp-app-01', level: 1 }).waitFor();
    await page.locator('.uplot canvas').first().waitFor();
    expect(await page.locator('.chart .uplot').count()).toBe(4);
    await page.locator('table.checks tr[data-check="erp-web"]').waitFor();
    expect(await page.locator('table.checks tr[data-check="erp-web"] [data-status]').textContent()).toBe('OK');
    expect(await page.getByTestId('agent-version').textContent()).toBe('0.1.0');

    // Marks this document: a reload would lose it, so seeing it later proves the update was live.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    await page.getByRole('link', { name: 'All hosts' }).click();
    await expect.poll(() => statusOf(page, acmeHost.hostId)).toBe('Up');
    acmeHost.stop();
    await expect.poll(() => statusOf(page, acmeHost.hostId), { timeout: 10_000 }).toMatch(/^(Stale|Down)$/);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await context.close();
  });

  it('shows "reconnecting" when the live socket drops and goes live again by itself', async () => {
    const { context, page } = await openPage();
    await signIn(page, 'ops');
    await expect.poll(() => page.locator('.live').getAttribute('class')).toContain('live-live');
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { __liveStates: seen });
      const element = document.querySelector('.live')!;
      new MutationObserver(() => seen.push(element.className)).observe(element, { attributes: true, attributeFilter: ['class'] });
    });
    // Every socket drops at once, as when a proxy restarts (the idle agent's too).
    for (const socket of (cp.app as unknown as { websocketServer: WebSocketServer }).websocketServer.clients) socket.terminate();
    const states = () => page.evaluate(() => (window as unknown as { __liveStates: string[] }).__liveStates.join(' '));
    await expect.poll(states).toMatch(/live-reconnecting.*live-live$/);
    await context.close();
  });

  it('shows a tenant user only their own tenant, without a tenant filter', async () => {
    const { context, page } = await openPage();
    await signIn(page, 'globex-viewer');
    await page.getByText('No hosts have enrolled yet').waitFor();
    expect(await page.locator(`tr[data-host-id="${acmeHost.hostId}"]`).count()).toBe(0);
    expect(await page.getByLabel('Tenant', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add host' }).count()).toBe(0);

    await page.goto(`${cp.url}/#/hosts/${acmeHost.hostId}`);
    await page.getByRole('heading', { name: 'Host unavailable' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Not found');
    await context.close();
  });

  it('switches the visible text to zh-CN from the header and remembers the choice after a reload', async () => {
    const { context, page } = await openPage();
    await signIn(page, 'ops');
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '主机', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    await expect.poll(() => statusOf(page, acmeHost.hostId)).toMatch(/^(在线|延迟|宕机)$/);

    await page.reload();
    await page.getByRole('heading', { name: '主机', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await context.close();
  });

  it('follows a Chinese browser language before any choice is made', async () => {
    const { context, page } = await openPage('zh-CN');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getByLabel('用户名').count()).toBe(1);
    await page.getByLabel('用户名').fill('ops');
    await page.getByLabel('密码').fill('wrong-password-123');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('用户名或密码错误。');
    await context.close();
  });
});
