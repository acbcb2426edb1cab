import { describe, expect, it } from 'vitest';
import { windowsBetween, type FreezePeriod, type WindowOccurrence } from '../../schedules/index.ts';
import { calendars, customTrack, iso, track } from './helpers.ts';

const ctx = { calendars };
const row = (w: WindowOccurrence) => [w.localDate, w.status, w.reason?.kind === 'avoid' ? `${w.reason.date} ${w.reason.dayKind}` : w.reason?.kind ?? ''];
const byDate = (windows: WindowOccurrence[], date: string) => windows.find((w) => w.localDate === date);

describe('weekly cadence: the agile tracks (biweekly Saturday from 2026-01-10)', () => {
  const windows = windowsBetween(track('cangqiong/agile'), '2026-01-01', '2026-12-31', ctx);

  it('starts on the anchor and repeats every 14 days, 22:00 to 04:00 Shanghai time', () => {
    expect(windows).toHaveLength(26);
    expect(windows[0]).toMatchObject({ localDate: '2026-01-10', status: 'scheduled', noticeBy: '2026-01-07' });
    expect(iso(windows[0].startAt)).toBe('2026-01-10T22:00:00+08:00');
    expect(iso(windows[0].endAt)).toBe('2026-01-11T04:00:00+08:00');
    expect(iso(windows[0].cutoffAt)).toBe('2026-01-11T03:00:00+08:00');
  });

  // 2026-02-14 and 2026-02-28 are make-up workdays, but the cadence (01-10 + 14k) lands on
  // 02-07 and 02-21 instead; 02-21 is in the Spring Festival holiday.
  it('does not fall on the make-up Saturdays 02-14 and 02-28, and skips 02-21 (春节)', () => {
    expect(byDate(windows, '2026-02-14')).toBeUndefined();
    expect(byDate(windows, '2026-02-28')).toBeUndefined();
    expect(byDate(windows, '2026-02-07')?.status).toBe('scheduled');
    expect(byDate(windows, '2026-02-21')).toMatchObject({ status: 'skipped', reason: { kind: 'avoid', date: '2026-02-21', dayKind: 'holiday', name: '春节' } });
  });

  it.each([
    ['2026-04-04', 'skipped', '2026-04-04 holiday'], // 清明节
    ['2026-05-02', 'skipped', '2026-05-02 holiday'], // 劳动节
    ['2026-06-13', 'scheduled', ''],
    ['2026-09-19', 'skipped', '2026-09-20 makeup-workday'], // the window runs into Sunday 09-20, a make-up workday
    ['2026-10-03', 'skipped', '2026-10-03 holiday'], // 国庆节
    ['2026-10-17', 'scheduled', ''],
    ['2026-12-26', 'scheduled', ''],
  ])('%s is %s %s', (date, status, reason) => {
    expect(row(byDate(windows, date)!)).toEqual([date, status, reason]);
  });

  it('names the year when a window would fall in a year without holiday data', () => {
    const next = windowsBetween(track('cangqiong/agile'), '2026-12-20', '2027-01-31', ctx);
    expect(next.map(row)).toEqual([
      ['2026-12-26', 'scheduled', ''],
      ['2027-01-09', 'skipped', 'unknown-calendar'],
      ['2027-01-23', 'skipped', 'unknown-calendar'],
    ]);
    expect(next[1].reason).toEqual({ kind: 'unknown-calendar', date: '2027-01-09', year: 2027 });
  });

  it('produces nothing before the anchor date', () => {
    expect(windowsBetween(track('xinghan/agile'), '2025-12-01', '2026-01-09', ctx)).toEqual([]);
  });
});

