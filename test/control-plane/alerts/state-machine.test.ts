import { describe, expect, it } from 'vitest';
import type { AlertSeries, RuleTiming } from '../../../control-plane/alerts/model.ts';
import { acknowledgeAlert, nextAlertState, nextDueAt } from '../../../control-plane/alerts/state-machine.ts';
import { last, MINUTE, observation, run, T0, type Step } from './helpers.ts';

const at = (minutes: number) => T0 + minutes * MINUTE;
const timing = (forMinutes: number, keepFiringMinutes = 0): RuleTiming => ({ forMs: forMinutes * MINUTE, keepFiringForMs: keepFiringMinutes * MINUTE });

type Expected = Partial<Pick<AlertSeries, 'state' | 'activeAt' | 'firedAt' | 'resolvedAt' | 'lastTrueAt' | 'acknowledgedAt' | 'acknowledgedBy'>>;

describe('nextAlertState', () => {
  it.each<[string, Step[], RuleTiming, Expected]>([
    ['a new series observed below stays inactive', [[0, 'below']], timing(10), { state: 'inactive', activeAt: null, lastTrueAt: null }],
    ['a new series observed between stays inactive: hysteresis never starts an episode', [[0, 'between']], timing(10), { state: 'inactive', activeAt: null }],
    ['above with for=0 fires at once', [[0, 'above']], timing(0), { state: 'firing', activeAt: at(0), firedAt: at(0), lastTrueAt: at(0) }],
    ['above with for=10m goes pending', [[0, 'above']], timing(10), { state: 'pending', activeAt: at(0), firedAt: null }],
    ['pending stays pending until for has passed', [[0, 'above'], [9.99, 'above']], timing(10), { state: 'pending', activeAt: at(0), lastTrueAt: at(9.99) }],
    ['pending fires once for has passed, keeping activeAt', [[0, 'above'], [10, 'above']], timing(10), { state: 'firing', activeAt: at(0), firedAt: at(10) }],
    ['pending falls back to inactive when the condition stops', [[0, 'above'], [5, 'below']], timing(10), { state: 'inactive', activeAt: null, firedAt: null }],
    ['between keeps pending alive and lets it fire after for', [[0, 'above'], [5, 'between'], [10, 'between']], timing(10), { state: 'firing', activeAt: at(0), firedAt: at(10), lastTrueAt: at(10) }],
    ['a new episode after pending fell back starts its own for', [[0, 'above'], [5, 'below'], [6, 'above'], [12, 'above']], timing(10), { state: 'pending', activeAt: at(6) }],
    ['firing stays firing while the condition holds, firedAt unchanged', [[0, 'above'], [1, 'above'], [30, 'above']], timing(0), { state: 'firing', firedAt: at(0), lastTrueAt: at(30) }],
    ['between keeps firing alive', [[0, 'above'], [5, 'between'], [9, 'between']], timing(0), { state: 'firing', lastTrueAt: at(9) }],
    ['firing resolves on below when keepFiringFor is 0', [[0, 'above'], [3, 'below']], timing(0), { state: 'resolved', firedAt: at(0), resolvedAt: at(3) }],
    ['firing stays firing within keepFiringFor after the condition stops', [[0, 'above'], [10, 'below'], [14.99, 'below']], timing(0, 15), { state: 'firing', lastTrueAt: at(0), resolvedAt: null }],
    ['firing resolves when keepFiringFor has passed since lastTrueAt', [[0, 'above'], [10, 'below'], [15, 'below']], timing(0, 15), { state: 'resolved', resolvedAt: at(15) }],
    ['keepFiringFor counts from the last between, not the last above', [[0, 'above'], [10, 'between'], [20, 'below'], [24, 'below']], timing(0, 15), { state: 'firing', lastTrueAt: at(10) }],
    ['an above within keepFiringFor keeps the same episode', [[0, 'above'], [5, 'below'], [8, 'above'], [20, 'below']], timing(0, 15), { state: 'firing', activeAt: at(0), firedAt: at(0), lastTrueAt: at(8) }],
    ['resolved stays resolved on below and between', [[0, 'above'], [1, 'below'], [2, 'between'], [3, 'below']], timing(0), { state: 'resolved', resolvedAt: at(1) }],
    ['resolved goes pending on a new episode: new activeAt, firedAt and resolvedAt cleared', [[0, 'above'], [1, 'below'], [20, 'above']], timing(5), { state: 'pending', activeAt: at(20), firedAt: null, resolvedAt: null }],
    ['a new episode after resolved fires on its own for', [[0, 'above'], [1, 'below'], [20, 'above'], [25, 'above']], timing(5), { state: 'firing', activeAt: at(20), firedAt: at(25) }],
    ['resolved fires at once on a new episode with for=0', [[0, 'above'], [1, 'below'], [20, 'above']], timing(0), { state: 'firing', activeAt: at(20), firedAt: at(20), resolvedAt: null }],
    ['an acknowledgement lasts while the episode fires', [[0, 'above'], [1, 'ack'], [2, 'above'], [3, 'between']], timing(0), { state: 'firing', acknowledgedAt: at(1), acknowledgedBy: 'ops-li' }],
    ['an acknowledgement is kept when the episode resolves', [[0, 'above'], [1, 'ack'], [2, 'below']], timing(0), { state: 'resolved', acknowledgedAt: at(1) }],
    ['a new episode clears the acknowledgement (resolved -> pending)', [[0, 'above'], [1, 'ack'], [2, 'below'], [9, 'above']], timing(5), { state: 'pending', acknowledgedAt: null, acknowledgedBy: null }],
    ['a new episode clears the acknowledgement (resolved -> firing)', [[0, 'above'], [1, 'ack'], [2, 'below'], [9, 'above']], timing(0), { state: 'firing', acknowledgedAt: null, acknowledgedBy: null }],
  ])('%s', (_name, steps, ruleTiming, expected) => {
    expect(last(steps, ruleTiming)).toMatchObject(expected);
  });

  it('takes labels, annotations, severity and value from the latest observation and stamps lastEvaluatedAt', () => {
    const first = nextAlertState(undefined, observation('above', 95), timing(10), at(0));
    const next = nextAlertState(first, { ...observation('between', 85), annotations: { summary: 'CPU 85%' } }, timing(10), at(1));
    expect(next).toMatchObject({ value: 85, annotations: { summary: 'CPU 85%' }, lastEvaluatedAt: at(1), fingerprint: 'fp-cpu', ruleId: 'cpu-high', tenantId: 't-acme', hostId: 'h-erp-01' });
  });

  it('does not change the series it was given', () => {
    const first = nextAlertState(undefined, observation('above'), timing(10), at(0));
    const copy = structuredClone(first);
    nextAlertState(first, observation('above'), timing(10), at(10));
    expect(first).toEqual(copy);
  });
});

