import { describe, expect, it } from 'vitest';
import type { NotifiableAlert } from '../../../control-plane/alerts/model.ts';
import { checkNotificationsConfig, type NotificationsConfig } from '../../../control-plane/notify/config.ts';
import { createDispatcher, type NotificationDispatcher } from '../../../control-plane/notify/dispatcher.ts';
import { sqliteNotificationStore } from '../../../control-plane/notify/store.ts';
import { alert, captureLog, HOUR, MINUTE, oneReceiverConfig, resolved, SECOND, startReceiver, T0, useNotifyFixture } from './helpers.ts';

const fx = useNotifyFixture();

function dispatcherFor(config: NotificationsConfig, log = captureLog()): NotificationDispatcher {
  return createDispatcher({ db: fx.db, config, clock: () => T0, log, externalUrl: 'https://tideway.example.com', delivery: { random: () => 0 } });
}

const webhook = () => oneReceiverConfig('webhook', `${fx.receiver.url}/hook`);

/** What each request delivered, as `fingerprint:status` lists. */
const delivered = () =>
  fx.receiver.requests.map((request) => (JSON.parse(request.body) as { alerts: Array<{ fingerprint: string; status: string }> }).alerts.map((a) => `${a.fingerprint}:${a.status}`));

async function at(dispatcher: NotificationDispatcher, now: number, changes: NotifiableAlert[] = []): Promise<void> {
  if (changes.length > 0) dispatcher.update(changes, now);
  dispatcher.tick(now);
  await dispatcher.deliverDue(now);
}

const suppressed = (a: NotifiableAlert): NotifiableAlert => ({ ...a, mutedBy: ['suppressed'] });

