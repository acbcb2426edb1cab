/**
 * The text of group-robot messages (DingTalk, WeCom, Feishu): a title and one markdown block
 * per alert, times shown on the wall clock of the tenant's zone (label `tenant_tz`, default
 * Asia/Shanghai), cut to fit a byte budget with a line saying how many alerts were left out.
 */
import type { NotifiableAlert } from '../../alerts/model.ts';
import type { MessageLanguage } from '../config.ts';
import { alertUrl, firingCount, resolvedAt, type Notification } from './common.ts';

const DEFAULT_ZONE = 'Asia/Shanghai';
const MAX_ANNOTATION_CHARS = 300;

const WORDS = {
  'zh-CN': { firing: '告警', resolved: '已恢复', started: '开始', ended: '恢复', acknowledged: '已确认', details: '详情', more: (n: number) => `另有 ${n} 条告警未列出` },
  en: { firing: 'FIRING', resolved: 'RESOLVED', started: 'Started', ended: 'Resolved', acknowledged: 'acknowledged', details: 'Details', more: (n: number) => `${n} more alerts not listed` },
} as const;

/**
 * Each robot's markdown dialect: DingTalk needs a hard break (two spaces) to start a new line,
 * WeCom and Feishu take a bare newline; WeCom colours text with `<font color>`.
 */
export type ChatStyle = 'dingtalk' | 'wecom' | 'feishu';

const zoneChecked = new Map<string, boolean>();

function validZone(zone: string): boolean {
  let ok = zoneChecked.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneChecked.set(zone, ok);
  }
  return ok;
}

/** `2026-03-14 22:05:00 GMT+8`: the wall clock of `zone` at `at`, whatever the process zone. */
export function localTime(at: number, zone = DEFAULT_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: validZone(zone) ? zone : DEFAULT_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

/** `[FIRING:2] DiskFull Acme` / `[告警:2] DiskFull Acme`. */
export function chatTitle(notification: Notification, language: MessageLanguage): string {
  const words = WORDS[language];
  const firing = firingCount(notification);
  const status = firing > 0 ? `[${words.firing}:${firing}]` : `[${words.resolved}]`;
  const names = Object.keys(notification.groupLabels).sort();
  const values = names.map((name) => notification.groupLabels[name]).join(' ');
  return values ? `${status} ${values}` : status;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function severityMark(alert: NotifiableAlert, style: ChatStyle): string {
  const severity = alert.labels.severity ?? 'unknown';
  if (style !== 'wecom') return `[${severity}]`;
  // WeCom offers three colours: info (green), comment (grey), warning (orange-red).
  const colour = alert.status === 'resolved' ? 'info' : severity === 'info' ? 'comment' : 'warning';
  return `<font color="${colour}">${severity}</font>`;
}

/** One alert as a few markdown lines. */
export function alertBlock(alert: NotifiableAlert, notification: Notification, language: MessageLanguage, style: ChatStyle): string {
  const words = WORDS[language];
  const zone = alert.labels.tenant_tz ?? DEFAULT_ZONE;
  const subject = [alert.labels.host, alert.labels.tenant].filter(Boolean).join(' · ');
  const head = `**${alert.labels.alertname ?? alert.fingerprint}** ${severityMark(alert, style)}${subject ? ` ${subject}` : ''}`;
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const times = [`${words.started} ${localTime(alert.startsAt, zone)}`];
  if (alert.status === 'resolved') times.push(`${words.ended} ${localTime(resolvedAt(alert, notification.flushAt), zone)}`);
  const lines = [
    alert.status === 'resolved' ? `${head} · ${words.resolved}` : alert.acknowledged ? `${head} · ${words.acknowledged}` : head,
    ...(summary ? [clip(summary.replace(/\s*\n\s*/g, ' '), MAX_ANNOTATION_CHARS)] : []),
    times.join(' · '),
    `[${words.details}](${alertUrl(notification.externalUrl, alert.fingerprint)})`,
  ];
  return lines.join(style === 'dingtalk' ? '  \n' : '\n');
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Cuts `text` to at most `budget` UTF-8 bytes without splitting a character. */
export function clipBytes(text: string, budget: number): string {
  if (bytes(text) <= budget) return text;
  let out = '';
  for (const char of text) {
    if (bytes(out) + bytes(char) + bytes('…') > budget) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * The message body: `header`, then alert blocks while they fit in `budget` bytes, a line for
 * the alerts left out, and the reference line (the start of the idempotency key, so a message
 * can be found in the outbox).
 */
export function chatBody(notification: Notification, header: string, language: MessageLanguage, style: ChatStyle, budget: number): string {
  const separator = '\n\n';
  const footer = `Tideway · ref ${notification.idempotencyKey.slice(0, 12)}`;
  const blocks = notification.alerts.map((alert) => alertBlock(alert, notification, language, style));
  const moreLine = (left: number) => (left > 0 ? `${separator}${WORDS[language].more(left)}` : '');
  let body = header;
  let shown = 0;
  for (const block of blocks) {
    const candidate = body ? `${body}${separator}${block}` : block;
    const left = blocks.length - shown - 1;
    if (bytes(`${candidate}${moreLine(left)}${separator}${footer}`) > budget && shown > 0) break;
    body = candidate;
    shown += 1;
  }
  return clipBytes(`${body}${moreLine(blocks.length - shown)}${separator}${footer}`, budget);
}
