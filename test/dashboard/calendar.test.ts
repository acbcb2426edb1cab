import { describe, expect, it } from 'vitest';
import { dayMark, datesBetween, freezeRanges, frozenDates, holidayIndex, localDateOf, monthGrid, shiftMonth, yearsBetween } from '../../dashboard/src/calendar-days.ts';
import { calendarItems, itemsByDate } from '../../dashboard/src/calendar-items.ts';
import type { Booking, Freeze, PatchWindow } from '../../dashboard/src/schedule-types.ts';

const SHANGHAI = 'Asia/Shanghai';
const years = holidayIndex([
  {
    year: 2026,
    days: [
      { date: '2026-10-01', kind: 'holiday', name: '国庆节', nameEn: 'National Day' },
      { date: '2026-10-10', kind: 'makeup-workday', name: '国庆节', nameEn: 'National Day' },
    ],
  },
]);

const freeze = (kind: string, params: Freeze['params']): Freeze => ({ id: `frz_${kind}`, kind, label: kind, params, createdAt: '', createdBy: 'user:a', updatedAt: '' });

describe('month arithmetic', () => {
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-05', 0, '2026-05'],
    ['2026-05', -17, '2024-12'],
  ])('moves %s by %i months to %s', (month, delta, expected) => {
    expect(shiftMonth(month, delta)).toBe(expected);
  });

  it('lays out a month as whole weeks from Monday, November 2026 from Oct 26 to Dec 6', () => {
    const weeks = monthGrid('2026-11');
    expect(weeks).toHaveLength(6);
    expect(weeks[0][0]).toBe('2026-10-26');
    expect(weeks[5][6]).toBe('2026-12-06');
    expect(weeks.every((week) => week.length === 7)).toBe(true);
  });

  it('lists the dates and years of a range, inclusive', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(yearsBetween('2026-12-28', '2027-01-03')).toEqual([2026, 2027]);
  });

  it('takes the local date of an instant in the given zone, not the process zone', () => {
    expect(localDateOf(Date.parse('2026-03-01T17:00:00Z'), SHANGHAI)).toBe('2026-03-02');
    expect(localDateOf(Date.parse('2026-03-01T17:00:00Z'), 'America/New_York')).toBe('2026-03-01');
  });
});

describe('day marks', () => {
  it.each([
    ['2026-10-01', 'holiday', 'National Day'],
    ['2026-10-10', 'makeup-workday', 'National Day'],
    ['2026-10-11', 'weekend', undefined],
    ['2026-10-12', 'workday', undefined],
    ['2027-01-04', 'unknown', undefined],
  ])('marks %s as %s', (date, kind, nameEn) => {
    expect(dayMark(date, years)).toMatchObject({ kind, ...(nameEn ? { nameEn } : {}) });
  });
});

describe('freeze ranges', () => {
  it('covers the last and first days of each month for month-end closing, with the defaults', () => {
    const ranges = freezeRanges([freeze('month-end', {})], '2026-02-01', '2026-03-31');
    expect(ranges.map((r) => [r.fromDate, r.toDate])).toEqual([
      ['2026-02-01', '2026-02-03'],
      ['2026-02-27', '2026-02-28'],
      ['2026-03-01', '2026-03-03'],
      ['2026-03-30', '2026-03-31'],
    ]);
  });

  it('uses a tax-filing month edited on its own, none for a month switched off, and clamps to the month', () => {
    const tax = freeze('tax-filing', { fromDay: 20, toDay: 31, months: { '2026-02': { fromDay: 1, toDay: 5 }, '2026-03': null } });
    expect(freezeRanges([tax], '2026-01-01', '2026-04-30').map((r) => [r.fromDate, r.toDate])).toEqual([
      ['2026-01-20', '2026-01-31'],
      ['2026-02-01', '2026-02-05'],
      ['2026-04-20', '2026-04-30'],
    ]);
  });

  it('lets a year-end freeze cross the new year and keeps only the ranges touching the view', () => {
    const ranges = freezeRanges([freeze('year-end', { from: '12-25', to: '01-05' })], '2026-12-28', '2027-02-07');
    expect(ranges.map((r) => [r.fromDate, r.toDate])).toEqual([['2026-12-25', '2027-01-05']]);
    expect([...frozenDates(ranges, '2026-12-28', '2027-02-07').keys()]).toEqual(datesBetween('2026-12-28', '2027-01-05'));
  });

  it('places a custom range on its dates', () => {
    const ranges = freezeRanges([freeze('custom', { from: '2026-06-01', to: '2026-06-03' })], '2026-05-25', '2026-07-05');
    expect(frozenDates(ranges, '2026-05-25', '2026-07-05').get('2026-06-02')?.map((r) => r.kind)).toEqual(['custom']);
  });
});