describe('notification dispatcher', () => {
  it('sends the first notification of a group after group_wait as Alertmanager webhook JSON with the key header', async () => {
    const dispatcher = dispatcherFor(webhook());
    await at(dispatcher, T0, [alert('A')]);
    await at(dispatcher, T0 + 29 * SECOND);
    expect(fx.receiver.requests).toHaveLength(0);
    await at(dispatcher, T0 + 30 * SECOND);
    expect(delivered()).toEqual([['A:firing']]);
    const [request] = fx.receiver.requests;
    expect(request.url).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(request.body)).toMatchObject({ version: '4', receiver: 'ops', groupKey: '{}:{alertname="DiskFull", tenant="Acme"}', status: 'firing' });
  });

  it('sends custom headers the receiver is configured with', async () => {
    const dispatcher = dispatcherFor(oneReceiverConfig('webhook', fx.receiver.url, { headers: { Authorization: 'Bearer hook-token' } }, { group_wait: '0s' }));
    await at(dispatcher, T0, [alert('A')]);
    expect(fx.receiver.requests[0].headers.authorization).toBe('Bearer hook-token');
  });

  it('notifies a maintenance window as the lifecycle rules say', async () => {
    const dispatcher = dispatcherFor(webhook());
    const known = alert('KNOWN', { startsAt: T0 });
    await at(dispatcher, T0, [known]);
    await at(dispatcher, T0 + 30 * SECOND);
    // The window opens: the old problem and two new ones are suppressed, one of them resolves.
    const during = alert('DURING', { startsAt: T0 + HOUR });
    const blip = alert('BLIP', { startsAt: T0 + HOUR });
    await at(dispatcher, T0 + HOUR, [suppressed(known), suppressed(during), suppressed(blip)]);
    await at(dispatcher, T0 + HOUR + 10 * MINUTE, [suppressed(resolved(blip, T0 + HOUR + 10 * MINUTE))]);
    await at(dispatcher, T0 + 2 * HOUR);
    expect(delivered()).toEqual([['KNOWN:firing']]);
    // The window closes: what still fires is unmuted; only the problem that began inside it is news.
    await at(dispatcher, T0 + 3 * HOUR, [known, during]);
    await at(dispatcher, T0 + 3 * HOUR + 10 * MINUTE);
    expect(delivered()).toEqual([['KNOWN:firing'], ['DURING:firing', 'KNOWN:firing']]);
  });

  it('notifies nothing twice after a restart, and keeps the repeat schedule it had', async () => {
    const first = dispatcherFor(webhook());
    await at(first, T0, [alert('A')]);
    await at(first, T0 + 30 * SECOND);
    fx.crashAndReopen();
    const second = dispatcherFor(webhook());
    // The engine hands every firing alert over again at start-up.
    await at(second, T0 + HOUR, [alert('A')]);
    await at(second, T0 + 2 * HOUR);
    expect(delivered()).toEqual([['A:firing']]);
    await at(second, T0 + 4 * HOUR + 30 * SECOND);
    expect(delivered()).toEqual([['A:firing'], ['A:firing']]);
  });

  it('says which alerts receivers believe fire, so a resolve missed during a restart is still sent', async () => {
    const first = dispatcherFor(webhook());
    await at(first, T0, [alert('A')]);
    await at(first, T0 + 30 * SECOND);
    const second = dispatcherFor(webhook());
    expect(second.notifiedFiring()).toEqual(['A']);
    await at(second, T0 + HOUR, [resolved(alert('A'), T0 + 50 * MINUTE)]);
    expect(delivered()).toEqual([['A:firing'], ['A:resolved']]);
    expect(second.notifiedFiring()).toEqual([]);
  });

  it('stops repeating once the alert is acknowledged', async () => {
    const dispatcher = dispatcherFor(webhook());
    await at(dispatcher, T0, [alert('A')]);
    await at(dispatcher, T0 + 30 * SECOND);
    await at(dispatcher, T0 + HOUR, [alert('A', { acknowledged: true })]);
    await at(dispatcher, T0 + 9 * HOUR);
    expect(delivered()).toEqual([['A:firing']]);
  });

  it('sends to every route an alert continues through, each with its own group', async () => {
    const other = await startReceiver();
    try {
      const config = checkNotificationsConfig({
        receivers: [
          { name: 'chat', kind: 'webhook', url: `${fx.receiver.url}/chat` },
          { name: 'pager', kind: 'webhook', url: `${other.url}/pager` },
        ],
        route: { receiver: 'chat', group_wait: '0s', routes: [{ matchers: ['severity="critical"'], receiver: 'pager', continue: true }, { matchers: ['tenant_id="ten_acme"'], receiver: 'chat' }] },
      });
      const dispatcher = dispatcherFor(config);
      await at(dispatcher, T0, [alert('A')]);
      expect([fx.receiver.requests.length, other.requests.length]).toEqual([1, 1]);
      expect(JSON.parse(other.requests[0].body).groupKey).toBe('{}/0{severity="critical"}:{alertname="DiskFull", tenant="Acme"}');
    } finally {
      await other.close();
    }
  });

  it('moves an alert whose labels changed to its new group and lets the old group go', async () => {
    const config = checkNotificationsConfig({
      receivers: [{ name: 'ops', kind: 'webhook', url: `${fx.receiver.url}/hook` }],
      route: { receiver: 'ops', group_by: ['alertname', 'severity'], group_wait: '0s' },
    });
    const dispatcher = dispatcherFor(config);
    await at(dispatcher, T0, [alert('A', { labels: { severity: 'warning' } })]);
    await at(dispatcher, T0 + MINUTE, [alert('A', { labels: { severity: 'critical' } })]);
    expect(fx.receiver.requests.map((request) => JSON.parse(request.body).groupLabels.severity)).toEqual(['warning', 'critical']);
    expect(fx.db.prepare('SELECT group_key FROM notification_groups').pluck().all()).toEqual(['{}:{alertname="DiskFull", severity="critical"}']);
  });

  it('posts firing alerts to Alertmanager again every resend interval, even when acknowledged', async () => {
    const dispatcher = dispatcherFor(oneReceiverConfig('alertmanager', fx.receiver.url, { resendIntervalMs: 60_000 }, { group_wait: '0s' }));
    await at(dispatcher, T0, [alert('A')]);
    await at(dispatcher, T0 + 30 * SECOND, [alert('A', { acknowledged: true })]);
    await at(dispatcher, T0 + 60 * SECOND);
    await at(dispatcher, T0 + 120 * SECOND);
    expect(fx.receiver.requests.map((request) => [request.url, JSON.parse(request.body)[0].endsAt])).toEqual([
      ['/api/v2/alerts', '2026-03-14T14:03:00.000Z'],
      ['/api/v2/alerts', '2026-03-14T14:04:00.000Z'],
      ['/api/v2/alerts', '2026-03-14T14:05:00.000Z'],
    ]);
  });

  it('prunes finished outbox rows and idle group state after the retention period', async () => {
    const dispatcher = dispatcherFor(oneReceiverConfig('webhook', fx.receiver.url, {}, { group_wait: '0s', group_interval: '0s' }));
    await at(dispatcher, T0, [alert('A')]);
    await at(dispatcher, T0 + MINUTE, [resolved(alert('A'), T0 + MINUTE)]);
    expect(sqliteNotificationStore(fx.db).list('sent', 10)).toHaveLength(2);
    dispatcher.tick(T0 + 8 * 24 * HOUR);
    expect(sqliteNotificationStore(fx.db).list(null, 10)).toHaveLength(0);
  });
});