describe('nextDueAt', () => {
  const states = run([[0, 'above'], [3, 'above'], [12, 'above'], [20, 'below'], [40, 'below']], timing(10, 25));
  it.each<[string, AlertSeries, RuleTiming, number | null]>([
    ['a pending series is due when for is up', states[1], timing(10, 25), at(10)],
    ['a firing series is due when keepFiringFor runs out from lastTrueAt', states[2], timing(10, 25), at(37)],
    ['a firing series inside keepFiringFor is due when it runs out', states[3], timing(10, 25), at(37)],
    ['a firing series without keepFiringFor waits for data', states[2], timing(10, 0), null],
    ['a resolved series waits for data', last([[0, 'above'], [1, 'below']], timing(0)), timing(0), null],
    ['an inactive series waits for data', last([[0, 'below']], timing(10)), timing(10), null],
  ])('%s', (_name, series, ruleTiming, due) => {
    expect(nextDueAt(series, ruleTiming)).toBe(due);
  });

  it('the firing series of the table resolves exactly at its due time', () => {
    expect(states[3].state).toBe('firing');
    expect(nextAlertState(states[3], observation('below'), timing(10, 25), at(37))).toMatchObject({ state: 'resolved', resolvedAt: at(37) });
  });

  it('resumes after a restart: a pending series read back from JSON is due at the same instant and fires once there', () => {
    const pending = last([[0, 'above'], [4, 'above']], timing(10));
    const restored = JSON.parse(JSON.stringify(pending)) as AlertSeries;
    const due = nextDueAt(restored, timing(10));
    expect(due).toBe(at(10));
    const fired = nextAlertState(restored, observation('above'), timing(10), due as number);
    expect(fired).toMatchObject({ state: 'firing', activeAt: at(0), firedAt: at(10) });
    const again = nextAlertState(fired, observation('above'), timing(10), at(11));
    expect(again.firedAt).toBe(at(10));
  });
});

describe('acknowledgeAlert', () => {
  it('records who acknowledged a firing alert, when and why', () => {
    const firing = last([[0, 'above']], timing(0));
    expect(acknowledgeAlert(firing, 'ops-li', 'disk cleanup running', at(2))).toMatchObject({ acknowledgedAt: at(2), acknowledgedBy: 'ops-li', acknowledgeComment: 'disk cleanup running' });
  });

  it('refuses an alert that is not pending or firing', () => {
    expect(acknowledgeAlert(last([[0, 'above'], [1, 'below']], timing(0)), 'ops-li', '', at(2))).toBeNull();
    expect(acknowledgeAlert(last([[0, 'below']], timing(0)), 'ops-li', '', at(2))).toBeNull();
  });
});
