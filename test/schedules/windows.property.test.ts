import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayKind, freezeMask, parseTracks, prepareTrack, resolveWindows, windowsBetween, type FreezePeriod, type TrackSpec, type WindowOccurrence } from '../../schedules/index.ts';
import { calendars } from './helpers.ts';

const weekday = fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
const weekdays = fc.uniqueArray(weekday, { minLength: 1, maxLength: 3 });
const dateArb = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: n }).toISODate()!);
const monthDay = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const cadenceArb = fc.oneof(
  fc.record({ kind: fc.constant('weekly'), weekdays, everyWeeks: fc.integer({ min: 1, max: 3 }), anchor: dateArb('2023-12-01', 120) }),
  fc.record({ kind: fc.constant('monthly-mid-weekend'), months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('monthly-nth-weekday'), nth: fc.constantFrom(1, 2, 3, 4, 'last'), weekday, offsetDays: fc.integer({ min: -6, max: 6 }) }),
  fc.record({ kind: fc.constant('on-request'), weekdays, minLead: fc.constant('2d') }),
);

const trackArb = fc
  .record({
    cadence: cadenceArb,
    start: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    duration: fc.integer({ min: 1, max: 30 }).map((hours) => `${hours}h`),
    avoid: fc.uniqueArray(fc.constantFrom('holiday', 'makeup-workday', 'weekend', 'workday'), { maxLength: 2 }),
    zone: fc.constantFrom('Asia/Shanghai', 'America/New_York', 'UTC'),
  })
  .map((spec) => parseTracks({ tracks: [{ id: 'private/prop', name: 'property track', capacity: 5, ...spec } as TrackSpec] })[0]);

const freezeArb: fc.Arbitrary<FreezePeriod> = fc.oneof(
  fc.tuple(dateArb('2024-01-01', 1000), fc.integer({ min: 0, max: 20 })).map(([from, length]) => ({
    kind: 'dates' as const, id: 'custom', label: 'custom', from, to: DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: length }).toISODate()!,
  })),
  fc.record({ kind: fc.constant('month-edges' as const), id: fc.constant('month-end'), label: fc.constant('closing'), lastDays: fc.integer({ min: 0, max: 5 }), firstDays: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('annual' as const), id: fc.constant('annual'), label: fc.constant('annual'), from: monthDay, to: monthDay }),
);

/** Local dates a window touches, computed independently with Luxon. */
function touchedDates(window: WindowOccurrence): string[] {
  const dates: string[] = [];
  let cursor = DateTime.fromMillis(window.startAt, { zone: window.zone }).startOf('day');
  const last = DateTime.fromMillis(window.endAt - 1, { zone: window.zone }).toISODate()!;
  while (cursor.toISODate()! <= last) {
    dates.push(cursor.toISODate()!);
    cursor = cursor.plus({ days: 1 });
  }
  return dates;
}

/** A naive, per-date reading of a freeze rule (the library marks ranges instead). */
function frozen(freezes: FreezePeriod[], date: string): boolean {
  const local = DateTime.fromISO(date, { zone: 'UTC' });
  const md = date.slice(5);
  return freezes.some((f) => {
    if (f.kind === 'dates') return f.from <= date && date <= f.to;
    if (f.kind === 'annual') return f.from <= f.to ? f.from <= md && md <= f.to : md >= f.from || md <= f.to;
    return local.day <= f.firstDays || local.day > local.daysInMonth! - f.lastDays;
  });
}

function blocked(avoid: readonly string[], freezes: FreezePeriod[], date: string): boolean {
  const kind = dayKind(date, calendars).kind;
  return frozen(freezes, date) || avoid.includes(kind) || (avoid.length > 0 && kind === 'unknown');
}

const rangeArb = fc.tuple(dateArb('2024-01-01', 1060), fc.integer({ min: 0, max: 150 })).map(([from, days]) => [from, DateTime.fromISO(from, { zone: 'UTC' }).plus({ days }).toISODate()!] as const);

describe('window generation properties', () => {
  it('never schedules a window touching an avoided day kind, a freeze, or (when it avoids anything) an unknown year', () => {
    fc.assert(
      fc.property(trackArb, fc.array(freezeArb, { maxLength: 3 }), rangeArb, (track, tenant, [from, to]) => {
        for (const window of windowsBetween(track, from, to, { calendars, freezes: { tenant } })) {
          const dates = touchedDates(window);
          expect(window.localDate >= from && window.localDate <= to).toBe(true);
          if (window.status === 'scheduled') {
            expect(dates.filter((date) => blocked(track.avoid, tenant, date))).toEqual([]);
          } else {
            expect(dates).toContain(window.reason!.date);
            expect(blocked(track.avoid, tenant, window.reason!.date)).toBe(true);
          }
          // With one candidate per occurrence, skipped means exactly "some touched date is blocked".
          if (track.cadence.kind !== 'monthly-mid-weekend') {
            expect(window.status === 'skipped').toBe(dates.some((date) => blocked(track.avoid, tenant, date)));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists occurrences in time order, each starting at the track start time on its local date', () => {
    fc.assert(
      fc.property(trackArb, rangeArb, (track, [from, to]) => {
        const windows = windowsBetween(track, from, to, { calendars });
        windows.forEach((window, index) => {
          if (index > 0) expect(window.startAt).toBeGreaterThan(windows[index - 1].startAt);
          expect(window.endAt - window.startAt).toBe(track.durationMs);
          const local = DateTime.fromMillis(window.startAt, { zone: track.zone });
          // A start inside a spring-forward gap moves forward by the gap; otherwise it is exact.
          if (local.toFormat('HH:mm') === track.start) expect(local.toISODate()).toBe(window.localDate);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answer prepared once and resolved per tenant as computed directly', () => {
    fc.assert(
      fc.property(trackArb, fc.array(freezeArb, { maxLength: 3 }), rangeArb, (track, tenant, [from, to]) => {
        const prepared = prepareTrack(track, from, to, calendars);
        const resolved = resolveWindows(prepared, freezeMask({ tenant }, prepared.firstDay, prepared.lastDay));
        expect(resolved).toEqual(windowsBetween(track, from, to, { calendars, freezes: { tenant } }));
      }),
      { numRuns: 200 },
    );
  });
});
