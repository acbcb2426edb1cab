import { describe, expect, it } from 'vitest';
import type { DueNotice, NoticeWindow } from '../../../control-plane/notices/model.ts';
import { daysBefore, noticeKey, planNotices } from '../../../control-plane/notices/planner.ts';
import { batchWindow, DAY, HOUR, MINUTE, T0 } from './helpers.ts';

const kinds = (notices: DueNotice[]) => notices.map((notice) => notice.kind);
const keysOf = (window: NoticeWindow, ...list: Parameters<typeof noticeKey>[1][]) => new Set(list.map((kind) => noticeKey(window, kind)));

describe('notice planner: the batch track (7-day notice) with nothing sent yet', () => {
  const window = batchWindow();
  it.each([
    ['nothing a minute before the 7-day notice is due', T0 - 7 * DAY - MINUTE, []],
    ['the advance notice exactly 7 local days before the start', T0 - 7 * DAY, ['advance']],
    ['the advance notice late, 3 days before, when the server was down at its time', T0 - 3 * DAY, ['advance']],
    ['only the day-before reminder one day before (the advance notice is stale by then)', T0 - DAY, ['day-before']],
    ['the day-before reminder up to the last minute before the start', T0 - MINUTE, ['day-before']],
    ['only the start notice at the start', T0, ['start']],
    ['the start notice late, up to the last minute of the window', T0 + 8 * HOUR - MINUTE, ['start']],
    ['only the end notice at the end', T0 + 8 * HOUR, ['end']],
    ['the end notice up to 12 hours late', T0 + 20 * HOUR - MINUTE, ['end']],
    ['nothing after a long outage that outlasted the window by more than 12 hours', T0 + 20 * HOUR, []],
  ])('plans %s', (_name, now, expected) => {
    expect(kinds(planNotices([window], new Set(), now))).toEqual(expected);
  });

  it('dates each notice at the instant it became due', () => {
    expect(planNotices([window], new Set(), T0 - 3 * DAY)[0].dueAt).toBe(Date.parse('2026-03-07T22:00:00+08:00'));
    expect(planNotices([window], new Set(), T0 - HOUR)[0].dueAt).toBe(Date.parse('2026-03-13T22:00:00+08:00'));
  });
});

describe('notice planner: nothing twice', () => {
  const window = batchWindow();

  it('plans nothing on a second run once the first run\'s keys are recorded', () => {
    const sent = new Set<string>();
    for (const now of [T0 - 7 * DAY, T0 - 7 * DAY + MINUTE, T0 - DAY, T0 - DAY + MINUTE, T0, T0 + MINUTE, T0 + 8 * HOUR, T0 + 9 * HOUR]) {
      for (const notice of planNotices([window], sent, now)) sent.add(notice.key);
    }
    expect([...sent].map((key) => key.split('|')[2])).toEqual(['advance', 'day-before', 'start', 'end']);
  });

  it('gives the same key to the same notice however the window is re-read, and another to another tenant', () => {
    const again = { ...batchWindow(), hostNames: ['other'], release: undefined };
    expect(noticeKey(again, 'advance')).toBe(noticeKey(window, 'advance'));
    expect(noticeKey(batchWindow({ tenantId: 'ten_beta' }), 'advance')).not.toBe(noticeKey(window, 'advance'));
    expect(planNotices([window, batchWindow({ tenantId: 'ten_beta', tenantName: 'Beta' })], keysOf(window, 'advance'), T0 - 5 * DAY).map((n) => n.window.tenantId)).toEqual(['ten_beta']);
  });

  it('keys tolerate separators in ids', () => {
    const odd = batchWindow({ tenantId: 'a|b', windowId: 'w|1' });
    expect(noticeKey(odd, 'moved').split('|')).toHaveLength(4);
  });
});

