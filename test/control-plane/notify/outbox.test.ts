import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../../../control-plane/notify/config.ts';
import { createDispatcher, type NotificationDispatcher } from '../../../control-plane/notify/dispatcher.ts';
import { DEFAULT_RETRY_POLICY, idempotencyKey, retryDelayMs } from '../../../control-plane/notify/outbox.ts';
import { parseRetryAfter } from '../../../control-plane/notify/sender.ts';
import { sqliteNotificationStore } from '../../../control-plane/notify/store.ts';
import { failInserts } from '../../helpers/fail-inserts.ts';
import { alert, captureLog, HOUR, oneReceiverConfig, startReceiver, T0, useNotifyFixture } from './helpers.ts';

const fx = useNotifyFixture();

function dispatcherFor(config: NotificationsConfig, options: { log?: ReturnType<typeof captureLog>; metrics?: Registry; maxAttempts?: number } = {}): NotificationDispatcher {
  return createDispatcher({
    db: fx.db,
    config,
    clock: () => T0,
    log: options.log ?? captureLog(),
    metrics: options.metrics,
    externalUrl: 'https://tideway.example.com',
    delivery: { random: () => 0, retry: options.maxAttempts ? { maxAttempts: options.maxAttempts } : undefined },
  });
}

const immediate = () => oneReceiverConfig('webhook', `${fx.receiver.url}/hook`, {}, { group_wait: '0s', group_interval: '0s' });
const rows = () => sqliteNotificationStore(fx.db).list(null, 100).reverse();
const count = (table: string) => fx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('notification outbox', () => {
  it('records nothing, neither row nor group state, when the transaction fails part-way', () => {
    failInserts(fx.db, 'notification_groups', 'simulated crash');
    const log = captureLog();
    dispatcherFor(immediate(), { log }).update([alert('A')], T0);
    expect(log.lines.join('\n')).toContain('simulated crash');
    fx.crashAndReopen();
    expect([count('notification_outbox'), count('notification_groups')]).toEqual([0, 0]);
    // After the restart the engine hands the alert over again and it is recorded once.
    dispatcherFor(immediate()).update([alert('A')], T0 + 1000);
    expect([count('notification_outbox'), count('notification_groups')]).toEqual([1, 1]);
  });

  it('tries a flush that could not be recorded again at a later tick', () => {
    const letThrough = failInserts(fx.db, 'notification_groups', 'disk full');
    const dispatcher = dispatcherFor(immediate());
    dispatcher.update([alert('A')], T0);
    letThrough();
    dispatcher.tick(T0 + 9_999);
    expect(count('notification_outbox')).toBe(0);
    dispatcher.tick(T0 + 10_000);
    expect(count('notification_outbox')).toBe(1);
  });

  it('keeps a recorded notification and its group state across a crash, and sends it once afterwards', async () => {
    dispatcherFor(immediate()).update([alert('A')], T0);
    fx.crashAndReopen();
    expect(rows().map((row) => [row.state, row.attempts])).toEqual([['pending', 0]]);
    expect(sqliteNotificationStore(fx.db).group(rows()[0].groupKey)?.lastNotifiedFiring).toEqual({ A: T0 });
    const after = dispatcherFor(immediate());
    after.update([alert('A')], T0 + 60_000);
    expect(await after.deliverDue(T0 + 60_000)).toBe(1);
    expect(await after.deliverDue(T0 + HOUR)).toBe(0);
    expect(fx.receiver.requests).toHaveLength(1);
  });

  it('never sends a row again after it was committed as sent, even after a restart', async () => {
    const before = dispatcherFor(immediate());
    before.update([alert('A')], T0);
    await before.deliverDue(T0);
    fx.crashAndReopen();
    const after = dispatcherFor(immediate());
    after.update([alert('A')], T0 + 1000);
    expect(await after.deliverDue(T0 + HOUR)).toBe(0);
    expect(fx.receiver.requests).toHaveLength(1);
    expect(rows().map((row) => row.state)).toEqual(['sent']);
  });

  it('sends a row again at the next start when the process stopped while sending it', async () => {
    dispatcherFor(immediate()).update([alert('A')], T0);
    sqliteNotificationStore(fx.db).claimDue(T0, T0 + HOUR, 10);
    fx.crashAndReopen();
    const after = dispatcherFor(immediate());
    expect(await after.deliverDue(T0 + 1000)).toBe(0);
    after.start();
    await fx.receiver.received(1);
    await after.stop();
    expect(rows().map((row) => [row.state, row.attempts])).toEqual([['sent', 2]]);
  });

  it('retries a 503 with growing backoff, then succeeds with the same key and body', async () => {
    fx.receiver.reply({ status: 503 }, { status: 503 });
    const dispatcher = dispatcherFor(immediate());
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    expect(rows()[0]).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: T0 + 1000, lastError: 'HTTP 503' });
    expect(await dispatcher.deliverDue(T0 + 999)).toBe(0);
    await dispatcher.deliverDue(T0 + 1000);
    expect(rows()[0]).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: T0 + 1000 + 2000 });
    await dispatcher.deliverDue(T0 + 3000);
    expect(rows()[0]).toMatchObject({ state: 'sent', attempts: 3, sentAt: T0 + 3000, lastError: null });
    const keys = fx.receiver.requests.map((request) => request.headers['idempotency-key']);
    expect(new Set(keys)).toEqual(new Set([rows()[0].idempotencyKey]));
    expect(new Set(fx.receiver.requests.map((request) => request.body)).size).toBe(1);
  });

  it('waits as long as Retry-After asks', async () => {
    fx.receiver.reply({ status: 429, headers: { 'retry-after': '120' } });
    const dispatcher = dispatcherFor(immediate());
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    expect(rows()[0].nextAttemptAt).toBe(T0 + 120_000);
    expect(await dispatcher.deliverDue(T0 + 119_999)).toBe(0);
    await dispatcher.deliverDue(T0 + 120_000);
    expect(rows()[0].state).toBe('sent');
  });

  it.each([
    ['a 400', { status: 400, body: 'alerts must have labels' }, 'HTTP 400: alerts must have labels'],
    ['a redirect, which is not followed', { status: 302, headers: { location: 'https://elsewhere.example.com/' } }, 'HTTP 302 (a redirect; configure the receiver\'s final URL)'],
  ])('gives up at once on %s', async (_name, reply, error) => {
    fx.receiver.reply(reply);
    const dispatcher = dispatcherFor(immediate());
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    expect(rows()[0]).toMatchObject({ state: 'dead', attempts: 1, lastError: error });
    expect(await dispatcher.deliverDue(T0 + HOUR)).toBe(0);
    expect(fx.receiver.requests).toHaveLength(1);
  });

  it('gives up after the last allowed attempt', async () => {
    fx.receiver.reply({ status: 500 }, { status: 500 });
    const dispatcher = dispatcherFor(immediate(), { maxAttempts: 2 });
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    await dispatcher.deliverDue(T0 + HOUR);
    expect(rows()[0]).toMatchObject({ state: 'dead', attempts: 2, lastError: 'gave up after 2 attempts: HTTP 500' });
  });

  it('retries when nothing listens at the address', async () => {
    const closed = await startReceiver();
    await closed.close();
    const dispatcher = dispatcherFor(oneReceiverConfig('webhook', closed.url, {}, { group_wait: '0s' }));
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    expect(rows()[0]).toMatchObject({ state: 'pending', attempts: 1, lastError: 'ECONNREFUSED' });
  });

  it.each([
    ['a refused signature is given up', '{"errcode":310000,"errmsg":"sign not match"}', 'dead', 'DingTalk refused the message: errcode 310000 (sign not match)'],
    ['a rate limit is retried', '{"errcode":130101,"errmsg":"send too fast"}', 'pending', 'DingTalk refused the message: errcode 130101 (send too fast)'],
  ])('reads DingTalk errcodes in a 200 reply: %s', async (_name, body, state, error) => {
    fx.receiver.reply({ status: 200, body });
    const dispatcher = dispatcherFor(oneReceiverConfig('dingtalk', `${fx.receiver.url}/robot/send?access_token=tok`, {}, { group_wait: '0s' }));
    dispatcher.update([alert('A')], T0);
    await dispatcher.deliverDue(T0);
    expect(rows()[0]).toMatchObject({ state, lastError: error });
  });

  it('holds a later notification of a group until the earlier one is through', async () => {
    fx.receiver.reply({ status: 503 });
    const dispatcher = dispatcherFor(immediate());
    dispatcher.update([alert('A')], T0);
    dispatcher.update([alert('B')], T0 + 1);
    expect(rows()).toHaveLength(2);
    expect(await dispatcher.deliverDue(T0 + 1)).toBe(1);
    expect(await dispatcher.deliverDue(T0 + 1001)).toBe(1);
    expect(await dispatcher.deliverDue(T0 + 1001)).toBe(1);
    const sent = fx.receiver.requests.map((request) => JSON.parse(request.body).alerts.map((a: { fingerprint: string }) => a.fingerprint).join(','));
    expect(sent).toEqual(['A', 'A', 'A,B']);
  });

  it('counts deliveries by outcome, the pending backlog and send latency on the injected registry', async () => {
    fx.receiver.reply({ status: 503 });
    const metrics = new Registry();
    const dispatcher = dispatcherFor(immediate(), { metrics });
    dispatcher.update([alert('A')], T0);
    expect(await metrics.getSingleMetricAsString('tideway_notification_outbox_pending')).toContain('tideway_notification_outbox_pending 1');
    await dispatcher.deliverDue(T0);
    await dispatcher.deliverDue(T0 + 1000);
    const text = await metrics.metrics();
    expect(text).toContain('tideway_notifications_total{receiver="ops",outcome="retried"} 1');
    expect(text).toContain('tideway_notifications_total{receiver="ops",outcome="sent"} 1');
    expect(text).toContain('tideway_notification_outbox_pending 0');
    expect(text).toContain('tideway_notification_delivery_seconds_count{receiver="ops"} 2');
  });
});

