import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleError, deadline, elapsedSeconds, serviceCalendar, SERVICE_CALENDAR_IDS, SESSIONS } from '../../schedules/index.ts';
import { instantToLocal } from '../../schedules/zone-clock.ts';
import { isOpenDay } from '../../schedules/service-hours.ts';
import { at, calendars } from './helpers.ts';

const FIRST = at('2024-01-01T00:00:00+08:00');
const LAST = at('2026-12-31T23:59:00+08:00');
const MINUTE = 60_000;

// Starts on whole minutes hit the session boundaries often; arbitrary ms starts cover the rest.
const startArb = fc.oneof(
  fc.integer({ min: FIRST / MINUTE, max: LAST / MINUTE }).map((minute) => minute * MINUTE),
  fc.integer({ min: FIRST, max: LAST }),
);
const secondsArb = fc.oneof(fc.integer({ min: 0, max: 10 * 8 * 3600 }), fc.constantFrom(0, 60, 3.5 * 3600, 4.5 * 3600, 8 * 3600, 4 * 3600));
const calendarArb = fc.constantFrom(...SERVICE_CALENDAR_IDS).chain((id) =>
  fc.constantFrom('Asia/Shanghai', 'America/New_York').map((zone) => serviceCalendar(id, calendars, zone)),
);

/** Runs `body`, treating "needs 2027" as outside the property's domain. */
function withinData(body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof ScheduleError && error.code === 'CALENDAR_UNKNOWN_YEAR') return;
    throw error;
  }
}

describe('business-time arithmetic properties', () => {
  it('elapsed(start, deadline(start, d)) equals d', () => {
    fc.assert(
      fc.property(startArb, secondsArb, calendarArb, (startAt, seconds, calendar) =>
        withinData(() => {
          expect(elapsedSeconds(startAt, deadline(startAt, seconds, calendar), calendar)).toBe(seconds);
        }),
      ),
      { numRuns: 2000 },
    );
  });

  it('never moves a deadline earlier when the duration grows', () => {
    fc.assert(
      fc.property(startArb, secondsArb, fc.integer({ min: 0, max: 8 * 3600 }), calendarArb, (startAt, seconds, more, calendar) =>
        withinData(() => {
          expect(deadline(startAt, seconds + more, calendar)).toBeGreaterThanOrEqual(deadline(startAt, seconds, calendar));
        }),
      ),
      { numRuns: 2000 },
    );
  });

  it('puts every positive deadline inside a session (or on its end) of an open day, never before the start', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 10 * 8 * 3600 }), calendarArb, (startAt, seconds, calendar) =>
        withinData(() => {
          const deadlineAt = deadline(startAt, seconds, calendar);
          expect(deadlineAt).toBeGreaterThan(startAt);
          if (calendar.id === '7x24') return;
          const { day, minuteOfDay } = instantToLocal(deadlineAt - 1, calendar.zone);
          expect(isOpenDay(day, calendar)).toBe(true);
          expect(SESSIONS.some(([open, close]) => minuteOfDay >= open && minuteOfDay < close)).toBe(true);
        }),
      ),
      { numRuns: 2000 },
    );
  });

  it('adds up: elapsed(a, c) = elapsed(a, b) + elapsed(b, c)', () => {
    fc.assert(
      fc.property(startArb, startArb, startArb, calendarArb, (x, y, z, calendar) =>
        withinData(() => {
          const [a, b, c] = [x, y, z].sort((p, q) => p - q);
          const whole = elapsedSeconds(a, c, calendar);
          expect(whole).toBeCloseTo(elapsedSeconds(a, b, calendar) + elapsedSeconds(b, c, calendar), 6);
        }),
      ),
      { numRuns: 500 },
    );
  });
});
