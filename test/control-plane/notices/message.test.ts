import { describe, expect, it } from 'vitest';
import { MAX_LISTED_HOSTS, messageLines, noticeMessage } from '../../../control-plane/notices/message.ts';
import type { DueNotice, NoticeKind, NoticeWindow } from '../../../control-plane/notices/model.ts';
import { noticePayload, type NoticeWebhookPayload } from '../../../control-plane/notices/payload.ts';
import { noticeKey } from '../../../control-plane/notices/planner.ts';
import { WECOM_MARKDOWN_MAX_BYTES } from '../../../control-plane/notify/payloads/wecom.ts';
import { batchWindow, DAY, HOUR, T0 } from './helpers.ts';

const notice = (kind: NoticeKind, window: NoticeWindow = batchWindow()): DueNotice => ({ key: noticeKey(window, kind), kind, window, dueAt: T0 - 7 * DAY, covers: [] });
const moved = batchWindow({ startsAt: T0 + 7 * DAY, endsAt: T0 + 7 * DAY + 8 * HOUR, version: 2, previous: { startsAt: T0, endsAt: T0 + 8 * HOUR } });

describe('notice messages', () => {
  it('writes the advance notice in Chinese with the window on the tenant\'s wall clock, the release and the hosts', () => {
    expect(noticeMessage(notice('advance'), 'zh-CN')).toEqual({
      title: '补丁更新窗口预告：星空 multi-tenant standard patch，2026-03-14（周六）22:00',
      lines: [
        ['租户', 'Acme'],
        ['窗口时间', '2026-03-14（周六）22:00 至 2026-03-15（周日）06:00'],
        ['时区', 'Asia/Shanghai (UTC+08:00)'],
        ['发布版本', '2026.03.1 (standard patch)'],
        ['受影响主机（3 台）', 'erp-app-01、erp-app-02、erp-db-01'],
      ],
    });
  });

  it('writes the same notice in English', () => {
    const message = noticeMessage(notice('advance'), 'en');
    expect(message.title).toBe('Upcoming patch window: 星空 multi-tenant standard patch, Sat 2026-03-14 22:00');
    expect(messageLines(message, 'en', false)).toEqual([
      'Tenant: Acme',
      'Window: Sat 2026-03-14 22:00 – Sun 2026-03-15 06:00',
      'Time zone: Asia/Shanghai (UTC+08:00)',
      'Release: 2026.03.1 (standard patch)',
      'Affected hosts (3): erp-app-01, erp-app-02, erp-db-01',
    ]);
  });

  it.each([
    ['day-before', 'zh-CN', '补丁更新窗口提醒：星空 multi-tenant standard patch，2026-03-14（周六）22:00'],
    ['start', 'zh-CN', '补丁更新窗口已开始：星空 multi-tenant standard patch'],
    ['end', 'en', 'Patch window ended: 星空 multi-tenant standard patch'],
    ['cancelled', 'en', 'Patch window cancelled: 星空 multi-tenant standard patch'],
  ] as const)('titles the %s notice (%s)', (kind, language, title) => {
    expect(noticeMessage(notice(kind), language).title).toBe(title);
  });

  it('gives a moved notice both the new and the old time, in both languages', () => {
    expect(noticeMessage(notice('moved', moved), 'en').lines.slice(1, 3)).toEqual([
      ['New time', 'Sat 2026-03-21 22:00 – Sun 2026-03-22 06:00'],
      ['Was', 'Sat 2026-03-14 22:00 – Sun 2026-03-15 06:00'],
    ]);
    expect(noticeMessage(notice('moved', moved), 'zh-CN').lines.slice(1, 3)).toEqual([
      ['新时间', '2026-03-21（周六）22:00 至 2026-03-22（周日）06:00'],
      ['原时间', '2026-03-14（周六）22:00 至 2026-03-15（周日）06:00'],
    ]);
  });

  it('says when a cancelled window was scheduled, and that a release is still to come when none is set', () => {
    const lines = noticeMessage(notice('cancelled', batchWindow({ status: 'cancelled', release: undefined })), 'zh-CN').lines;
    expect(lines[1]).toEqual(['原定时间', '2026-03-14（周六）22:00 至 2026-03-15（周日）06:00']);
    expect(lines[3]).toEqual(['发布版本', '待定']);
  });

  it('shows a New York tenant its own wall clock, with both offsets when the clocks change inside the window', () => {
    const startsAt = Date.parse('2026-03-07T22:00:00-05:00');
    const window = batchWindow({ timeZone: 'America/New_York', startsAt, endsAt: startsAt + 8 * HOUR });
    const lines = noticeMessage(notice('start', window), 'en').lines;
    expect(lines[1]).toEqual(['Window', 'Sat 2026-03-07 22:00 – Sun 2026-03-08 07:00']);
    expect(lines[2]).toEqual(['Time zone', 'America/New_York (UTC-05:00 / UTC-04:00)']);
  });

  it(`lists at most ${MAX_LISTED_HOSTS} hosts and counts the rest`, () => {
    const hostNames = Array.from({ length: 45 }, (_, i) => `host-${String(i).padStart(2, '0')}`);
    const [label, value] = noticeMessage(notice('advance', batchWindow({ hostNames })), 'en').lines[4];
    expect(label).toBe('Affected hosts (45)');
    expect(value.endsWith('host-29 and 15 more')).toBe(true);
    expect(noticeMessage(notice('advance', batchWindow({ hostNames })), 'zh-CN').lines[4][1].endsWith('host-29 等另外 15 台')).toBe(true);
  });
});

