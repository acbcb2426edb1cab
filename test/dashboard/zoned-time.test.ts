import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantToWallTime, wallTimeToInstant } from '../../dashboard/src/zoned-time.ts';

describe('wallTimeToInstant', () => {
  it.each([
    ['2026-05-01T22:00', 'Asia/Shanghai', '2026-05-01T14:00:00.000Z'],
    ['2026-01-01T00:30', 'Asia/Shanghai', '2025-12-31T16:30:00.000Z'],
    ['2026-07-04T09:15', 'America/New_York', '2026-07-04T13:15:00.000Z'],
    ['2026-12-24T09:15', 'America/New_York', '2026-12-24T14:15:00.000Z'],
    ['2026-05-01T22:00', 'UTC', '2026-05-01T22:00:00.000Z'],
    ['2026-03-29T02:30', 'Asia/Kolkata', '2026-03-28T21:00:00.000Z'],
  ])('reads %s in %s as %s', (wall, zone, expected) => {
    expect(new Date(wallTimeToInstant(wall, zone)!).toISOString()).toBe(expected);
  });

  it('reads a time that occurs twice (clocks going back) as the earlier one', () => {
    // 2026-11-01 01:30 happens at 05:30Z (daylight time) and again at 06:30Z (standard time).
    expect(new Date(wallTimeToInstant('2026-11-01T01:30', 'America/New_York')!).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('moves a time that never occurs (clocks going forward) on by the jump', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 daylight time is 07:30Z.
    expect(new Date(wallTimeToInstant('2026-03-08T02:30', 'America/New_York')!).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it.each(['', '2026-05-01', '2026-05-01 22:00', '2026-02-30T10:00', '2026-05-01T24:00', '2026-13-01T10:00', '2026-05-01T22:60'])('refuses %j', (text) => {
    expect(wallTimeToInstant(text, 'Asia/Shanghai')).toBeNull();
  });
});

describe('instantToWallTime', () => {
  it.each([
    [Date.UTC(2026, 4, 1, 14, 0, 59), 'Asia/Shanghai', '2026-05-01T22:00'],
    [Date.UTC(2026, 11, 31, 17, 5), 'Asia/Shanghai', '2027-01-01T01:05'],
    [Date.UTC(2026, 10, 1, 6, 30), 'America/New_York', '2026-11-01T01:30'],
  ])('shows %i in %s as %s', (at, zone, expected) => {
    expect(instantToWallTime(at, zone)).toBe(expected);
  });

  it('round-trips every whole minute through the wall clock of a zone without clock changes', () => {
    const minute = fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }).map((m) => m * 60_000);
    fc.assert(fc.property(minute, fc.constantFrom('Asia/Shanghai', 'UTC', 'Asia/Kolkata'), (at, zone) => wallTimeToInstant(instantToWallTime(at, zone), zone) === at));
  });

  it('reads back every wall time it writes in a zone with clock changes', () => {
    const minute = fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 }).map((m) => m * 60_000);
    fc.assert(fc.property(minute, (at) => instantToWallTime(wallTimeToInstant(instantToWallTime(at, 'America/New_York'), 'America/New_York')!, 'America/New_York') === instantToWallTime(at, 'America/New_York')));
  });
});
