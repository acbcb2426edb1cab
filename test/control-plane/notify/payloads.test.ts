import { describe, expect, it } from 'vitest';
import type { NotifiableAlert } from '../../../control-plane/alerts/model.ts';
import { checkNotificationsConfig, type ReceiverConfig } from '../../../control-plane/notify/config.ts';
import { buildAlertmanagerPayload } from '../../../control-plane/notify/payloads/alertmanager.ts';
import { localTime } from '../../../control-plane/notify/payloads/chat-text.ts';
import type { Notification } from '../../../control-plane/notify/payloads/common.ts';
import { buildDingTalkPayload, dingTalkSign, signedDingTalkUrl } from '../../../control-plane/notify/payloads/dingtalk.ts';
import { buildFeishuPayload, feishuSign } from '../../../control-plane/notify/payloads/feishu.ts';
import { receiverKind } from '../../../control-plane/notify/payloads/index.ts';
import { buildWebhookPayload } from '../../../control-plane/notify/payloads/webhook.ts';
import { buildWeComPayload, WECOM_MARKDOWN_MAX_BYTES } from '../../../control-plane/notify/payloads/wecom.ts';
import { alert, HOUR, MINUTE, resolved, T0 } from './helpers.ts';

const receivers = checkNotificationsConfig({
  receivers: [
    { name: 'ops-webhook', kind: 'webhook', url: 'https://hooks.example.com/tideway' },
    { name: 'central-am', kind: 'alertmanager', url: 'http://127.0.0.1:9093', resendIntervalMs: 60_000 },
    { name: 'ops-dingtalk', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=tok', secret: 'SEC0123456789abcdef' },
    { name: 'ops-wecom', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', language: 'en' },
    { name: 'ops-feishu', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/h', secret: 'feishu-secret-42' },
  ],
  route: { receiver: 'ops-webhook' },
}).receivers;
const receiver = (name: string) => receivers.get(name) as ReceiverConfig;

const A = alert('A');
const B = resolved(alert('B', { labels: { host: 'erp-app-02', host_id: 'host_2' }, startsAt: T0 - HOUR }), T0 + 10 * MINUTE);

function notification(alerts: NotifiableAlert[] = [A, B]): Notification {
  return {
    receiver: 'ops',
    groupKey: '{}:{alertname="DiskFull", tenant="Acme"}',
    groupLabels: { alertname: 'DiskFull', tenant: 'Acme' },
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    flushAt: T0 + 15 * MINUTE,
    idempotencyKey: '0123456789abcdef0123456789abcdef',
    externalUrl: 'https://tideway.example.com',
  };
}

const labelsA = { alertname: 'DiskFull', severity: 'critical', host: 'erp-app-01', host_id: 'host_1', tenant: 'Acme', tenant_id: 'ten_acme' };
const labelsB = { ...labelsA, host: 'erp-app-02', host_id: 'host_2' };
const annotations = { summary: 'Disk / is 95% full' };

describe('webhook payload (Alertmanager webhook v4)', () => {
  it('carries the group and each alert with UTC timestamps and Go zero time for endsAt of firing alerts', () => {
    const payload = buildWebhookPayload(notification(), receiver('ops-webhook'));
    expect(payload).toEqual({
      receiver: 'ops-webhook',
      status: 'firing',
      alerts: [
        { status: 'firing', labels: labelsA, annotations, startsAt: '2026-03-14T14:00:00.000Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'https://tideway.example.com/#/alerts/A', fingerprint: 'A' },
        { status: 'resolved', labels: labelsB, annotations, startsAt: '2026-03-14T13:00:00.000Z', endsAt: '2026-03-14T14:10:00.000Z', generatorURL: 'https://tideway.example.com/#/alerts/B', fingerprint: 'B' },
      ],
      groupLabels: { alertname: 'DiskFull', tenant: 'Acme' },
      commonLabels: { alertname: 'DiskFull', severity: 'critical', tenant: 'Acme', tenant_id: 'ten_acme' },
      commonAnnotations: annotations,
      externalURL: 'https://tideway.example.com',
      version: '4',
      groupKey: '{}:{alertname="DiskFull", tenant="Acme"}',
      truncatedAlerts: 0,
    });
    expect(Object.keys(payload)).toEqual(['receiver', 'status', 'alerts', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'version', 'groupKey', 'truncatedAlerts']);
  });

  it('lists at most maxAlerts and counts the rest in truncatedAlerts', () => {
    const payload = buildWebhookPayload(notification(), { ...receiver('ops-webhook'), maxAlerts: 1 });
    expect(payload.alerts.map((a) => a.fingerprint)).toEqual(['A']);
    expect(payload.truncatedAlerts).toBe(1);
    expect(payload.commonLabels).not.toHaveProperty('host');
  });
});

describe('Alertmanager payload (POST /api/v2/alerts)', () => {
  it('keeps a firing alert active three resend intervals and ends a resolved one when it resolved', () => {
    expect(buildAlertmanagerPayload(notification(), receiver('central-am'))).toEqual([
      { labels: labelsA, annotations, startsAt: '2026-03-14T14:00:00.000Z', endsAt: '2026-03-14T14:18:00.000Z', generatorURL: 'https://tideway.example.com/#/alerts/A' },
      { labels: labelsB, annotations, startsAt: '2026-03-14T13:00:00.000Z', endsAt: '2026-03-14T14:10:00.000Z', generatorURL: 'https://tideway.example.com/#/alerts/B' },
    ]);
  });

  it('maps names Alertmanager would refuse and drops empty label values', () => {
    const odd = alert('C', { labels: { 'kube-namespace': 'erp', '9lives': 'x', team: '' }, annotations: { 'runbook.url': 'https://wiki/rb' } });
    const [posted] = buildAlertmanagerPayload(notification([odd]), receiver('central-am'));
    expect(posted.labels).toMatchObject({ kube_namespace: 'erp', _9lives: 'x' });
    expect(posted.labels).not.toHaveProperty('team');
    expect(posted.annotations).toEqual({ runbook_url: 'https://wiki/rb' });
  });

  it('posts to /api/v2/alerts under the configured base URL', () => {
    expect(receiverKind('alertmanager').request(receiver('central-am'), '[]', T0).url).toBe('http://127.0.0.1:9093/api/v2/alerts');
  });
});

describe('DingTalk payload', () => {
  it('is a markdown message with one block per alert and times in Shanghai', () => {
    expect(buildDingTalkPayload(notification(), receiver('ops-dingtalk'))).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '[告警:1] DiskFull Acme',
        text: [
          '### [告警:1] DiskFull Acme',
          '',
          '**DiskFull** [critical] erp-app-01 · Acme  ',
          'Disk / is 95% full  ',
          '开始 2026-03-14 22:00:00 GMT+8  ',
          '[详情](https://tideway.example.com/#/alerts/A)',
          '',
          '**DiskFull** [critical] erp-app-02 · Acme · 已恢复  ',
          'Disk / is 95% full  ',
          '开始 2026-03-14 21:00:00 GMT+8 · 恢复 2026-03-14 22:10:00 GMT+8  ',
          '[详情](https://tideway.example.com/#/alerts/B)',
          '',
          'Tideway · ref 0123456789ab',
        ].join('\n'),
      },
    });
  });

  it('signs as documented: base64 HMAC-SHA256 keyed by the secret over timestamp, newline, secret', () => {
    // Computed independently with Python: base64(hmac.new(secret, f"{ts}\n{secret}", sha256)).
    expect(dingTalkSign('SEC0123456789abcdef', 1773496800000)).toBe('ABnRc1K4UxGoq2Izq9yCxWDWEThJz/W/WX/PoU9uC/o=');
    expect(signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=tok', 'SEC0123456789abcdef', 1773496800000)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=1773496800000&sign=ABnRc1K4UxGoq2Izq9yCxWDWEThJz%2FW%2FWX%2FPoU9uC%2Fo%3D',
    );
  });

  it('signs when the request is sent, leaving the stored body alone', () => {
    const request = receiverKind('dingtalk').request(receiver('ops-dingtalk'), '{"msgtype":"markdown"}', T0);
    expect(new URL(request.url).searchParams.get('timestamp')).toBe(String(T0));
    expect(request.body).toBe('{"msgtype":"markdown"}');
  });
});

describe('WeCom payload', () => {
  it('is markdown with WeCom colours, in English when the receiver asks', () => {
    expect(buildWeComPayload(notification(), receiver('ops-wecom'))).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: [
          '### [FIRING:1] DiskFull Acme',
          '',
          '**DiskFull** <font color="warning">critical</font> erp-app-01 · Acme',
          'Disk / is 95% full',
          'Started 2026-03-14 22:00:00 GMT+8',
          '[Details](https://tideway.example.com/#/alerts/A)',
          '',
          '**DiskFull** <font color="info">critical</font> erp-app-02 · Acme · RESOLVED',
          'Disk / is 95% full',
          'Started 2026-03-14 21:00:00 GMT+8 · Resolved 2026-03-14 22:10:00 GMT+8',
          '[Details](https://tideway.example.com/#/alerts/B)',
          '',
          'Tideway · ref 0123456789ab',
        ].join('\n'),
      },
    });
  });

  it('stays within 4096 bytes and says how many alerts it left out', () => {
    const many = Array.from({ length: 200 }, (_, i) => alert(`fp-${String(i).padStart(3, '0')}`, { annotations: { summary: '磁盘使用率超过百分之九十五，请尽快清理日志文件' } }));
    const { content } = buildWeComPayload(notification(many), receiver('ops-wecom')).markdown;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    const listed = content.split('[Details](').length - 1;
    expect(listed).toBeGreaterThan(5);
    expect(content).toContain(`${200 - listed} more alerts not listed`);
    expect(content.endsWith('Tideway · ref 0123456789ab')).toBe(true);
  });
});