describe('weekly cadence: xingchen twice weekly (Tue and Thu 23:00, 2 h)', () => {
  it.each([
    ['2026-04-28', 'scheduled', ''],
    ['2026-04-30', 'skipped', '2026-05-01 holiday'], // 23:00-01:00 runs into Labour Day
    ['2026-05-05', 'skipped', '2026-05-05 holiday'],
    ['2026-05-07', 'scheduled', ''],
  ])('%s is %s %s', (date, status, reason) => {
    const windows = windowsBetween(track('xingchen/standard'), '2026-04-27', '2026-05-08', ctx);
    expect(row(byDate(windows, date)!)).toEqual([date, status, reason]);
  });

  it('skips the last window of 2026 because it runs into 2027, a year without data', () => {
    const [last] = windowsBetween(track('xingchen/standard'), '2026-12-31', '2026-12-31', ctx);
    expect(last).toMatchObject({ localDate: '2026-12-31', status: 'skipped', reason: { kind: 'unknown-calendar', date: '2027-01-01', year: 2027 } });
  });

  it('does not need holiday data for a track that avoids nothing', () => {
    const plain = customTrack({ cadence: { kind: 'weekly', weekdays: ['tue'] } });
    expect(windowsBetween(plain, '2027-03-01', '2027-03-31', ctx).map((w) => w.status)).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled', 'scheduled']);
  });
});

describe('monthly-mid-weekend cadence: the Saturday on day 12-18', () => {
  const mt = (from: string, to: string, tenant: FreezePeriod[] = []) =>
    windowsBetween(track('xingkong/mt-standard'), from, to, { calendars, freezes: { tenant } });

  it.each([
    ['2026-01', '2026-01-17', 'nowhere'],
    ['2026-02', '2026-02-07', '2026-02-14'], // 02-14 make-up workday, 02-21 春节: the preceding Saturday
    ['2026-03', '2026-03-14', 'nowhere'],
    ['2026-10', '2026-10-17', 'nowhere'],
    ['2024-02', '2024-02-24', '2024-02-17'], // 02-17 春节 (and 02-18 make-up): the following Saturday
    ['2024-09', '2024-09-21', '2024-09-14'], // 09-14 make-up workday
    ['2024-10', '2024-10-19', '2024-10-12'], // 10-12 make-up workday
  ])('in %s the window is on %s (moved from %s)', (month, date, shiftedFrom) => {
    const [window] = mt(`${month}-01`, `${month}-28`);
    expect(window).toMatchObject({ localDate: date, status: 'scheduled' });
    expect(window.shiftedFrom?.localDate ?? 'nowhere').toBe(shiftedFrom);
    expect(iso(window.startAt)).toBe(`${date}T22:00:00+08:00`);
  });

  it('records every alternative tried before the one scheduled', () => {
    const [window] = mt('2026-02-01', '2026-02-28');
    expect(window.shiftedFrom).toEqual({ localDate: '2026-02-14', reason: { kind: 'avoid', date: '2026-02-14', dayKind: 'makeup-workday', name: '春节' } });
    expect(window.alternatives).toEqual([{ localDate: '2026-02-21', reason: { kind: 'avoid', date: '2026-02-21', dayKind: 'holiday', name: '春节' } }]);
  });

  it('skips the month, with every reason, when all three Saturdays are blocked', () => {
    const closing: FreezePeriod = { kind: 'dates', id: 'fiscal-close', label: 'fiscal close', from: '2026-03-01', to: '2026-03-25' };
    const [march] = mt('2026-03-01', '2026-03-31', [closing]);
    expect(march).toMatchObject({ localDate: '2026-03-14', status: 'skipped', reason: { kind: 'freeze', date: '2026-03-14', scope: 'tenant', freezeId: 'fiscal-close' } });
    expect(march.alternatives?.map((a) => a.localDate)).toEqual(['2026-03-21', '2026-03-07']);
  });

  it('moves to the following Saturday when a tenant freeze blocks the preferred one', () => {
    const freeze: FreezePeriod = { kind: 'dates', id: 'audit', label: 'audit', from: '2026-05-16', to: '2026-05-17' };
    expect(mt('2026-05-01', '2026-05-31', [freeze])[0]).toMatchObject({ localDate: '2026-05-23', shiftedFrom: { localDate: '2026-05-16' } });
  });

  it('runs the stable tracks only in April and October', () => {
    const stable = windowsBetween(track('xinghan/stable'), '2024-01-01', '2026-12-31', ctx);
    expect(stable.map((w) => w.localDate)).toEqual(['2024-04-13', '2024-10-19', '2025-04-12', '2025-10-18', '2026-04-18', '2026-10-17']);
    expect(stable[0].noticeBy).toBe('2024-03-30');
  });

  it('skips a month of a year without data instead of moving it', () => {
    expect(mt('2027-01-01', '2027-01-31').map(row)).toEqual([['2027-01-16', 'skipped', 'unknown-calendar']]);
  });

  it('does not move a frozen Saturday into a year without data: the month is skipped and says why', () => {
    const freeze: FreezePeriod = { kind: 'dates', id: 'go-live', label: 'go-live', from: '2027-01-16', to: '2027-01-17' };
    const [january] = mt('2027-01-01', '2027-01-31', [freeze]);
    expect(january).toMatchObject({ localDate: '2027-01-16', status: 'skipped', reason: { kind: 'freeze', date: '2027-01-16' } });
    expect(january.alternatives).toEqual([{ localDate: '2027-01-23', reason: { kind: 'unknown-calendar', date: '2027-01-23', year: 2027 } }]);
  });
});

