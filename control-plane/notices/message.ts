/**
 * The words of a window notice, in Chinese or English: a title and labelled lines (tenant,
 * window time on the tenant's wall clock with weekday and UTC offset, the release, the hosts).
 * Pure, and independent of the process time zone.
 */
import { formatLocalDate, isoWeekday, pad2 } from '../../schedules/local-date.ts';
import { formatOffset, instantToLocal } from '../../schedules/zone-clock.ts';
import type { ContactLanguage } from '../store/notice-types.ts';
import type { DueNotice, NoticeKind, NoticeWindow } from './model.ts';
import { noticeZone } from './planner.ts';

/** A notice as words: `lines` are label and value pairs, rendered per channel. */
export interface NoticeMessage {
  title: string;
  lines: ReadonlyArray<readonly [label: string, value: string]>;
}

/** Hosts named in a message at most; the rest are counted. */
export const MAX_LISTED_HOSTS = 30;

interface Words {
  titles: Record<NoticeKind, (track: string, start: string) => string>;
  tenant: string;
  window: string;
  newTime: string;
  was: string;
  wasScheduled: string;
  zone: string;
  release: string;
  noRelease: string;
  hosts: (count: number) => string;
  more: (count: number) => string;
  range: (from: string, to: string) => string;
  weekdays: readonly string[];
  day: (date: string, weekday: string, clock: string) => string;
  colon: string;
  listSeparator: string;
}

const WORDS: Record<ContactLanguage, Words> = {
  'zh-CN': {
    titles: {
      advance: (track, start) => `补丁更新窗口预告：${track}，${start}`,
      'day-before': (track, start) => `补丁更新窗口提醒：${track}，${start}`,
      start: (track) => `补丁更新窗口已开始：${track}`,
      end: (track) => `补丁更新窗口已结束：${track}`,
      moved: (track) => `补丁更新窗口已调整：${track}`,
      cancelled: (track) => `补丁更新窗口已取消：${track}`,
    },
    tenant: '租户',
    window: '窗口时间',
    newTime: '新时间',
    was: '原时间',
    wasScheduled: '原定时间',
    zone: '时区',
    release: '发布版本',
    noRelease: '待定',
    hosts: (count) => `受影响主机（${count} 台）`,
    more: (count) => `等另外 ${count} 台`,
    range: (from, to) => `${from} 至 ${to}`,
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    day: (date, weekday, clock) => `${date}（${weekday}）${clock}`,
    colon: '：',
    listSeparator: '、',
  },
  en: {
    titles: {
      advance: (track, start) => `Upcoming patch window: ${track}, ${start}`,
      'day-before': (track, start) => `Patch window reminder: ${track}, ${start}`,
      start: (track) => `Patch window started: ${track}`,
      end: (track) => `Patch window ended: ${track}`,
      moved: (track) => `Patch window moved: ${track}`,
      cancelled: (track) => `Patch window cancelled: ${track}`,
    },
    tenant: 'Tenant',
    window: 'Window',
    newTime: 'New time',
    was: 'Was',
    wasScheduled: 'Was scheduled',
    zone: 'Time zone',
    release: 'Release',
    noRelease: 'to be announced',
    hosts: (count) => `Affected hosts (${count})`,
    more: (count) => `and ${count} more`,
    range: (from, to) => `${from} – ${to}`,
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    day: (date, weekday, clock) => `${weekday} ${date} ${clock}`,
    colon: ': ',
    listSeparator: ', ',
  },
};

/** `Sat 2026-03-14 22:00` / `2026-03-14（周六）22:00` on the wall clock of `zone`. */
export function localWhen(at: number, zone: string, language: ContactLanguage): string {
  const words = WORDS[language];
  const { day, minuteOfDay } = instantToLocal(at, zone);
  return words.day(formatLocalDate(day), words.weekdays[isoWeekday(day) - 1], `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`);
}

function range(span: { startsAt: number; endsAt: number }, zone: string, language: ContactLanguage): string {
  return WORDS[language].range(localWhen(span.startsAt, zone, language), localWhen(span.endsAt, zone, language));
}

/** `Asia/Shanghai (UTC+08:00)`; both offsets when daylight saving changes inside the window. */
function zoneLabel(window: NoticeWindow, zone: string): string {
  const offsets = [...new Set([window.startsAt, window.endsAt].map((at) => `UTC${formatOffset(instantToLocal(at, zone).offset)}`))];
  return `${zone} (${offsets.join(' / ')})`;
}

function hostList(names: readonly string[], words: Words): string {
  const sorted = [...names].sort();
  const listed = sorted.slice(0, MAX_LISTED_HOSTS).join(words.listSeparator);
  return sorted.length > MAX_LISTED_HOSTS ? `${listed} ${words.more(sorted.length - MAX_LISTED_HOSTS)}` : listed;
}

function timeLines(notice: DueNotice, zone: string, language: ContactLanguage): Array<[string, string]> {
  const { window } = notice;
  const words = WORDS[language];
  if (notice.kind === 'cancelled') return [[words.wasScheduled, range(window, zone, language)]];
  if (notice.kind !== 'moved') return [[words.window, range(window, zone, language)]];
  const lines: Array<[string, string]> = [[words.newTime, range(window, zone, language)]];
  if (window.previous) lines.push([words.was, range(window.previous, zone, language)]);
  return lines;
}

/** The message of `notice` in `language`. */
export function noticeMessage(notice: DueNotice, language: ContactLanguage): NoticeMessage {
  const { window } = notice;
  const words = WORDS[language];
  const zone = noticeZone(window);
  const release = window.release ? `${window.release.version} (${window.release.kind})` : words.noRelease;
  return {
    title: words.titles[notice.kind](window.trackName, localWhen(window.startsAt, zone, language)),
    lines: [
      [words.tenant, window.tenantName],
      ...timeLines(notice, zone, language),
      [words.zone, zoneLabel(window, zone)],
      [words.release, release],
      [words.hosts(window.hostNames.length), hostList(window.hostNames, words)],
    ],
  };
}

/** The lines as text: `**label**: value` for markdown, `label: value` for plain text. */
export function messageLines(message: NoticeMessage, language: ContactLanguage, markdown: boolean): string[] {
  const colon = WORDS[language].colon;
  return message.lines.map(([label, value]) => (markdown ? `**${label}**${colon}${value}` : `${label}${colon}${value}`));
}