describe('notice payloads per contact kind', () => {
  it('sends a webhook the structured notice with ISO instants and the text', () => {
    const body = noticePayload(notice('moved', moved), 'webhook', 'en') as NoticeWebhookPayload;
    expect(body).toMatchObject({
      type: 'tideway.window-notice',
      version: '1',
      kind: 'moved',
      key: noticeKey(moved, 'moved'),
      tenant: { id: 'ten_acme', name: 'Acme' },
      window: { id: 'win_mt_2026_03', version: 2, startsAt: '2026-03-21T14:00:00.000Z', previous: { startsAt: '2026-03-14T14:00:00.000Z', endsAt: '2026-03-14T22:00:00.000Z' } },
      release: { version: '2026.03.1', kind: 'standard patch' },
      hosts: ['erp-app-01', 'erp-app-02', 'erp-db-01'],
    });
    expect(body.text.split('\n')[1]).toBe('New time: Sat 2026-03-21 22:00 – Sun 2026-03-22 06:00');
  });

  it('gives DingTalk markdown with hard line breaks, WeCom markdown and a Feishu card coloured by kind', () => {
    const dingtalk = noticePayload(notice('advance'), 'dingtalk', 'zh-CN') as { msgtype: string; markdown: { title: string; text: string } };
    expect(dingtalk.msgtype).toBe('markdown');
    expect(dingtalk.markdown.text.split('  \n')[2]).toBe('**窗口时间**：2026-03-14（周六）22:00 至 2026-03-15（周日）06:00');
    const wecom = noticePayload(notice('advance'), 'wecom', 'zh-CN') as { markdown: { content: string } };
    expect(wecom.markdown.content.split('\n')[0]).toBe('### 补丁更新窗口预告：星空 multi-tenant standard patch，2026-03-14（周六）22:00');
    const card = (kind: NoticeKind) => (noticePayload(notice(kind), 'feishu', 'en') as { card: { header: { template: string } } }).card.header.template;
    expect([card('advance'), card('moved'), card('cancelled'), card('end')]).toEqual(['blue', 'orange', 'red', 'green']);
  });

  it('keeps a WeCom message within its 4096-byte limit however long the host names are', () => {
    const hostNames = Array.from({ length: 30 }, (_, i) => `很长的主机名称-${'甲'.repeat(60)}-${i}`);
    const content = (noticePayload(notice('advance', batchWindow({ hostNames })), 'wecom', 'zh-CN') as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content.endsWith('…')).toBe(true);
  });
});