describe('idempotency keys and retry timing', () => {
  const parts = { receiver: 'ops', groupKey: '{}:{alertname="DiskFull"}', alerts: [alert('A'), alert('B')], flushAt: T0 };

  it('gives the same key for the same receiver, group, content and flush, in any alert order', () => {
    expect(idempotencyKey(parts)).toBe(idempotencyKey({ ...parts, alerts: [alert('B'), alert('A')] }));
    expect(idempotencyKey(parts)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['another receiver', { receiver: 'pager' }],
    ['another group', { groupKey: '{}:{alertname="CpuHigh"}' }],
    ['another flush instant', { flushAt: T0 + 1 }],
    ['another alert status', { alerts: [alert('A'), { ...alert('B'), status: 'resolved' as const, endsAt: T0 }] }],
    ['another episode', { alerts: [alert('A'), alert('B', { startsAt: T0 + 5 })] }],
  ])('gives a different key for %s', (_name, change) => {
    expect(idempotencyKey({ ...parts, ...change })).not.toBe(idempotencyKey(parts));
  });

  it.each([
    [1, 0, 1000],
    [1, 0.999999, 2000],
    [2, 0, 2000],
    [5, 0, 16_000],
    [12, 0, 300_000],
    [12, 0.999999, 600_000],
  ])('after %d failed attempts with jitter %d waits %d ms', (attempts, random, delay) => {
    expect(retryDelayMs(attempts, null, DEFAULT_RETRY_POLICY, () => random)).toBe(delay);
  });

  it('takes Retry-After over backoff, capped at an hour', () => {
    expect(retryDelayMs(3, 90_000, DEFAULT_RETRY_POLICY, () => 0)).toBe(90_000);
    expect(retryDelayMs(3, 86_400_000, DEFAULT_RETRY_POLICY, () => 0)).toBe(3_600_000);
  });

  it.each([
    ['120', 120_000],
    ['Sat, 14 Mar 2026 14:02:00 GMT', 120_000],
    ['Sat, 14 Mar 2026 13:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('reads Retry-After %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, T0)).toBe(expected);
  });
});