describe('monthly-nth-weekday cadence', () => {
  it.each([
    [2, 'tue', 4, '2026-01-01', '2026-03-31', [['2026-01-17', 'scheduled', ''], ['2026-02-14', 'skipped', '2026-02-14 makeup-workday'], ['2026-03-14', 'scheduled', '']]],
    ['last', 'fri', 0, '2026-01-01', '2026-03-31', [['2026-01-30', 'scheduled', ''], ['2026-02-27', 'scheduled', ''], ['2026-03-27', 'scheduled', '']]],
    [1, 'mon', -1, '2026-05-01', '2026-06-30', [['2026-05-03', 'skipped', '2026-05-03 holiday'], ['2026-05-31', 'scheduled', '']]], // Mon 05-04 and 06-01, minus a day
    [1, 'thu', 0, '2026-10-01', '2026-10-31', [['2026-10-01', 'skipped', '2026-10-01 holiday']]],
  ] as const)('nth %s %s moved by %i days, between %s and %s', (nth, weekday, offsetDays, from, to, expected) => {
    const monthly = customTrack({ cadence: { kind: 'monthly-nth-weekday', nth, weekday, offsetDays }, start: '10:00', duration: '2h', avoid: ['holiday', 'makeup-workday'] });
    expect(windowsBetween(monthly, from, to, ctx).map(row)).toEqual(expected);
  });
});

describe('daylight saving time', () => {
  const newYork = customTrack({ zone: 'America/New_York', cadence: { kind: 'weekly', weekdays: ['sat'] }, start: '22:00', duration: '6h' });
  const windows = windowsBetween(newYork, '2026-02-28', '2026-11-14', ctx);

  it('keeps the local 22:00 start across the spring and autumn changes', () => {
    expect(windows.every((w) => iso(w.startAt, 'America/New_York').slice(11, 19) === '22:00:00')).toBe(true);
    expect(iso(windows[0].startAt, 'America/New_York')).toBe('2026-02-28T22:00:00-05:00');
    expect(iso(byDate(windows, '2026-03-14')!.startAt, 'America/New_York')).toBe('2026-03-14T22:00:00-04:00');
    expect(iso(byDate(windows, '2026-11-07')!.startAt, 'America/New_York')).toBe('2026-11-07T22:00:00-05:00');
  });

  it('lasts 6 real hours on the nights the clocks change', () => {
    expect(iso(byDate(windows, '2026-03-07')!.endAt, 'America/New_York')).toBe('2026-03-08T05:00:00-04:00');
    expect(iso(byDate(windows, '2026-10-31')!.endAt, 'America/New_York')).toBe('2026-11-01T03:00:00-05:00');
  });
});

describe('ranges', () => {
  it('includes occurrences starting on both end dates', () => {
    expect(windowsBetween(track('cangqiong/agile'), '2026-01-10', '2026-01-24', ctx).map((w) => w.localDate)).toEqual(['2026-01-10', '2026-01-24']);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => windowsBetween(track('cangqiong/agile'), '2026-02-01', '2026-01-01', ctx)).toThrow(expect.objectContaining({ code: 'RANGE_INVALID' }));
  });
});
