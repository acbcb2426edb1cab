/**
 * The body a notice is sent with, per contact kind: JSON with every field for a webhook, the
 * markdown message each group robot takes (the same shapes alert notifications use, so the
 * outbox's senders sign and read replies for them unchanged). Pure.
 */
import { clipBytes } from '../notify/payloads/chat-text.ts';
import { WECOM_MARKDOWN_MAX_BYTES } from '../notify/payloads/wecom.ts';
import type { ContactKind, ContactLanguage } from '../store/notice-types.ts';
import { messageLines, noticeMessage } from './message.ts';
import type { DueNotice } from './model.ts';

/** What the webhook JSON of a notice says (`type` tells it from alert notifications). */
export interface NoticeWebhookPayload {
  type: 'tideway.window-notice';
  version: '1';
  key: string;
  kind: DueNotice['kind'];
  language: ContactLanguage;
  title: string;
  text: string;
  tenant: { id: string; name: string };
  window: {
    id: string;
    trackId: string;
    trackName: string;
    status: DueNotice['window']['status'];
    version: number;
    startsAt: string;
    endsAt: string;
    timeZone: string;
    previous: { startsAt: string; endsAt: string } | null;
  };
  release: { version: string; kind: string } | null;
  hosts: string[];
}

// Robots cut or refuse long messages; these leave room for the JSON around the text.
const DINGTALK_BUDGET_BYTES = 16_000;
const FEISHU_BUDGET_BYTES = 16_000;

const iso = (at: number) => new Date(at).toISOString();

function webhookPayload(notice: DueNotice, language: ContactLanguage): NoticeWebhookPayload {
  const { window } = notice;
  const message = noticeMessage(notice, language);
  return {
    type: 'tideway.window-notice',
    version: '1',
    key: notice.key,
    kind: notice.kind,
    language,
    title: message.title,
    text: messageLines(message, language, false).join('\n'),
    tenant: { id: window.tenantId, name: window.tenantName },
    window: {
      id: window.windowId,
      trackId: window.trackId,
      trackName: window.trackName,
      status: window.status,
      version: window.version,
      startsAt: iso(window.startsAt),
      endsAt: iso(window.endsAt),
      timeZone: window.timeZone,
      previous: window.previous ? { startsAt: iso(window.previous.startsAt), endsAt: iso(window.previous.endsAt) } : null,
    },
    release: window.release ? { ...window.release } : null,
    hosts: [...window.hostNames].sort(),
  };
}

const HEADER_COLOURS = { moved: 'orange', cancelled: 'red', end: 'green' } as const;

/** The body of `notice` for a contact of `kind` writing in `language`. */
export function noticePayload(notice: DueNotice, kind: ContactKind, language: ContactLanguage): unknown {
  if (kind === 'webhook') return webhookPayload(notice, language);
  const message = noticeMessage(notice, language);
  const lines = messageLines(message, language, true);
  if (kind === 'dingtalk') {
    // DingTalk starts a new line only after a hard break (two spaces).
    return { msgtype: 'markdown', markdown: { title: message.title, text: clipBytes([`### ${message.title}`, ...lines].join('  \n'), DINGTALK_BUDGET_BYTES) } };
  }
  if (kind === 'wecom') return { msgtype: 'markdown', markdown: { content: clipBytes([`### ${message.title}`, ...lines].join('\n'), WECOM_MARKDOWN_MAX_BYTES) } };
  const template = HEADER_COLOURS[notice.kind as keyof typeof HEADER_COLOURS] ?? 'blue';
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: message.title }, template },
      elements: [{ tag: 'markdown', content: clipBytes(lines.join('\n'), FEISHU_BUDGET_BYTES) }],
    },
  };
}
