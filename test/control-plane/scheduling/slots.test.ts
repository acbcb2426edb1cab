import { describe, expect, it } from 'vitest';
import { requireBookable, slotOn, slotViews, type SlotContext } from '../../../control-plane/scheduling/slots.ts';
import type { AuditStatus } from '../../../control-plane/scheduling/policy.ts';
import { NOW, calendars, dates, track } from './helpers.ts';

/** Slots of xingkong/st-standard (daily 22:00, 4h, 10 a slot, 2 days ahead, 30m cutoff, avoids holidays). */
function context(overrides: Partial<SlotContext> = {}): SlotContext {
  return {
    resolved: track('xingkong/st-standard'),
    calendars,
    globalFreezes: [],
    tenantFreezes: [],
    booked: new Map(),
    own: new Map(),
    audit: 'not-required',
    ...overrides,
  };
}

const reasonOn = (slotDate: string, overrides: Partial<SlotContext> = {}, now = NOW) => slotOn(context(overrides), slotDate, now).reason?.code ?? 'bookable';

describe('slot listing at Monday 2026-03-02 10:00 Shanghai', () => {
  it.each<[string, string, Partial<SlotContext>, string]>([
    ['a slot two days ahead', '2026-03-04', {}, 'bookable'],
    ['a slot inside the two-day lead time', '2026-03-03', {}, 'TOO_SOON'],
    ['a slot already past its cutoff', '2026-03-01', {}, 'PAST_CUTOFF'],
    ['a statutory holiday (清明节)', '2026-04-04', {}, 'HOLIDAY'],
    ['Labour Day', '2026-05-01', {}, 'HOLIDAY'],
    ['a day in the tenant\'s freeze', '2026-03-20', { tenantFreezes: [dates('audit-week', '2026-03-19', '2026-03-21')] }, 'IN_FREEZE'],
    ['a day in a global freeze', '2026-03-20', { globalFreezes: [dates('dc-move', '2026-03-20', '2026-03-20')] }, 'IN_FREEZE'],
    ['a slot running into a frozen day after midnight', '2026-03-18', { tenantFreezes: [dates('thu', '2026-03-19', '2026-03-19')] }, 'IN_FREEZE'],
    ['a year without holiday data', '2027-03-10', {}, 'UNKNOWN_CALENDAR'],
    ['a customisation whose audit is missing', '2026-03-10', { audit: 'missing' }, 'AUDIT_PENDING'],
    ['a customisation whose audit is under way', '2026-03-10', { audit: 'submitted' }, 'AUDIT_PENDING'],
    ['a customisation whose audit was rejected', '2026-03-10', { audit: 'rejected' }, 'AUDIT_PENDING'],
    ['a customisation whose audit passed', '2026-03-10', { audit: 'approved' }, 'bookable'],
    ['a full slot', '2026-03-10', { booked: new Map([['2026-03-10', 10]]) }, 'SLOT_FULL'],
    ['a slot with one place left', '2026-03-10', { booked: new Map([['2026-03-10', 9]]) }, 'bookable'],
    ['too soon wins over a holiday', '2026-03-03', { globalFreezes: [dates('x', '2026-03-03', '2026-03-03')] }, 'TOO_SOON'],
    ['a freeze wins over the audit', '2026-03-20', { tenantFreezes: [dates('f', '2026-03-20', '2026-03-20')], audit: 'missing' }, 'IN_FREEZE'],
    ['the audit wins over a full slot', '2026-03-10', { audit: 'submitted', booked: new Map([['2026-03-10', 10]]) }, 'AUDIT_PENDING'],
    ['an ops move may go inside the lead time', '2026-03-03', { ignoreLead: true }, 'bookable'],
  ])('%s: %s', (_name, slotDate, overrides, expected) => {
    expect(reasonOn(slotDate, overrides)).toBe(expected);
  });

  it('says which freeze blocks a slot and whose it is', () => {
    const slot = slotOn(context({ tenantFreezes: [dates('audit-week', '2026-03-19', '2026-03-21')] }), '2026-03-20', NOW);
    expect(slot.reason).toMatchObject({ code: 'IN_FREEZE', detail: { scope: 'tenant', freezeId: 'audit-week', date: '2026-03-20' } });
    expect(slot.reason!.message).toContain('tenant freeze audit-week');
  });

  it('keeps the past cutoff even for an ops move', () => {
    expect(reasonOn('2026-03-01', { ignoreLead: true })).toBe('PAST_CUTOFF');
  });

  it('counts remaining places and marks the tenant\'s own booking', () => {
    const slots = slotViews(context({ booked: new Map([['2026-03-05', 3]]), own: new Map([['2026-03-05', 'bkg_mine']]) }), '2026-03-04', '2026-03-06', NOW);
    expect(slots.map((s) => [s.slotDate, s.capacity, s.booked, s.remaining, s.yourBookingId])).toEqual([
      ['2026-03-04', 10, 0, 10, null],
      ['2026-03-05', 10, 3, 7, 'bkg_mine'],
      ['2026-03-06', 10, 0, 10, null],
    ]);
  });

  it('gives each slot its instants in the track zone: 22:00 for 4 hours, cutoff 30 minutes before the end, book 2 days before', () => {
    const slot = slotOn(context(), '2026-03-04', NOW);
    expect(slot.startAt).toBe(Date.parse('2026-03-04T22:00:00+08:00'));
    expect(slot.endAt).toBe(Date.parse('2026-03-05T02:00:00+08:00'));
    expect(slot.cutoffAt).toBe(Date.parse('2026-03-05T01:30:00+08:00'));
    expect(slot.bookBeforeAt).toBe(Date.parse('2026-03-02T22:00:00+08:00'));
  });

  it('turns a slot too soon at the instant its lead time runs out', () => {
    const bookBeforeAt = Date.parse('2026-03-02T22:00:00+08:00');
    expect(reasonOn('2026-03-04', {}, bookBeforeAt)).toBe('bookable');
    expect(reasonOn('2026-03-04', {}, bookBeforeAt + 1)).toBe('TOO_SOON');
  });

  it('throws the reason of a slot as an error with the same code', () => {
    const full = slotOn(context({ booked: new Map([['2026-03-10', 10]]) }), '2026-03-10', NOW);
    expect(() => requireBookable(full)).toThrow(expect.objectContaining({ code: 'SLOT_FULL', statusCode: 409 }));
    expect(() => requireBookable(slotOn(context(), '2026-03-10', NOW))).not.toThrow();
  });

  it('refuses a date without a slot, and a track with fixed windows', () => {
    expect(() => slotOn(context(), '2026-02-30', NOW)).toThrow();
    expect(() => slotViews(context({ resolved: track('xingkong/mt-standard') }), '2026-03-01', '2026-03-31', NOW)).toThrow(expect.objectContaining({ code: 'TRACK_NOT_BOOKABLE' }));
  });

  it('lists no slots on weekdays a template leaves out', () => {
    const weekdaysOnly = { ...track('xingkong/st-standard'), track: { ...track('xingkong/st-standard').track, cadence: { kind: 'on-request' as const, weekdays: [1, 2, 3, 4, 5], minLeadMs: 0 } } };
    expect(() => slotOn(context({ resolved: weekdaysOnly }), '2026-03-07', NOW)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(slotViews(context({ resolved: weekdaysOnly, audit: 'approved' as AuditStatus }), '2026-03-02', '2026-03-08', NOW)).toHaveLength(5);
  });
});
