import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freezeRanges, tenantCalendarIcs, type TenantCalendar } from '../../../control-plane/notices/calendar.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { captureLines, fixedCalendars, HOUR, T0 } from './helpers.ts';

const NEW_YORK_START = Date.parse('2026-03-07T22:00:00-05:00');
const BOOKING_START = Date.parse('2026-03-20T22:00:00+08:00');

const calendar: TenantCalendar = {
  events: [
    { uid: 'window-mt-20260314@tideway', kind: 'window', startsAt: T0, endsAt: T0 + 8 * HOUR, timeZone: 'Asia/Shanghai', summary: '更新窗口：星空 multi-tenant standard patch', description: 'Hosts: erp-app-01, erp-db-01', status: 'confirmed', sequence: 2 },
    { uid: 'booking-1@tideway', kind: 'booking', startsAt: BOOKING_START, endsAt: BOOKING_START + 4 * HOUR, timeZone: 'Asia/Shanghai', summary: 'Booked slot: st-standard', status: 'tentative' },
    { uid: 'window-us-20260307@tideway', kind: 'window', startsAt: NEW_YORK_START, endsAt: NEW_YORK_START + 8 * HOUR, timeZone: 'America/New_York', summary: 'US window', status: 'confirmed' },
    { uid: 'window-mt-20260411@tideway', kind: 'window', startsAt: T0 + 28 * 24 * HOUR, endsAt: T0 + 28 * 24 * HOUR + 8 * HOUR, timeZone: 'Asia/Shanghai', summary: 'Cancelled window', status: 'cancelled' },
  ],
  freezes: [{ uid: 'freeze-tenant-month-end-2026-03-28@tideway', summary: 'Month-end closing; tax, filing', fromDate: '2026-03-28', toDate: '2026-04-03' }],
};

/** Parses with ical.js, resolving TZIDs only through the document's own VTIMEZONEs. */
function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return root.getAllSubcomponents('vevent').map((component) => ({ event: new ICAL.Event(component), status: component.getFirstPropertyValue('status') }));
}

let cp: TestControlPlane;
let log: ReturnType<typeof captureLines>;
let tenantId: string;
let admin: string;
let calendars: ReturnType<typeof fixedCalendars>;

beforeEach(async () => {
  log = captureLines();
  calendars = fixedCalendars();
  cp = await startControlPlane({ clock: () => T0, logger: { level: 'debug', stream: log.stream }, notices: { calendar: calendars } });
  tenantId = cp.tenant('Acme');
  calendars.byTenant[tenantId] = calendar;
  admin = cp.token('tenant-admin', tenantId);
});
afterEach(async () => {
  ICAL.TimezoneService.reset();
  await cp.close();
});

const call = (method: string, url: string, payload?: object) => cp.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
const newFeed = async () => (await call('POST', `/api/v1/tenants/${tenantId}/ics-feeds`, { name: 'Outlook' })).json() as { id: string; token: string; path: string };

describe('tenant calendar document', () => {
  it('round-trips windows, bookings and freezes through ical.js to the same instants and dates', () => {
    const parsed = parse(tenantCalendarIcs(calendar, { generatedAt: T0, name: 'Tideway: Acme' }));
    const timed = parsed.slice(0, 4).map(({ event }) => [event.uid, event.startDate.toUnixTime() * 1000, event.endDate.toUnixTime() * 1000]);
    expect(timed).toEqual(calendar.events.map((event) => [event.uid, event.startsAt, event.endsAt]));
    expect(parsed.map(({ status }) => status)).toEqual(['CONFIRMED', 'TENTATIVE', 'CONFIRMED', 'CANCELLED', null]);
    expect(parsed[0].event.summary).toBe('更新窗口：星空 multi-tenant standard patch');
    expect(parsed[0].event.sequence).toBe(2);
    expect(parsed[2].event.startDate.zone?.tzid).toBe('America/New_York');
    const freeze = parsed[4].event;
    expect([freeze.startDate.isDate, freeze.startDate.toString(), freeze.endDate.toString(), freeze.summary]).toEqual([true, '2026-03-28', '2026-04-04', 'Month-end closing; tax, filing']);
  });

  it('turns freeze rules into the dated ranges they cover', () => {
    const ranges = freezeRanges(
      { global: [{ kind: 'annual', id: 'year-end', label: 'Year end', from: '12-25', to: '01-10' }], tenant: [{ kind: 'dates', id: 'audit', label: 'Audit', from: '2026-02-10', to: '2026-02-12' }] },
      '2026-01-01',
      '2026-03-31',
    );
    expect(ranges.map((range) => [range.uid, range.fromDate, range.toDate])).toEqual([
      ['freeze-global-year-end-2025-12-25@tideway', '2025-12-25', '2026-01-10'],
      ['freeze-tenant-audit-2026-02-10@tideway', '2026-02-10', '2026-02-12'],
    ]);
  });
});

describe('calendar feed routes', () => {
  it('serves the tenant calendar at the secret URL it shows once, and lists feeds without tokens', async () => {
    const feed = await newFeed();
    expect(feed.path).toBe(`/ics/${feed.token}.ics`);
    const response = await cp.app.inject({ method: 'GET', url: feed.path });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(parse(response.body).map(({ event }) => event.uid)).toEqual([...calendar.events.map((e) => e.uid), calendar.freezes[0].uid]);
    expect(calendars.asked).toEqual([tenantId]);
    const list = (await call('GET', `/api/v1/tenants/${tenantId}/ics-feeds`)).json();
    expect(list.items).toEqual([{ id: feed.id, tenantId, name: 'Outlook', createdAt: new Date(T0).toISOString(), revokedAt: null }]);
    expect(JSON.stringify(cp.store.icsFeeds.list(tenantId))).not.toContain(feed.token);
  });

  it('answers 404 for a revoked token, an unknown token and a feed id used as a token', async () => {
    const feed = await newFeed();
    expect((await call('POST', `/api/v1/ics-feeds/${feed.id}/revoke`)).json().revokedAt).toBe(new Date(T0).toISOString());
    for (const url of [feed.path, '/ics/twc_unknown.ics', `/ics/${feed.id}.ics`]) {
      const response = await cp.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('rate-limits feed fetches per client', async () => {
    const feed = await newFeed();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await cp.app.inject({ method: 'GET', url: feed.path })).statusCode);
    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('keeps the feed token out of the log', async () => {
    const feed = await newFeed();
    await cp.app.inject({ method: 'GET', url: feed.path });
    await cp.app.inject({ method: 'GET', url: '/ics/twc_unknown.ics' });
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain(feed.token);
    expect(log.lines.join('\n')).not.toContain('twc_unknown');
  });
});
