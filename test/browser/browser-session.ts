/**
 * What every browser suite needs: the built dashboard, one headless Chromium, fresh pages
 * that screenshot themselves when their test fails, and signing in through the form.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DASHBOARD_DIR = join(ROOT, 'dist/dashboard');
export const PASSWORD = 'correct-horse-battery';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the dashboard unless a build is already there. */
export async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(join(DASHBOARD_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'dashboard/vite.config.ts'), logLevel: 'warn' });
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

let failureShots: string | null = null;

/** A fresh browser profile (no cookies, no stored language) at `url` that screenshots itself if the test fails. */
export async function openPage(browser: Browser, url: string, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async ({ task }) => {
    failureShots ??= mkdtempSync(join(tmpdir(), 'tideway-browser-'));
    const path = join(failureShots, `${task.name.replace(/\W+/g, '-').slice(0, 80)}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failed page: ${path}`);
  });
  await page.goto(url);
  return { context, page };
}

/** Signs in through the English form and waits for the fleet heading. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Hosts', level: 1 }).waitFor();
}

/**
 * Saves a full-page screenshot under `$TIDEWAY_SCREENSHOTS` when that is set, so people can
 * look at the pages a suite walks through; without it, nothing is written.
 */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.TIDEWAY_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
