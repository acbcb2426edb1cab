import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../control-plane/app.ts';
import { CONTACT_NAMESPACE, contactReceivers, createContact } from '../../../control-plane/notices/contacts.ts';
import type { NoticeWindow } from '../../../control-plane/notices/model.ts';
import { noticeKey } from '../../../control-plane/notices/planner.ts';
import { createNoticeService, type NoticeService } from '../../../control-plane/notices/service.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../../control-plane/notify/delivery.ts';
import { dingTalkSign } from '../../../control-plane/notify/payloads/dingtalk.ts';
import { sqliteNotificationStore, type NotificationStore } from '../../../control-plane/notify/store.ts';
import { generateSigningKey } from '../../../control-plane/services/signing-key.ts';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { openTestStore, reopenTestStore } from '../../helpers/test-store.ts';
import { captureLog, startReceiver, type TestReceiver } from '../notify/helpers.ts';
import { arraySource, batchWindow, DAY, HOUR, MINUTE, T0 } from './helpers.ts';

let dir: string;
let store: SqlStore;
let receiver: TestReceiver;
let windows: NoticeWindow[];
let source: ReturnType<typeof arraySource>;

const outboxOf = (s: SqlStore) => sqliteNotificationStore(s.db, CONTACT_NAMESPACE);
const serviceOn = (s: SqlStore): NoticeService => createNoticeService({ store: s, outbox: outboxOf(s), source, log: captureLog() });
const workerOn = (s: SqlStore, now: number): DeliveryWorker =>
  createDeliveryWorker({ store: outboxOf(s), receivers: contactReceivers(s.contacts), clock: () => now, log: captureLog(), metrics: { delivered: () => {}, latency: () => {} }, random: () => 0 });