describe('notice planner: moved and cancelled windows', () => {
  const moved = (startsAt: number, version = 2) => batchWindow({ startsAt, endsAt: startsAt + 8 * HOUR, version, previous: { startsAt: T0, endsAt: T0 + 8 * HOUR } });

  it('sends a moved notice at once, whatever the new time, carrying both times', () => {
    const window = moved(T0 + 7 * DAY);
    const [notice, ...rest] = planNotices([window], keysOf(batchWindow(), 'advance'), T0 - 2 * DAY);
    expect(rest).toEqual([]);
    expect(notice).toMatchObject({ kind: 'moved', dueAt: T0 - 2 * DAY, covers: [], window: { startsAt: T0 + 7 * DAY, previous: { startsAt: T0 } } });
    expect(notice.key).toBe(noticeKey(window, 'moved'));
  });

  it('lets the moved notice cover the reminder already due for the new time instead of sending both', () => {
    const window = moved(T0 + 3 * DAY);
    const [notice, ...rest] = planNotices([window], new Set(), T0 - 2 * DAY);
    expect(rest).toEqual([]);
    expect(notice.kind).toBe('moved');
    expect(notice.covers).toEqual([{ key: noticeKey(window, 'advance'), kind: 'advance' }]);
  });

  it('reminds again at the new time: the advance, day-before and start notices follow the moved window', () => {
    const window = moved(T0 + 7 * DAY);
    const sent = new Set([...keysOf(batchWindow(), 'advance', 'day-before'), noticeKey(window, 'moved')]);
    expect(kinds(planNotices([window], sent, T0 - MINUTE))).toEqual([]);
    expect(kinds(planNotices([window], sent, T0))).toEqual(['advance']);
    expect(kinds(planNotices([window], sent, T0 + 6 * DAY))).toEqual(['day-before']);
    expect(kinds(planNotices([window], sent, T0 + 7 * DAY))).toEqual(['start']);
  });

  it('sends a second moved notice when the window moves again (a new version), and not for the same version twice', () => {
    const first = moved(T0 + 7 * DAY, 2);
    const second = { ...moved(T0 + 14 * DAY, 3), previous: { startsAt: first.startsAt, endsAt: first.endsAt } };
    const sent = keysOf(first, 'moved');
    expect(kinds(planNotices([first], sent, T0 - DAY))).toEqual([]);
    expect(kinds(planNotices([second], sent, T0 - DAY))).toEqual(['moved']);
  });

  it('sends no moved notice when a new version kept the times (re-materialised, not moved)', () => {
    expect(kinds(planNotices([batchWindow({ version: 4, previous: { startsAt: T0, endsAt: T0 + 8 * HOUR } })], new Set(), T0 - 2 * DAY))).toEqual(['advance']);
  });

  it('sends a cancelled notice at once, once per version, and none after the window would have ended', () => {
    const cancelled = batchWindow({ status: 'cancelled', version: 2 });
    expect(planNotices([cancelled], new Set(), T0 - 10 * DAY).map((n) => [n.kind, n.dueAt])).toEqual([['cancelled', T0 - 10 * DAY]]);
    expect(kinds(planNotices([cancelled], keysOf(cancelled, 'cancelled'), T0 - 2 * DAY))).toEqual([]);
    expect(kinds(planNotices([cancelled], new Set(), T0 + 8 * HOUR))).toEqual([]);
  });

  it('tells of a skipped window only when the tenant had heard of it, and not again after a cancel', () => {
    const skipped = batchWindow({ status: 'skipped', version: 3 });
    expect(kinds(planNotices([skipped], new Set(), T0 - 2 * DAY))).toEqual([]);
    expect(kinds(planNotices([skipped], keysOf(batchWindow(), 'advance'), T0 - 2 * DAY))).toEqual(['cancelled']);
    expect(kinds(planNotices([skipped], keysOf(batchWindow({ version: 2 }), 'cancelled'), T0 - 2 * DAY))).toEqual([]);
  });

  it('tells a tenant a cancelled window is back as a moved notice', () => {
    const back = batchWindow({ version: 3 });
    const sent = new Set([...keysOf(batchWindow(), 'advance'), ...keysOf(batchWindow({ version: 2 }), 'cancelled')]);
    expect(kinds(planNotices([back], sent, T0 - 2 * DAY))).toEqual(['moved']);
  });
});

describe('notice planner: tracks and zones', () => {
  it('sends no separate advance notice on a track whose notice period is one day', () => {
    const xingchen = batchWindow({ trackId: 'xingchen/standard', noticeDays: 1, endsAt: T0 + 2 * HOUR });
    expect(kinds(planNotices([xingchen], new Set(), T0 - DAY))).toEqual(['day-before']);
    expect(kinds(planNotices([xingchen], new Set(), T0 - 2 * DAY))).toEqual([]);
  });

  it('counts notice days on the tenant\'s wall clock across a daylight saving change', () => {
    const startsAt = Date.parse('2026-03-14T22:00:00-04:00');
    const newYork = batchWindow({ timeZone: 'America/New_York', startsAt, endsAt: startsAt + 8 * HOUR });
    expect(daysBefore(startsAt, 7, 'America/New_York')).toBe(Date.parse('2026-03-07T22:00:00-05:00'));
    expect(kinds(planNotices([newYork], new Set(), Date.parse('2026-03-07T22:00:00-05:00') - MINUTE))).toEqual([]);
    expect(kinds(planNotices([newYork], new Set(), Date.parse('2026-03-07T22:00:00-05:00')))).toEqual(['advance']);
  });

  it('falls back to Asia/Shanghai for a zone it does not know instead of failing the run', () => {
    expect(kinds(planNotices([batchWindow({ timeZone: 'Mars/Olympus' })], new Set(), T0 - 7 * DAY))).toEqual(['advance']);
  });
});
