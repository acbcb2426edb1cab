import { describe, expect, it } from 'vitest';
import { slotTemplate, slotsBetween } from '../../schedules/index.ts';
import { calendars, iso, track } from './helpers.ts';

describe('on-request slots (xingkong/st-standard)', () => {
  const slots = slotsBetween(track('xingkong/st-standard'), '2025-12-30', '2026-01-05', { calendars });

  it('offers a 22:00 slot every day for 10 tenants, bookable until 2 days before it starts', () => {
    expect(slots.map((slot) => slot.localDate)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05']);
    expect(slots[0]).toMatchObject({ capacity: 10, minLeadMs: 48 * 3_600_000 });
    expect(iso(slots[0].startAt)).toBe('2025-12-30T22:00:00+08:00');
    expect(iso(slots[0].endAt)).toBe('2025-12-31T02:00:00+08:00');
    expect(iso(slots[0].bookBeforeAt)).toBe('2025-12-28T22:00:00+08:00');
  });

  it.each([
    ['2025-12-30', undefined],
    ['2025-12-31', '2026-01-01'], // runs past midnight into 元旦
    ['2026-01-01', '2026-01-01'],
    ['2026-01-03', '2026-01-03'],
    ['2026-01-04', undefined], // a make-up workday is not avoided by this track
  ])('the slot of %s is blocked by the holiday on %s', (date, blockedBy) => {
    const slot = slots.find((candidate) => candidate.localDate === date)!;
    expect(slot.blocked?.kind === 'avoid' ? slot.blocked.date : undefined).toBe(blockedBy);
  });

  it('gives the raw template a booking service needs', () => {
    expect(slotTemplate(track('xingkong/st-custom'))).toEqual({ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '22:00', durationMs: 4 * 3_600_000, capacityPerSlot: 10, minLeadMs: 48 * 3_600_000 });
  });

  it('refuses a track with fixed windows', () => {
    expect(() => slotTemplate(track('cangqiong/agile'))).toThrow(expect.objectContaining({ code: 'TRACK_NOT_BOOKABLE' }));
  });
});