describe('secrets in logs', () => {
  const signOf = {
    dingtalk: (request: { url: string }) => new URL(request.url, 'http://x').searchParams.get('sign')!,
    feishu: (request: { body: string }) => (JSON.parse(request.body) as { sign: string }).sign,
  };

  it.each([
    ['dingtalk', '/robot/send?access_token=tok3n-abcdef123456', 'access_token=***'],
    ['feishu', '/open-apis/bot/v2/hook/tok3n-abcdef123456', '/hook/***'],
  ] as const)('never writes a %s token, signing secret or signature to the log or the outbox', async (kind, path, masked) => {
    const token = 'tok3n-abcdef123456';
    const secret = 'SECsupersecret0123456789';
    // The robot fails and echoes the whole request (token and signature included) in its error.
    fx.receiver.reply((request) => ({ status: 500, body: `cannot handle ${request.url} ${request.body}` }));
    const log = captureLog();
    const dispatcher = dispatcherFor(oneReceiverConfig(kind, `${fx.receiver.url}${path}`, { secret }, { group_wait: '0s' }), log);
    await at(dispatcher, T0, [alert('A')]);
    await at(dispatcher, T0 + HOUR);
    const sign = signOf[kind](fx.receiver.requests[0]);
    expect(`${fx.receiver.requests[0].url} ${fx.receiver.requests[0].body}`).toContain(token);
    const written = [...log.lines, ...sqliteNotificationStore(fx.db).list(null, 10).map((row) => `${row.url} ${row.lastError}`)].join('\n');
    for (const leaked of [token, secret, sign, encodeURIComponent(sign)]) expect(written).not.toContain(leaked);
    expect(written).toContain(masked);
    expect(written).toContain('HTTP 500: cannot handle');
    expect(written).toContain('notification sent');
  });

  it('never writes a token when the robot cannot be reached', async () => {
    const closed = await startReceiver();
    await closed.close();
    const log = captureLog();
    const dispatcher = dispatcherFor(oneReceiverConfig('wecom', `${closed.url}/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0`, {}, { group_wait: '0s' }), log);
    await at(dispatcher, T0, [alert('A')]);
    expect(log.lines.join('\n')).toContain('will retry');
    expect(log.lines.join('\n')).not.toContain('693a91f6-7xxx-4bc4-97a0');
  });
});