const window = (over: Partial<PatchWindow>): PatchWindow => ({
  id: 'win_1',
  trackId: 'xingkong/mt-standard',
  ownerTenantId: null,
  localDate: '2026-03-14',
  zone: SHANGHAI,
  startAt: '2026-03-14T14:00:00.000Z',
  endAt: '2026-03-14T22:00:00.000Z',
  previousStartAt: null,
  previousEndAt: null,
  cutoffAt: '2026-03-13T14:00:00.000Z',
  noticeBy: null,
  status: 'scheduled',
  reason: null,
  version: 1,
  updatedAt: '2026-03-01T00:00:00.000Z',
  coverage: [{ tenantId: 'ten_a', status: 'covered', reason: null, hostIds: ['h1', 'h2'], via: 'subscription', bookingIds: [], revision: 1 }],
  ...over,
});

const booking = (over: Partial<Booking>): Booking => ({
  id: 'bkg_1',
  tenantId: 'ten_a',
  trackId: 'xingkong/st-standard',
  slotDate: '2026-03-05',
  slotStartAt: '2026-03-05T14:00:00.000Z',
  slotEndAt: '2026-03-05T18:00:00.000Z',
  cutoffAt: '2026-03-04T14:00:00.000Z',
  state: 'confirmed',
  approval: 'required',
  releaseId: null,
  insteadOfWindowId: null,
  note: 'call Li Lei',
  requestedAt: '2026-03-01T00:00:00.000Z',
  requestedBy: 'user:acme',
  confirmedAt: null,
  confirmedBy: null,
  rejectedAt: null,
  rejectedBy: null,
  cancelledAt: null,
  cancelledBy: null,
  reason: null,
  version: 1,
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...over,
});

const scope = { tenantId: 'ten_a', zone: SHANGHAI, fromDate: '2026-02-23', toDate: '2026-04-05' };

describe('calendar items', () => {
  it('shows a covered batch window with its hosts and an open booking on the local date of its start', () => {
    const items = calendarItems([window({})], [booking({})], scope);
    expect(items.map((i) => [i.kind, i.date, i.status, i.hostCount])).toEqual([
      ['booking', '2026-03-05', 'confirmed', null],
      ['window', '2026-03-14', 'scheduled', 2],
    ]);
    expect(itemsByDate(items).get('2026-03-05')?.[0].note).toBe('call Li Lei');
  });

  it('shows a window as skipped for a tenant skipped there, with its reason', () => {
    const reason = { code: 'BOOKED_ELSEWHERE', message: 'booked another slot' };
    const items = calendarItems([window({ coverage: [{ tenantId: 'ten_a', status: 'skipped', reason, hostIds: [], via: 'subscription', bookingIds: [], revision: 2 }] })], [], scope);
    expect(items.map((i) => [i.status, i.reason?.code])).toEqual([['skipped', 'BOOKED_ELSEWHERE']]);
  });

  it('shows a slot window only through its bookings, and leaves out rejected bookings and other tenants\' windows', () => {
    const slotWindow = window({ id: 'win_2', trackId: 'xingkong/st-standard', startAt: '2026-03-05T14:00:00.000Z', coverage: [{ tenantId: 'ten_a', status: 'covered', reason: null, hostIds: ['h1'], via: 'booking', bookingIds: ['bkg_1'], revision: 1 }] });
    const other = window({ id: 'win_3', coverage: [{ tenantId: 'ten_b', status: 'covered', reason: null, hostIds: ['h9'], via: 'subscription', bookingIds: [], revision: 1 }] });
    const items = calendarItems([slotWindow, other], [booking({}), booking({ id: 'bkg_2', state: 'rejected' })], scope);
    expect(items.map((i) => [i.key, i.hostCount])).toEqual([['booking:bkg_1', 1]]);
  });

  it('keeps only the chosen track and the dates of the view', () => {
    expect(calendarItems([window({})], [booking({})], { ...scope, trackId: 'xingkong/mt-standard' }).map((i) => i.kind)).toEqual(['window']);
    expect(calendarItems([window({})], [booking({})], { ...scope, fromDate: '2026-03-06' }).map((i) => i.kind)).toEqual(['window']);
  });

  it('lists every covered tenant in the ops overview', () => {
    const shared = window({ coverage: [...window({}).coverage, { tenantId: 'ten_b', status: 'covered', reason: null, hostIds: ['h9'], via: 'subscription', bookingIds: [], revision: 1 }] });
    expect(calendarItems([shared], [], { ...scope, tenantId: null })[0]).toMatchObject({ tenantIds: ['ten_a', 'ten_b'], hostCount: 3 });
  });
});
