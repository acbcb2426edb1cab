import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAP_THRESHOLDS, flapWeight, nextFlapping, percentStateChange, pushFlapHistory } from '../../../control-plane/alerts/flapping.ts';
import type { AlertSeries, Observation } from '../../../control-plane/alerts/model.ts';
import { nextAlertState } from '../../../control-plane/alerts/state-machine.ts';
import { MINUTE, observation, T0 } from './helpers.ts';

/** History with the newest `changes` slots changed, the older ones not. */
const recentChanges = (changes: number) => Array.from({ length: 21 }, (_, slot) => slot >= 21 - changes);

describe('Nagios weighting of state changes', () => {
  it.each([
    [0, 0.8],
    [10, 1.0],
    [20, 1.2],
  ])('slot %i (0 oldest, 20 newest) weighs %f', (slot, weight) => {
    expect(flapWeight(slot)).toBeCloseTo(weight, 10);
  });

  it.each<[string, boolean[], number]>([
    ['no change is 0%', Array(21).fill(false), 0],
    ['a change at every evaluation is 100%', Array(21).fill(true), 100],
    ['nine recent changes are 48.0%', recentChanges(9), 48],
    ['ten recent changes are 52.9%, where unweighted counting would say 47.6%', recentChanges(10), 52.857],
    ['ten old changes weigh less: 42.4%', recentChanges(21).map((_, slot) => slot < 10), 42.381],
    ['a short history fills the newest slots', [true, true], ((1.18 + 1.2) * 100) / 21],
  ])('%s', (_name, history, percent) => {
    expect(percentStateChange(history)).toBeCloseTo(percent, 2);
  });

  it('keeps the last 21 flags, oldest first', () => {
    let history: boolean[] = [];
    for (let i = 0; i < 30; i += 1) history = pushFlapHistory(history, i % 3 === 0);
    expect(history).toHaveLength(21);
    expect(history[20]).toBe(29 % 3 === 0);
    expect(history[0]).toBe(9 % 3 === 0);
  });

  it.each<[boolean, number, boolean]>([
    [false, 50, true],
    [false, 49.9, false],
    [true, 25.1, true],
    [true, 25, false],
    [false, 30, false],
  ])('was flapping %s, at %f%% -> flapping %s (start at 50, stop at 25)', (was, percent, expected) => {
    expect(nextFlapping(was, percent, DEFAULT_FLAP_THRESHOLDS)).toBe(expected);
  });
});

describe('flap detection in nextAlertState', () => {
  const tenMinutes = { forMs: 10 * MINUTE, keepFiringForMs: 0 };

  function evaluate(breaches: Observation['breach'][], timing = tenMinutes, start?: AlertSeries): AlertSeries[] {
    const out: AlertSeries[] = [];
    let series = start;
    breaches.forEach((breach, index) => {
      series = nextAlertState(series, observation(breach), timing, (start?.lastEvaluatedAt ?? T0) + (index + 1) * MINUTE);
      out.push(series);
    });
    return out;
  }

  const alternating = (n: number): Observation['breach'][] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'above' : 'below'));

  it('starts flapping at the tenth consecutive condition flip, because recent flips weigh more', () => {
    const states = evaluate(alternating(12));
    expect(states.map((s) => s.flapping)).toEqual([false, false, false, false, false, false, false, false, false, true, true, true]);
    expect(percentStateChange(states[8].flapHistory)).toBeCloseTo(48, 2);
  });

  it('stays flapping between the thresholds and stops once the weighted flips fall to 25%', () => {
    const flapping = evaluate(alternating(21)).at(-1) as AlertSeries;
    expect(flapping.flapping).toBe(true);
    // The first steady evaluation is itself a flip (above -> below); after it, each one pushes
    // an old flip out. Seven flips left in the oldest slots weigh 28.7%, six weigh 24.3%.
    const steady = evaluate(Array(17).fill('below'), tenMinutes, flapping);
    expect(steady.map((s) => s.flapping)).toEqual([...Array(15).fill(true), false, false]);
    expect(percentStateChange(steady[14].flapHistory)).toBeCloseTo(28.67, 2);
    expect(percentStateChange(steady[15].flapHistory)).toBeCloseTo(24.29, 2);
  });

  it('does not count pending -> firing as a state change', () => {
    const states = evaluate(Array(15).fill('above'));
    expect(states.at(-1)?.state).toBe('firing');
    expect(states.at(-1)?.flapHistory.filter(Boolean)).toHaveLength(1);
  });

  it('counts the condition flipping even while keepFiringFor holds the alert firing', () => {
    const states = evaluate(alternating(12), { forMs: 0, keepFiringForMs: 60 * MINUTE });
    expect(states.every((s) => s.state === 'firing')).toBe(true);
    expect(states.at(-1)?.flapping).toBe(true);
  });

  it('does not count hysteresis: a value moving between above and between is one held condition', () => {
    const states = evaluate(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'above' : 'between')));
    expect(states.at(-1)?.flapHistory.filter(Boolean)).toHaveLength(1);
    expect(states.at(-1)?.flapping).toBe(false);
  });
});
