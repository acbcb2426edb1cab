import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkNotificationsConfig, NotificationsConfigError, parseRouteDuration, parseNotificationsConfig } from '../../../control-plane/notify/config.ts';
import { redactText, redactUrl } from '../../../control-plane/notify/redact.ts';

const example = readFileSync(new URL('../../../control-plane/notify/notifications.example.yaml', import.meta.url), 'utf8');

function problemsOf(raw: unknown): string[] {
  try {
    checkNotificationsConfig(raw, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(NotificationsConfigError);
    expect((error as NotificationsConfigError).code).toBe('CONFIG_INVALID');
    return (error as NotificationsConfigError).problems;
  }
  throw new Error('the config was accepted');
}

const receiver = { name: 'ops', kind: 'webhook', url: 'https://hooks.example.com/x' };

describe('notifications config', () => {
  it('accepts the documented example and fills in defaults', () => {
    const config = parseNotificationsConfig(example, 'notifications.example.yaml');
    expect([...config.receivers.keys()]).toEqual(['ops-webhook', 'central-alertmanager', 'ops-dingtalk', 'tenant-x-wecom', 'ops-feishu']);
    expect(config.receivers.get('tenant-x-wecom')).toMatchObject({ kind: 'wecom', timeoutMs: 10_000, language: 'zh-CN', headers: {} });
    expect(config.receivers.get('central-alertmanager')?.resendIntervalMs).toBe(60_000);
    expect(config.route).toMatchObject({ id: '{}', receiver: 'ops-webhook', groupBy: ['alertname', 'tenant'], timings: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 } });
    expect(config.route.routes[2].routes[0]).toMatchObject({ receiver: 'ops-feishu', timings: { groupIntervalMs: 600_000 } });
  });

  it('defaults to group_by [alertname, tenant] and 30s / 5m / 4h', () => {
    const config = checkNotificationsConfig({ receivers: [receiver], route: { receiver: 'ops' } });
    expect(config.route).toMatchObject({ groupBy: ['alertname', 'tenant'], timings: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 } });
  });

  it.each([
    ['an unknown field', { receivers: [receiver], route: { receiver: 'ops', groupWait: '30s' } }, 'route.groupWait: is not a known field; remove it or check its spelling'],
    ['an unknown receiver kind', { receivers: [{ ...receiver, kind: 'slack' }], route: { receiver: 'ops' } }, 'receivers[0].kind: must be one of webhook, alertmanager, dingtalk, wecom, feishu (got "slack")'],
    ['a field of another kind', { receivers: [{ ...receiver, secret: 'SECabc' }], route: { receiver: 'ops' } }, 'receivers[0].secret: is not a known field'],
    ['a route to a receiver that does not exist', { receivers: [receiver], route: { receiver: 'ops', routes: [{ receiver: 'pager' }] } }, "route.routes[0].receiver: 'pager' is not a receiver; use one of ops"],
    ['a duration without a unit', { receivers: [receiver], route: { receiver: 'ops', group_wait: '30' } }, "route.group_wait: '30' must be a duration such as 0s, 30s, 5m, 4h or 1h30m"],
    ['a zero repeat_interval', { receivers: [receiver], route: { receiver: 'ops', repeat_interval: '0s' } }, 'route.repeat_interval: must be longer than 0s, e.g. 4h'],
    ['a matcher without an operator', { receivers: [receiver], route: { receiver: 'ops', routes: [{ matchers: ['severity critical'] }] } }, "route.routes[0].matchers[0]: label 'severity' in 'severity critical' must be followed by =, !=, =~ or !~"],
    ['a regex that does not compile', { receivers: [receiver], route: { receiver: 'ops', routes: [{ matchers: ['host=~"erp-("'] }] } }, "route.routes[0].matchers[0]: 'erp-(' is not a valid regular expression"],
    ['two receivers with one name', { receivers: [receiver, receiver], route: { receiver: 'ops' } }, "receivers[1].name: 'ops' is used by an earlier receiver; names must be unique"],
    ['a URL that is not http', { receivers: [{ ...receiver, url: 'ftp://hooks.example.com/x' }], route: { receiver: 'ops' } }, 'receivers[0].url: must start with http:// or https://'],
    ['a group_by name that is not a label name', { receivers: [receiver], route: { receiver: 'ops', group_by: ['tenant-id'] } }, "route.group_by: 'tenant-id' is not a label name"],
    ['a header name with a space', { receivers: [{ ...receiver, headers: { 'X Token': 'v' } }], route: { receiver: 'ops' } }, "receivers[0].headers: 'X Token' is not a header name"],
    ['a missing route', { receivers: [receiver] }, 'route: is required'],
  ])('refuses %s with a message that says how to fix it', (_name, raw, message) => {
    expect(problemsOf(raw).join('\n')).toContain(message);
  });

  it('reads a matcher entry written as an Alertmanager list, braces and all', () => {
    const config = checkNotificationsConfig({ receivers: [receiver], route: { receiver: 'ops', routes: [{ matchers: ['{tenant_id="ten_x", severity=~"critical|warning"}'] }] } });
    expect(config.route.routes[0].matchers).toEqual([
      { name: 'tenant_id', op: '=', value: 'ten_x' },
      { name: 'severity', op: '=~', value: 'critical|warning' },
    ]);
    expect(config.route.routes[0].id).toBe('{}/0{tenant_id="ten_x",severity=~"critical|warning"}');
  });

  it('lists every problem of a file at once', () => {
    const problems = problemsOf({ receivers: [receiver], route: { receiver: 'nobody', group_wait: 'soon', routes: [{ matchers: ['x'] }] } });
    expect(problems).toHaveLength(3);
  });

  it('never repeats a robot URL, secret or header value in its messages', () => {
    const leaky = [
      { name: 'ding', kind: 'dingtalk', url: 'not a url access_token=TOKEN123456', secret: 12345678 },
      { name: 'hook', kind: 'webhook', url: 'https://hooks.example.com/x', headers: { Authorization: 987654321 } },
    ];
    const text = problemsOf({ receivers: leaky, route: { receiver: 'ding' } }).join('\n');
    expect(text).toMatch(/receivers\[0\]\.secret/);
    expect(text).not.toMatch(/12345678|987654321/);
    const urlText = problemsOf({ receivers: [{ name: 'ding', kind: 'dingtalk', url: 'not a url access_token=TOKEN123456' }], route: { receiver: 'ding' } }).join('\n');
    expect(urlText).toContain('receivers[0].url: is not a URL');
    expect(urlText).not.toContain('TOKEN123456');
  });

  it('refuses text that is not YAML, or YAML that is not a mapping', () => {
    expect(() => parseNotificationsConfig('receivers: [', 'bad.yaml')).toThrow('is not valid YAML');
    expect(() => parseNotificationsConfig('- 1', 'list.yaml')).toThrow('must be a mapping with receivers: and route:');
  });

  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1h30m', 5_400_000],
    ['0s', 0],
    ['250ms', 250],
    ['1d', 86_400_000],
    ['', Number.NaN],
    ['5 m', Number.NaN],
    ['-5m', Number.NaN],
  ])('reads the duration %j as %d ms', (text, ms) => {
    expect(parseRouteDuration(text)).toBe(ms);
  });
});

describe('redaction', () => {
  it.each([
    ['https://oapi.dingtalk.com/robot/send?access_token=abc123def456', 'https://oapi.dingtalk.com/robot/send?access_token=***'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/8d3c2f9e-1b2a-4c5d-9e8f-0a1b2c3d4e5f', 'https://open.feishu.cn/open-apis/bot/v2/hook/***'],
    ['http://user:pass@127.0.0.1:9093/api/v2/alerts', 'http://***@127.0.0.1:9093/api/v2/alerts'],
    ['not a url', '***'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('masks a receiver URL, its token, secret and header values wherever they appear in text', () => {
    const receiver = { url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123def456', secret: 'SECsecret-value', headers: { Authorization: 'Bearer hdr-token-1' } };
    const text = `POST ${receiver.url} failed; token abc123def456 secret SECsecret-value auth Bearer hdr-token-1 encoded ${encodeURIComponent('SECsecret-value')}`;
    const out = redactText(text, receiver);
    expect(out).not.toMatch(/abc123def456|SECsecret-value|hdr-token-1/);
    expect(out).toContain('https://oapi.dingtalk.com/robot/send?access_token=***');
  });
});
