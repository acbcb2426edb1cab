/**
 * DingTalk group robot (自定义机器人): a markdown message; with a signing secret (加签) the URL
 * gets `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)),
 * URL-encoded. The signature is only valid for an hour, so it is made when the request is sent,
 * not when the notification is queued.
 * Docs: https://open.dingtalk.com/document/orgapp/custom-robot-access (security settings, 加签)
 * and https://open.dingtalk.com/document/orgapp/robot-message-types-and-data-format (markdown).
 */
import { createHmac } from 'node:crypto';
import type { ReceiverConfig } from '../config.ts';
import { chatBody, chatTitle } from './chat-text.ts';
import type { Notification } from './common.ts';
import { vendorVerdict } from './vendor-reply.ts';

/** The markdown message DingTalk takes. */
export interface DingTalkPayload {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

// Well under what DingTalk accepts; a group chat does not read past a screen or two anyway.
const BUDGET_BYTES = 16_000;

/** Builds the DingTalk markdown message; pure. */
export function buildDingTalkPayload(notification: Notification, receiver: ReceiverConfig): DingTalkPayload {
  const title = chatTitle(notification, receiver.language);
  return { msgtype: 'markdown', markdown: { title, text: chatBody(notification, `### ${title}`, receiver.language, 'dingtalk', BUDGET_BYTES) } };
}

/** DingTalk's signature of `timestampMs` (base64, not yet URL-encoded). */
export function dingTalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot URL with `timestamp` and `sign` added. */
export function signedDingTalkUrl(url: string, secret: string, timestampMs: number): string {
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestampMs));
  signed.searchParams.set('sign', dingTalkSign(secret, timestampMs));
  return signed.toString();
}

/** DingTalk's verdict in a 200 reply: `errcode` 0, or -1 (busy) and 130101 (sending too fast) to retry. */
export const dingTalkVerdict = (text: string) => vendorVerdict(text, ['errcode'], [-1, 130101], 'DingTalk');