describe('Feishu payload', () => {
  it('is an interactive card, red for a critical alert, with the alerts as markdown', () => {
    expect(buildFeishuPayload(notification(), receiver('ops-feishu'))).toEqual({
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: '[告警:1] DiskFull Acme' }, template: 'red' },
        elements: [
          {
            tag: 'markdown',
            content: [
              '**DiskFull** [critical] erp-app-01 · Acme',
              'Disk / is 95% full',
              '开始 2026-03-14 22:00:00 GMT+8',
              '[详情](https://tideway.example.com/#/alerts/A)',
              '',
              '**DiskFull** [critical] erp-app-02 · Acme · 已恢复',
              'Disk / is 95% full',
              '开始 2026-03-14 21:00:00 GMT+8 · 恢复 2026-03-14 22:10:00 GMT+8',
              '[详情](https://tideway.example.com/#/alerts/B)',
              '',
              'Tideway · ref 0123456789ab',
            ].join('\n'),
          },
        ],
      },
    });
  });

  it('turns green when everything in it resolved', () => {
    expect(buildFeishuPayload(notification([B]), receiver('ops-feishu')).card.header).toEqual({ title: { tag: 'plain_text', content: '[已恢复] DiskFull Acme' }, template: 'green' });
  });

  it('signs as documented: HMAC-SHA256 keyed by timestamp, newline, secret over an empty message', () => {
    // Computed independently with Python: base64(hmac.new(f"{ts}\n{secret}", b"", sha256)).
    expect(feishuSign('feishu-secret-42', 1773496800)).toBe('TvbuQCGBvsKseGTbxAwEYsmvRsOu4t3qNQJWfft5ofs=');
  });

  it('adds timestamp (seconds) and sign to the body when the request is sent', () => {
    const request = receiverKind('feishu').request(receiver('ops-feishu'), '{"msg_type":"interactive","card":{}}', T0 + 999);
    expect(JSON.parse(request.body)).toEqual({ timestamp: '1773496800', sign: 'TvbuQCGBvsKseGTbxAwEYsmvRsOu4t3qNQJWfft5ofs=', msg_type: 'interactive', card: {} });
  });
});

describe('times in messages', () => {
  it.each([
    ['Asia/Shanghai', '2026-03-14 22:00:00 GMT+8'],
    ['Europe/Berlin', '2026-03-14 15:00:00 GMT+1'],
    ['America/New_York', '2026-03-14 10:00:00 GMT-4'],
    ['Not/AZone', '2026-03-14 22:00:00 GMT+8'],
  ])('shows an instant on the wall clock of %s whatever the process zone', (zone, expected) => {
    expect(localTime(T0, zone)).toBe(expected);
  });

  it("uses the tenant's zone when the alert's labels carry one", () => {
    const berlin = alert('A', { labels: { tenant_tz: 'Europe/Berlin' } });
    expect(buildDingTalkPayload(notification([berlin]), receiver('ops-dingtalk')).markdown.text).toContain('开始 2026-03-14 15:00:00 GMT+1');
  });
});
