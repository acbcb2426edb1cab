/**
 * Feishu group robot (自定义机器人): an interactive card with a coloured header and one markdown
 * element. With signature verification (签名校验) on, the body carries `timestamp` (seconds)
 * and `sign` = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")); note the key
 * is the string to sign and the message is empty, unlike DingTalk. Valid for an hour, so it is
 * added when the request is sent. The guide caps a request body at 20 KB.
 * Docs: https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
import { createHmac } from 'node:crypto';
import type { ReceiverConfig } from '../config.ts';
import { chatBody, chatTitle } from './chat-text.ts';
import type { Notification } from './common.ts';
import { vendorVerdict } from './vendor-reply.ts';

/** The interactive card message Feishu takes. */
export interface FeishuPayload {
  msg_type: 'interactive';
  card: {
    config: { wide_screen_mode: true };
    header: { title: { tag: 'plain_text'; content: string }; template: 'red' | 'orange' | 'green' };
    elements: Array<{ tag: 'markdown'; content: string }>;
  };
}

// Leaves room under the 20 KB body limit for the card's JSON around the text.
const BUDGET_BYTES = 16_000;

/** Builds the Feishu card; pure. */
export function buildFeishuPayload(notification: Notification, receiver: ReceiverConfig): FeishuPayload {
  const critical = notification.alerts.some((alert) => alert.status === 'firing' && alert.labels.severity === 'critical');
  const template = notification.status === 'resolved' ? 'green' : critical ? 'red' : 'orange';
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: chatTitle(notification, receiver.language) }, template },
      elements: [{ tag: 'markdown', content: chatBody(notification, '', receiver.language, 'feishu', BUDGET_BYTES) }],
    },
  };
}

/** Feishu's signature for `timestampSeconds`. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The stored body with `timestamp` and `sign` put first, as the guide shows them. */
export function signedFeishuBody(body: string, secret: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return JSON.stringify({ timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...(JSON.parse(body) as object) });
}

/** Feishu's verdict in a 200 reply: `code` (or the legacy `StatusCode`) 0, or 11232 (rate limit) to retry. */
export const feishuVerdict = (text: string) => vendorVerdict(text, ['code', 'StatusCode'], [11232], 'Feishu');
