/**
 * Booking an update slot end to end in a real Chromium against a real control plane: a
 * tenant admin books a slot of the single-tenant standard track, an operator approves it
 * in the approval queue, and the tenant then sees it confirmed on its calendar (list and
 * month) and in its calendar feed, fetched over HTTP from the URL the settings page showed.
 * A tenant viewer reads the same pages in Chinese, without any way to change them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../control-plane/services/accounts.ts';
import { loadHolidayCalendars } from '../../schedules/index.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { DASHBOARD_DIR, PASSWORD, ensureDashboardBuilt, keepScreenshot, launchBrowser, openPage, signIn } from './browser-session.ts';

const TRACK = 'xingkong/st-standard';
const TRACK_NAME = '星空 single-tenant standard patch';
const ZONE = 'Asia/Shanghai';

let calendarDir: string;
let cp: TestControlPlane;
let browser: Browser;
let tenantId: string;

/**
 * The shipped holiday calendars, plus an empty year for this year and the next where none
 * ships: slots in a year without a calendar are never bookable, and this suite must find
 * bookable slots whatever day it runs on.
 */
function calendarsForToday() {
  calendarDir = mkdtempSync(join(tmpdir(), 'tideway-holidays-'));
  mkdirSync(join(calendarDir, 'cn'));
  const shipped = loadHolidayCalendars();
  const thisYear = new Date().getUTCFullYear();
  for (const year of [thisYear, thisYear + 1].filter((y) => !shipped.years.has(y))) {
    const file = { region: 'cn', year, source: { title: `test calendar ${year} without holidays` }, days: [] };
    writeFileSync(join(calendarDir, 'cn', `${year}.json`), JSON.stringify(file));
  }
  return loadHolidayCalendars({ extraDirs: [calendarDir] });
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${cp.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${cp.token('ops-admin')}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface BookingJson {
  id: string;
  state: string;
  slotDate: string;
  slotStartAt: string;
  slotEndAt: string;
  confirmedBy: string | null;
}

const booking = (id: string) => api<{ items: BookingJson[] }>('GET', `/api/v1/bookings?tenantId=${tenantId}`).then((page) => page.items.find((b) => b.id === id));

beforeAll(async () => {
  await ensureDashboardBuilt();
  cp = await startControlPlane({ listen: true, timers: true, dashboardDir: DASHBOARD_DIR, scheduling: { calendars: calendarsForToday() } });
  tenantId = cp.tenant('Acme Retail');
  await createUser(cp.store, { username: 'acme-admin', password: PASSWORD, role: 'tenant-admin', tenantId }, Date.now());
  await createUser(cp.store, { username: 'operator', password: PASSWORD, role: 'ops-operator' }, Date.now());
  await api('PUT', `/api/v1/tenants/${tenantId}/subscriptions`, { items: [{ trackId: TRACK, deploymentKind: 'public-single-tenant' }] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await cp?.close();
  if (calendarDir) rmSync(calendarDir, { recursive: true, force: true });
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** Books a bookable slot through the booking page; returns the booking id and its slot date. */
async function bookFirstSlot(page: Page): Promise<{ bookingId: string; slotDate: string }> {
  await nav(page, 'Book a slot').click();
  await page.getByRole('heading', { name: 'Book an update slot', level: 1 }).waitFor();
  await page.getByRole('combobox', { name: 'Track' }).selectOption(TRACK);
  expect(await page.locator(`dl.track-facts[data-track="${TRACK}"]`).textContent()).toContain('Ops approve each booking');
  // The second open slot: the first may turn "too soon" while the test runs, at 22:00 two days ahead.
  const open = page.locator('table.slots tr[data-bookable="true"]').nth(1);
  await open.waitFor();
  const slotDate = (await open.getAttribute('data-slot-date'))!;
  expect(await open.locator('td.num').textContent()).toBe('10 of 10');
  await keepScreenshot(page, 'booking-slots-en');

  await open.getByRole('button', { name: /^Book the slot of / }).click();
  const dialog = page.getByRole('dialog', { name: 'Book this slot' });
  expect(await dialog.textContent()).toContain('Ops approve this booking before it is confirmed.');
  await dialog.getByLabel('Note (optional)').fill('Call Li Lei during the window');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });

  await expect.poll(() => page.getByRole('status').filter({ hasText: 'requested; ops will approve' }).count()).toBe(1);
  const slotRow = page.locator(`table.slots tr[data-slot-date="${slotDate}"]`);
  await expect.poll(() => slotRow.locator('[data-state]').textContent()).toBe('Awaiting approval');
  expect(await slotRow.locator('td.num').textContent()).toBe('9 of 10');
  const mine = page.locator('table.bookings tr[data-state="requested"]');
  await mine.waitFor();
  expect(await mine.count()).toBe(1);
  expect(await mine.textContent()).toContain('Call Li Lei during the window');
  return { bookingId: (await mine.getAttribute('data-booking-id'))!, slotDate };
}

/** Approves the booking from the ops approval queue. */
async function approve(page: Page, bookingId: string): Promise<void> {
  await nav(page, 'Approvals').click();
  await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
  const row = page.locator(`table.bookings tr[data-booking-id="${bookingId}"]`);
  await row.waitFor();
  expect(await row.textContent()).toContain('Acme Retail');
  await keepScreenshot(page, 'approvals-en');
  await row.getByRole('button', { name: /^Approve / }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve booking' });
  await dialog.getByLabel('Reason (optional)').fill('Capacity checked');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect.poll(() => row.count()).toBe(0);
  await page.getByRole('navigation', { name: 'Bookings' }).getByRole('button', { name: 'Confirmed' }).click();
  await expect.poll(() => row.locator('[data-state]').first().textContent()).toBe('Confirmed');
}

/** Shows the calendar month of `slotDate` in the list view, moving month by month like a user. */
async function openCalendarMonth(page: Page, slotDate: string): Promise<void> {
  await nav(page, 'Calendar').click();
  await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Calendar view' }).getByRole('button', { name: 'List' }).click();
  const monthName = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(`${slotDate}T00:00:00Z`));
  const heading = page.locator('nav.month-nav h2');
  for (let step = 0; step < 3 && (await heading.textContent()) !== monthName; step++) await page.getByRole('button', { name: 'Next month' }).click();
  await expect.poll(() => heading.textContent()).toBe(monthName);
}

/** Creates a calendar feed on the settings page and returns the URL it shows once. */
async function createFeed(page: Page): Promise<string> {
  await nav(page, 'Settings').click();
  await page.getByRole('heading', { name: /^Tenant settings/, level: 1 }).waitFor();
  await page.getByLabel('Feed name').fill('Ops team calendar');
  await page.getByRole('button', { name: 'Create feed' }).click();
  const url = page.getByTestId('feed-url');
  await url.waitFor();
  await expect.poll(() => page.locator('table.feeds tr[data-feed-id]').count()).toBe(1);
  await keepScreenshot(page, 'settings-en');
  return url.inputValue();
}

describe('booking an update slot', () => {
  it('lets a tenant admin book a slot that ops approve, then shows it confirmed on the calendar and in the ICS feed', async () => {
    const tenant = await openPage(browser, cp.url);
    await signIn(tenant.page, 'acme-admin');
    expect(await nav(tenant.page, 'Approvals').count()).toBe(0);
    const { bookingId, slotDate } = await bookFirstSlot(tenant.page);
    expect(await booking(bookingId)).toMatchObject({ state: 'requested', slotDate });

    const ops = await openPage(browser, cp.url);
    await signIn(ops.page, 'operator');
    expect(await nav(ops.page, 'Book a slot').count()).toBe(0);
    await approve(ops.page, bookingId);
    const confirmed = await booking(bookingId);
    expect(confirmed).toMatchObject({ state: 'confirmed', confirmedBy: 'user:operator' });
    await ops.context.close();

    await openCalendarMonth(tenant.page, slotDate);
    const listed = tenant.page.locator(`table.calendar-list tr[data-row="booking:${bookingId}"]`);
    await listed.waitFor();
    expect(await listed.locator('[data-status]').textContent()).toBe('Confirmed');
    expect(await listed.textContent()).toContain(TRACK_NAME);
    expect(await listed.locator('td').first().textContent()).toBe('22:00–02:00 (+1)');
    await keepScreenshot(tenant.page, 'calendar-list-en');
    await tenant.page.getByRole('navigation', { name: 'Calendar view' }).getByRole('button', { name: 'Month' }).click();
    const chip = tenant.page.locator(`table.month-grid td[data-date="${slotDate}"] [data-item="booking:${bookingId}"]`);
    await chip.waitFor();
    expect(await chip.getAttribute('data-status')).toBe('confirmed');
    await keepScreenshot(tenant.page, 'calendar-month-en');

    const feedUrl = await createFeed(tenant.page);
    expect(feedUrl).toMatch(new RegExp(`^${cp.url}/ics/[^/]+\\.ics$`));
    const response = await fetch(feedUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const root = new ICAL.Component(ICAL.parse(await response.text()));
    for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = root.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === `booking-${bookingId}@tideway`);
    expect(event?.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const parsed = new ICAL.Event(event!);
    expect(event!.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(ZONE);
    expect(parsed.startDate.toUnixTime() * 1000).toBe(Date.parse(confirmed!.slotStartAt));
    expect(parsed.endDate.toUnixTime() * 1000).toBe(Date.parse(confirmed!.slotEndAt));
    expect(parsed.summary).toContain(TRACK_NAME);
    await tenant.context.close();
  });

  it('shows a tenant viewer its confirmed booking in Chinese, with the slots but no booking, approval or audit actions', async () => {
    const betaId = cp.tenant('Beta Logistics');
    await createUser(cp.store, { username: 'beta-viewer', password: PASSWORD, role: 'tenant-viewer', tenantId: betaId }, Date.now());
    await api('PUT', `/api/v1/tenants/${betaId}/subscriptions`, { items: [{ trackId: TRACK, deploymentKind: 'public-single-tenant' }] });
    const slots = await api<{ items: Array<{ slotDate: string; bookable: boolean }> }>('GET', `/api/v1/tracks/${encodeURIComponent(TRACK)}/slots?tenantId=${betaId}`);
    const slotDate = slots.items.filter((slot) => slot.bookable)[1].slotDate;
    const made = await api<BookingJson>('POST', '/api/v1/bookings', { trackId: TRACK, slotDate, tenantId: betaId });
    await api('POST', `/api/v1/bookings/${made.id}/approve`, {});

    const { context, page } = await openPage(browser, cp.url, 'zh-CN');
    await page.getByLabel('用户名').fill('beta-viewer');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '主机', level: 1 }).waitFor();
    const links = page.getByRole('navigation', { name: '主导航' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(expect.arrayContaining(['日历', '时段', '补丁版本', '设置']));
    expect(await links.allTextContents()).not.toEqual(expect.arrayContaining(['审批']));
    expect(await links.allTextContents()).not.toEqual(expect.arrayContaining(['审计日志']));

    await links.filter({ hasText: '时段' }).click();
    await page.getByRole('combobox', { name: '更新通道' }).selectOption(TRACK);
    const mine = page.locator(`table.slots tr[data-slot-date="${slotDate}"]`);
    await expect.poll(() => mine.locator('[data-state]').textContent()).toBe('已确认');
    expect(await page.locator('table.slots button').count()).toBe(0);
    expect(await page.locator(`table.bookings tr[data-booking-id="${made.id}"] [data-state]`).first().textContent()).toBe('已确认');
    await keepScreenshot(page, 'booking-viewer-zh');

    await links.filter({ hasText: '设置' }).click();
    await page.getByText('您的角色可以查看这些设置，但不能修改。').waitFor();
    expect(await page.getByRole('heading', { name: '日历订阅' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '添加封网期' }).count()).toBe(0);
    await context.close();
  });
});
