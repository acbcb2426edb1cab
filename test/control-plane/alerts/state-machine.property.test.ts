import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertSeries, Observation, RuleTiming } from '../../../control-plane/alerts/model.ts';
import { nextAlertState } from '../../../control-plane/alerts/state-machine.ts';
import { MINUTE, observation, T0 } from './helpers.ts';

const breach = fc.constantFrom<Observation['breach']>('above', 'between', 'below');
const steps = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 20 * MINUTE }), breach }), { maxLength: 80 });
const timing = fc.record({
  forMs: fc.constantFrom(0, 1, MINUTE, 10 * MINUTE),
  keepFiringForMs: fc.constantFrom(0, 5 * MINUTE, 15 * MINUTE),
});

/** Feeds the observations to the state machine, calling `check` on every transition. */
function walk(ruleTiming: RuleTiming, sequence: { gapMs: number; breach: Observation['breach'] }[], check: (prev: AlertSeries | undefined, next: AlertSeries, now: number) => void): void {
  let series: AlertSeries | undefined;
  let now = T0;
  for (const { gapMs, breach: seen } of sequence) {
    now += gapMs;
    const next = nextAlertState(series, observation(seen), ruleTiming, now);
    check(series, next, now);
    series = next;
  }
}

describe('the alert state machine, for any sequence of observations', () => {
  it('fires only after being pending for forMs (or at once when forMs is 0), and resolves no earlier than it fired', () => {
    fc.assert(
      fc.property(timing, steps, (ruleTiming, sequence) =>
        walk(ruleTiming, sequence, (prev, next, now) => {
          if (next.state === 'firing' && prev?.state !== 'firing') {
            if (ruleTiming.forMs > 0) {
              expect(prev?.state).toBe('pending');
              expect(next.firedAt! - next.activeAt!).toBeGreaterThanOrEqual(ruleTiming.forMs);
            } else {
              expect(next.firedAt).toBe(now);
            }
          }
          if (next.state === 'firing' && prev?.state === 'firing') expect(next.firedAt).toBe(prev.firedAt);
          if (next.resolvedAt !== null) expect(next.resolvedAt).toBeGreaterThanOrEqual(next.firedAt!);
          expect(next.flapHistory.length).toBeLessThanOrEqual(21);
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('keeps each state’s timestamps consistent with it', () => {
    fc.assert(
      fc.property(timing, steps, (ruleTiming, sequence) =>
        walk(ruleTiming, sequence, (_prev, { state, activeAt, firedAt, resolvedAt, lastTrueAt }) => {
          if (state === 'inactive') expect(activeAt).toBeNull();
          if (state === 'pending') expect([activeAt !== null, firedAt, resolvedAt]).toEqual([true, null, null]);
          if (state === 'firing') expect(activeAt! <= firedAt! && firedAt! <= lastTrueAt! && resolvedAt === null).toBe(true);
          if (state === 'resolved') expect(firedAt! <= resolvedAt!).toBe(true);
        }),
      ),
      { numRuns: 300 },
    );
  });
});
