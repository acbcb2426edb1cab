/**
 * Rollouts in a real Chromium against a real control plane whose hosts are fake agents on
 * real WebSockets, answering signed plans with plan-status records. An operator watches the
 * progress bar move live as hosts succeed, sees the step a host is on, pauses the rollout
 * with a reason (no host starts meanwhile) and resumes it; the host page shows the patch
 * history. A tenant admin sees only its own host's part, in Chinese, without the actions.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../control-plane/services/accounts.ts';
import { generateSigningKey } from '../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';
import { answer, fleetOf, hasPlan, nextPlan, type FakeAgent } from '../control-plane/rollouts/harness.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, keepScreenshot, launchBrowser, openPage, signIn } from './browser-session.ts';

const VERSION = '2026.11.1';
const key = generateSigningKey();
let cp: TestControlPlane;
let browser: Browser;
let acme: FakeAgent[];
let beta: FakeAgent[];
let betaId: string;
let rolloutId: string;
/** The agents in the order the rollout starts them (canary first). */
let inOrder: FakeAgent[];

beforeAll(async () => {
  await ensureDashboardBuilt();
  cp = await startControlPlane({ listen: true, signingKey: key, dashboardDir: DASHBOARD_DIR });
  const acmeId = cp.tenant('Acme');
  betaId = cp.tenant('Beta');
  await createUser(cp.store, { username: 'operator', password: PASSWORD, role: 'ops-operator' }, Date.now());
  await createUser(cp.store, { username: 'beta-admin', password: PASSWORD, role: 'tenant-admin', tenantId: betaId }, Date.now());
  acme = await fleetOf(cp, acmeId, 'acme-app', 3);
  beta = await fleetOf(cp, betaId, 'beta-db', 1);
  saveWindow(cp.store, { id: 'win_browser01', now: Date.now(), coverage: { [acmeId]: acme.map((a) => a.hostId), [betaId]: beta.map((a) => a.hostId) } });
  saveRelease(cp.store, { id: 'rel_browser01', version: VERSION, createdAt: Date.now() - 3_600_000 });
  const response = await fetch(`${cp.url}/api/v1/rollouts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cp.token('ops-operator')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ windowId: 'win_browser01', releaseId: 'rel_browser01', options: { canary: 1, batchSize: 2, maxConcurrency: 1 } }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  rolloutId = ((await response.json()) as { rollout: { id: string } }).rollout.id;
  const agents = new Map([...acme, ...beta].map((agent) => [agent.hostId, agent]));
  inOrder = cp.store.rollouts.hosts(rolloutId).map((host) => agents.get(host.hostId)!);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const agent of [...(acme ?? []), ...(beta ?? [])]) agent.client.socket.close();
  await cp?.close();
});

/** A host runs its plan: accepted, then the pre-check, and (unless told to stay running) succeeds. */
async function run(agent: FakeAgent, outcome: 'succeeded' | 'running') {
  const plan = await nextPlan(agent, key.publicKeyPem);
  await answer(agent, plan, ['accepted', ['running', { step: 'apply', phase: 'apply', versionBefore: '2026.10.2' }]]);
  if (outcome === 'succeeded') await answer(agent, plan, [['succeeded', { versionAfter: VERSION }]]);
  return plan;
}

const bar = (page: Page, scope: string) => page.locator(`${scope} .rollout-progress`).first();
const done = async (page: Page, scope: string) => Number(await bar(page, scope).getAttribute('data-done'));
const segment = (page: Page, scope: string, kind: string) => bar(page, scope).locator(`[data-segment="${kind}"]`).getAttribute('data-count');
const hostRow = (page: Page, agent: FakeAgent) => page.locator(`table.rollout-hosts tr[data-host-id="${agent.hostId}"]`);
const stateBadge = (page: Page) => page.locator('.rollout-page .page-head [data-state]');
const actionButtons = (page: Page) => page.getByRole('group', { name: 'Rollout actions' }).getByRole('button').allTextContents();

async function act(page: Page, action: 'Pause' | 'Resume', reason: string) {
  await page.getByRole('group', { name: 'Rollout actions' }).getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog', { name: `${action} rollout` });
  await dialog.getByLabel('Reason (kept in the audit log)').fill(reason);
  await dialog.getByRole('button', { name: action }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('rollouts', () => {
  it('moves the progress bars live as hosts succeed, pauses and resumes with a reason, and shows the patch history', async () => {
    const { context, page } = await openPage(browser, cp.url);
    await signIn(page, 'operator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rollouts', exact: true }).click();
    await page.getByRole('heading', { name: 'Rollouts', level: 1 }).waitFor();
    const row = `table.rollouts tr[data-rollout-id="${rolloutId}"]`;
    await page.locator(row).waitFor();
    expect(await page.locator(`${row} [data-state]`).textContent()).toBe('Running');
    expect(await bar(page, row).getAttribute('data-total')).toBe('4');
    expect(await done(page, row)).toBe(0);
    expect(await page.locator(`${row} td`).nth(3).textContent()).toBe('Acme, Beta');
    // A reload would lose this mark, so finding it later proves the bar moved by live push.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    await run(inOrder[0], 'succeeded');
    await expect.poll(() => done(page, row)).toBe(1);
    expect(await segment(page, row, 'succeeded')).toBe('1');
    expect(await bar(page, row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    await keepScreenshot(page, 'rollouts-list-en');

    await page.getByRole('link', { name: `Rollout of ${VERSION} on xingkong/st-standard` }).click();
    await page.getByRole('heading', { name: `Rollout of ${VERSION}`, level: 1 }).waitFor();
    const waves = page.locator('ol.waves li');
    await expect.poll(() => waves.locator('.wave-name').allTextContents()).toEqual(['Canary', 'Batch 1', 'Batch 2']);
    expect(await done(page, 'ol.waves li[data-wave="0"]')).toBe(1);
    expect(await bar(page, 'ol.waves li[data-wave="1"]').getAttribute('data-total')).toBe('2');
    expect(await hostRow(page, inOrder[0]).locator('[data-host-state]').textContent()).toBe('Succeeded');
    expect(await hostRow(page, inOrder[0]).locator('td').first().textContent()).toMatch(/^(Acme|Beta)$/);

    const running = await run(inOrder[1], 'running');
    await expect.poll(() => hostRow(page, inOrder[1]).locator('[data-host-state]').textContent()).toBe('Running');
    expect(await hostRow(page, inOrder[1]).locator('td').nth(3).textContent()).toBe('apply');
    expect(await segment(page, '.rollout-page', 'in-flight')).toBe('1');
    expect(await actionButtons(page)).toEqual(['Pause', 'Abort']);

    await act(page, 'Pause', 'Customer asked to wait for month-end');
    await expect.poll(() => stateBadge(page).textContent()).toBe('Paused');
    expect(await page.locator('[data-note="paused"]').textContent()).toContain('Customer asked to wait for month-end');
    expect(await actionButtons(page)).toEqual(['Resume', 'Abort']);
    await keepScreenshot(page, 'rollout-paused-en');

    // The host already running finishes while paused; the next one is not started.
    await answer(inOrder[1], running, [['succeeded', { versionAfter: VERSION }]]);
    await expect.poll(() => done(page, '.rollout-page')).toBe(2);
    expect(await hostRow(page, inOrder[2]).locator('[data-host-state]').textContent()).toBe('Pending');
    expect(hasPlan(inOrder[2])).toBe(false);
    expect(cp.store.rollouts.hosts(rolloutId)[2].state).toBe('pending');

    await act(page, 'Resume', 'Month-end closing is done');
    await expect.poll(() => stateBadge(page).textContent()).toBe('Running');
    await run(inOrder[2], 'succeeded');
    await run(inOrder[3], 'succeeded');
    await expect.poll(() => stateBadge(page).textContent()).toBe('Completed');
    expect(await done(page, '.rollout-page')).toBe(4);
    expect(await page.getByRole('group', { name: 'Rollout actions' }).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await keepScreenshot(page, 'rollout-completed-en');

    await hostRow(page, inOrder[0]).getByRole('link').click();
    const history = page.locator(`table.patches tr[data-rollout-id="${rolloutId}"]`);
    await history.waitFor();
    expect(await history.locator('th').textContent()).toBe(VERSION);
    expect(await history.locator('[data-versions]').textContent()).toBe(`2026.10.2 → ${VERSION}`);
    expect(await history.locator('[data-host-state]').textContent()).toBe('Succeeded');
    expect(await history.locator('time').count()).toBe(2);
    await keepScreenshot(page, 'host-patch-history-en');

    const audit = (await (await fetch(`${cp.url}/api/v1/audit?limit=50`, { headers: { authorization: `Bearer ${cp.token('ops-admin')}` } })).json()) as { items: Array<{ action: string }> };
    expect(audit.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['rollout.paused', 'rollout.resumed']));
    await context.close();
  });

  it('shows a tenant admin only its own host of the rollout, in Chinese, without pause, resume or abort', async () => {
    const { context, page } = await openPage(browser, cp.url, 'zh-CN');
    await page.getByLabel('用户名').fill('beta-admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '主机', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '补丁推送', exact: true }).click();
    const row = `table.rollouts tr[data-rollout-id="${rolloutId}"]`;
    await page.locator(row).waitFor();
    expect(await page.locator(`${row} [data-state]`).textContent()).toBe('已完成');
    expect(await bar(page, row).getAttribute('data-total')).toBe('1');
    expect(await page.locator(`${row} .progress-text`).textContent()).toBe('已完成 1 / 1');
    expect(await page.locator('table.rollouts th', { hasText: '租户' }).count()).toBe(0);

    await page.locator(`${row} th a`).click();
    await page.getByRole('heading', { name: `${VERSION} 的推送`, level: 1 }).waitFor();
    await page.locator('table.rollout-hosts tbody tr').first().waitFor();
    expect(await page.locator('table.rollout-hosts tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host-id')))).toEqual([beta[0].hostId]);
    expect(await page.locator('table.rollout-hosts th', { hasText: '租户' }).count()).toBe(0);
    expect(await page.locator('.rollout-page button').count()).toBe(0);
    expect(await page.locator('.rollout-page > .rollout-progress').getAttribute('data-total')).toBe('1');
    await keepScreenshot(page, 'rollout-tenant-zh');

    const forbidden = await fetch(`${cp.url}/api/v1/rollouts/${rolloutId}/pause`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cp.token('tenant-admin', betaId)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'not mine to pause' }),
    });
    expect(forbidden.status).toBe(403);
    await context.close();
  });
});
