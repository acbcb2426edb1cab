/**
 * Scheduling, notices and calendar feeds together over the real tables: a tenant subscribed
 * to the agile track gets its 3-day notice on a real webhook contact, listing its host, and
 * its ICS feed shows the window.
 */
import { createServer } from 'node:http';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';

// 2026-12-12 is an agile Saturday (every two weeks from 2026-01-10); its window opens 22:00 Beijing.
const WINDOW_START = Date.parse('2026-12-12T14:00:00Z');
let now = Date.parse('2026-12-01T02:00:00Z');
let cp: TestControlPlane;
let tenantId: string;
let admin: string;
const received: string[] = [];
const webhook = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push(body);
    response.writeHead(200).end();
  });
});

const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
  const response = await cp.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response;
};

beforeAll(async () => {
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const { port } = webhook.address() as { port: number };
  cp = await startControlPlane({ clock: () => now, listen: true, allowPrivateContactAddresses: true });
  tenantId = cp.tenant('Acme');
  cp.enroll(tenantId, 'erp-app-01');
  admin = cp.token('tenant-admin', tenantId);
  await call('PUT', `/api/v1/tenants/${tenantId}/subscriptions`, { items: [{ trackId: 'cangqiong/agile', deploymentKind: 'public-multi-tenant' }] });
  await call('POST', `/api/v1/tenants/${tenantId}/contacts`, { name: 'ops group', kind: 'webhook', url: `http://127.0.0.1:${port}/hook`, language: 'en' });
  await cp.app.scheduling.recompute(now, 'test');
});
afterAll(async () => {
  await cp.close();
  webhook.close();
});

describe('window notices and feeds over scheduling data', () => {
  it('sends the track notice three days before the window, naming the tenant host, exactly once', async () => {
    now = WINDOW_START - 3 * 86_400_000 + 60_000;
    cp.app.notices.service.run(now);
    cp.app.notices.service.run(now);
    await cp.app.notices.deliverDue(now);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('erp-app-01');
    expect(cp.store.notices.list(tenantId, 10).map((n) => [n.kind, n.contacts])).toEqual([['advance', 1]]);
  });

  it('shows the window in the tenant calendar feed at its real instant', async () => {
    const created = (await call('POST', `/api/v1/tenants/${tenantId}/ics-feeds`, {})).json();
    const feed = await cp.app.inject({ method: 'GET', url: `/ics/${created.token}.ics` });
    expect(feed.statusCode).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const starts = calendar.getAllSubcomponents('vevent').map((e: ICAL.Component) => new ICAL.Event(e).startDate.toJSDate().getTime());
    expect(starts).toContain(WINDOW_START);
  });
});
