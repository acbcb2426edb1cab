/**
 * WeCom group robot (企业微信群机器人): a markdown message whose `content` may hold at most 4096
 * bytes of UTF-8; longer text is refused (errcode 40058), so alerts that do not fit are counted
 * instead of listed. WeCom robots have no signing; the `key` in the URL is the credential.
 * Docs: https://developer.work.weixin.qq.com/document/path/91770
 */
import type { ReceiverConfig } from '../config.ts';
import { chatBody, chatTitle } from './chat-text.ts';
import type { Notification } from './common.ts';
import { vendorVerdict } from './vendor-reply.ts';

/** The markdown message WeCom takes. */
export interface WeComPayload {
  msgtype: 'markdown';
  markdown: { content: string };
}

/** WeCom's documented limit for markdown `content`, in bytes. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/** Builds the WeCom markdown message; pure. */
export function buildWeComPayload(notification: Notification, receiver: ReceiverConfig): WeComPayload {
  const title = chatTitle(notification, receiver.language);
  return { msgtype: 'markdown', markdown: { content: chatBody(notification, `### ${title}`, receiver.language, 'wecom', WECOM_MARKDOWN_MAX_BYTES) } };
}

/** WeCom's verdict in a 200 reply: `errcode` 0, or -1 (busy) and 45009 (rate limit) to retry. */
export const weComVerdict = (text: string) => vendorVerdict(text, ['errcode'], [-1, 45009], 'WeCom');