const webhook = (name = 'ops-hook') => createContact(store.contacts, 'ten_acme', { name, kind: 'webhook', url: `${receiver.url}/hook/${name}` }, T0 - 30 * DAY);
const rows = (outbox: NotificationStore = outboxOf(store)) => outbox.list(null, 100).reverse();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-notices-'));
  store = await openTestStore(dir);
  store.tenants.create({ id: 'ten_acme', name: 'Acme', plan: 'standard', timeZone: 'Asia/Shanghai', createdAt: 0 });
  receiver = await startReceiver();
  windows = [batchWindow()];
  source = arraySource(windows);
});
afterEach(async () => {
  store.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('notice service: recording and queueing', () => {
  it('queues one outbox row per contact with the notice key recorded, and nothing on the next run', () => {
    const [first, second] = [webhook('a'), webhook('b')];
    const service = serviceOn(store);
    expect(service.run(T0 - 7 * DAY)).toEqual({ queued: 1, rows: 2, waiting: 0 });
    expect(service.run(T0 - 7 * DAY + MINUTE)).toEqual({ queued: 0, rows: 0, waiting: 0 });
    expect(rows().map((row) => [row.receiver, row.kind, row.status, row.state]).sort()).toEqual(
      [first, second].map((contact) => [`contact:${contact.id}`, 'webhook', 'notice', 'pending']).sort(),
    );
    expect(store.notices.list('ten_acme', 10)).toMatchObject([{ key: noticeKey(windows[0], 'advance'), kind: 'advance', outcome: 'queued', contacts: 2 }]);
  });

  it('repeats nothing after a restart: the keys are read back from the database, and contacts still open', () => {
    webhook();
    serviceOn(store).run(T0 - 7 * DAY);
    const reopened = (store = reopenTestStore(store));
    expect(reopened.contacts.list('ten_acme')[0].url).toBe(`${receiver.url}/hook/ops-hook`);
    expect(serviceOn(reopened).run(T0 - 6 * DAY)).toEqual({ queued: 0, rows: 0, waiting: 0 });
    expect(serviceOn(reopened).run(T0 - DAY)).toEqual({ queued: 1, rows: 1, waiting: 0 });
    expect(rows().map((row) => JSON.parse(row.body).kind)).toEqual(['advance', 'day-before']);
  });

  it('keeps a due notice waiting while the tenant has no contact, and queues it once one is added', () => {
    const service = serviceOn(store);
    expect(service.run(T0 - 7 * DAY)).toEqual({ queued: 0, rows: 0, waiting: 1 });
    expect(store.notices.list('ten_acme', 10)).toEqual([]);
    webhook();
    expect(service.run(T0 - 6 * DAY)).toEqual({ queued: 1, rows: 1, waiting: 0 });
  });

  it('records the reminder a moved notice covered, so it is never sent on its own', () => {
    webhook();
    windows[0] = batchWindow({ startsAt: T0 + 3 * DAY, endsAt: T0 + 3 * DAY + 8 * HOUR, version: 2, previous: { startsAt: T0, endsAt: T0 + 8 * HOUR } });
    const service = serviceOn(store);
    expect(service.windowsChanged(['win_mt_2026_03'], T0 - 2 * DAY)).toEqual({ queued: 1, rows: 1, waiting: 0 });
    expect(source.queries.at(-1)).toEqual({ windowIds: ['win_mt_2026_03'] });
    expect(store.notices.list('ten_acme', 10).map((n) => [n.kind, n.outcome]).sort()).toEqual([['advance', 'covered'], ['moved', 'queued']]);
    expect(service.run(T0 - 2 * DAY + MINUTE)).toEqual({ queued: 0, rows: 0, waiting: 0 });
  });

  it('reads windows from just before the end-notice limit to the horizon ahead', () => {
    serviceOn(store).run(T0);
    expect(source.queries).toEqual([{ fromAt: T0 - 12 * HOUR, toAt: T0 + 60 * DAY }]);
  });
});

describe('notice service: delivery through the outbox', () => {
  it('delivers a notice to a real loopback webhook contact through the outbox and the delivery worker', async () => {
    webhook();
    serviceOn(store).run(T0 - 7 * DAY);
    expect(await workerOn(store, T0 - 7 * DAY).deliverDue(T0 - 7 * DAY)).toBe(1);
    const [request] = receiver.requests;
    expect(request.url).toBe('/hook/ops-hook');
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'tideway.window-notice', kind: 'advance', tenant: { id: 'ten_acme' }, hosts: ['erp-app-01', 'erp-app-02', 'erp-db-01'] });
    expect(rows().map((row) => row.state)).toEqual(['sent']);
    expect(await workerOn(store, T0 - 7 * DAY).deliverDue(T0 - 7 * DAY + MINUTE)).toBe(0);
  });

  it("signs a DingTalk contact's notice when it is sent, with the contact's secret", async () => {
    createContact(store.contacts, 'ten_acme', { name: '运维群', kind: 'dingtalk', url: `${receiver.url}/robot/send?access_token=abcdef123456`, secret: 'SECdingtalk-secret' }, 0);
    serviceOn(store).run(T0 - DAY);
    await workerOn(store, T0 - DAY).deliverDue(T0 - DAY);
    const url = new URL(receiver.requests[0].url, receiver.url);
    expect(url.searchParams.get('timestamp')).toBe(String(T0 - DAY));
    expect(url.searchParams.get('sign')).toBe(dingTalkSign('SECdingtalk-secret', T0 - DAY));
    expect(JSON.parse(receiver.requests[0].body).markdown.title).toContain('补丁更新窗口提醒');
  });

  it('gives up on a row whose contact was deleted, saying so', async () => {
    const contact = webhook();
    serviceOn(store).run(T0 - 7 * DAY);
    store.contacts.delete(contact.id);
    await workerOn(store, T0 - 7 * DAY).deliverDue(T0 - 7 * DAY);
    expect(rows()[0]).toMatchObject({ state: 'dead', lastError: `receiver 'contact:${contact.id}' (webhook) is a tenant contact that was deleted or changed kind` });
    expect(receiver.requests).toEqual([]);
  });

  it('keeps contact rows and alert rows apart: each store claims, counts and releases only its own', () => {
    webhook();
    serviceOn(store).run(T0 - 7 * DAY);
    const alerts = sqliteNotificationStore(store.db);
    alerts.enqueue({ ...rows()[0], idempotencyKey: 'alert-row', receiver: 'ops', status: 'firing' });
    const contacts = outboxOf(store);
    expect([alerts.pendingCount(), contacts.pendingCount()]).toEqual([1, 1]);
    expect(contacts.claimDue(T0, T0 + HOUR, 10).map((row) => row.receiver)).toEqual([rows()[0].receiver]);
    expect(alerts.releaseClaims(T0)).toBe(0);
    expect(alerts.claimDue(T0, T0 + HOUR, 10).map((row) => row.receiver)).toEqual(['ops']);
    expect(contacts.releaseClaims(T0)).toBe(1);
  });
});

describe('notices plugin', () => {
  it('plans at start-up with timers on, so notices due while the server was down go out without waiting a minute', async () => {
    webhook();
    const app = await buildApp({ store, signingKey: generateSigningKey(), clock: () => T0 - DAY, notices: { source } });
    try {
      await app.ready();
      expect(store.notices.list('ten_acme', 10).map((notice) => notice.kind)).toEqual(['day-before']);
      await receiver.received(1);
      expect(JSON.parse(receiver.requests[0].body).kind).toBe('day-before');
    } finally {
      await app.close();
    }
  });
});
