/**
 * The alert state machine, pure and driven by `now`, as in Prometheus `rules/alerting.go`:
 *
 *   inactive -> pending   the condition holds (straight to firing when `forMs` is 0)
 *   pending  -> firing    it has held for `forMs` since `activeAt`
 *   pending  -> inactive  it stopped holding before that
 *   firing   -> resolved  it stopped holding and `keepFiringForMs` has passed since `lastTrueAt`
 *   resolved -> pending   it holds again: a new episode (new `activeAt`, `firedAt` and
 *                         `resolvedAt` cleared, acknowledgement cleared)
 *
 * An evaluation "holds" when the observation is `above`, or `between` while the series is
 * pending or firing: hysteresis keeps an episode alive (and lets pending reach firing) but
 * never starts one. `lastTrueAt` is the last evaluation that held, so `keepFiringFor` counts
 * from when the value actually cleared. `now` must not go backwards for one series.
 */
import { DEFAULT_FLAP_THRESHOLDS, nextFlapping, percentStateChange, pushFlapHistory, type FlapThresholds } from './flapping.ts';
import type { AlertSeries, Observation, RuleTiming } from './model.ts';

type Lifecycle = Pick<AlertSeries, 'state' | 'activeAt' | 'firedAt' | 'resolvedAt' | 'lastTrueAt' | 'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgeComment'>;

const NOT_ACKNOWLEDGED = { acknowledgedAt: null, acknowledgedBy: null, acknowledgeComment: null } as const;

/** True for the states in which an episode is under way. */
export const isActive = (series: Pick<AlertSeries, 'state'> | undefined): boolean => series?.state === 'pending' || series?.state === 'firing';

/**
 * Whether the previous evaluation held. A state change, for flap detection, is this flag
 * flipping between evaluations: pending -> firing is not a change, pending -> inactive is.
 */
const heldLastTime = (prev: AlertSeries | undefined): boolean => prev !== undefined && prev.lastTrueAt !== null && prev.lastTrueAt === prev.lastEvaluatedAt;

/** The series after one evaluation at `now` (a new series starts inactive). */
export function nextAlertState(
  prev: AlertSeries | undefined,
  observation: Observation,
  timing: RuleTiming,
  now: number,
  flap: FlapThresholds = DEFAULT_FLAP_THRESHOLDS,
): AlertSeries {
  const held = observation.breach === 'above' || (observation.breach === 'between' && isActive(prev));
  const flapHistory = pushFlapHistory(prev?.flapHistory ?? [], held !== heldLastTime(prev));
  return {
    ...transition(prev, held, timing, now),
    fingerprint: observation.fingerprint,
    ruleId: observation.ruleId,
    tenantId: observation.tenantId,
    hostId: observation.hostId,
    labels: observation.labels,
    annotations: observation.annotations,
    severity: observation.severity,
    value: observation.value,
    lastEvaluatedAt: now,
    flapHistory,
    flapping: nextFlapping(prev?.flapping ?? false, percentStateChange(flapHistory), flap),
  };
}

function transition(prev: AlertSeries | undefined, held: boolean, timing: RuleTiming, now: number): Lifecycle {
  const from: Lifecycle = prev
    ? { state: prev.state, activeAt: prev.activeAt, firedAt: prev.firedAt, resolvedAt: prev.resolvedAt, lastTrueAt: prev.lastTrueAt, acknowledgedAt: prev.acknowledgedAt, acknowledgedBy: prev.acknowledgedBy, acknowledgeComment: prev.acknowledgeComment }
    : { state: 'inactive', activeAt: null, firedAt: null, resolvedAt: null, lastTrueAt: null, ...NOT_ACKNOWLEDGED };
  switch (from.state) {
    case 'inactive':
    case 'resolved':
      if (!held) return from;
      if (timing.forMs <= 0) return { ...from, ...NOT_ACKNOWLEDGED, state: 'firing', activeAt: now, firedAt: now, resolvedAt: null, lastTrueAt: now };
      return { ...from, ...NOT_ACKNOWLEDGED, state: 'pending', activeAt: now, firedAt: null, resolvedAt: null, lastTrueAt: now };
    case 'pending':
      if (!held) return { ...from, state: 'inactive', activeAt: null };
      if (now - (from.activeAt ?? now) >= timing.forMs) return { ...from, state: 'firing', firedAt: now, lastTrueAt: now };
      return { ...from, lastTrueAt: now };
    case 'firing':
      if (held) return { ...from, lastTrueAt: now };
      // keepFiringFor: stay firing on a brief clear, so a value that dips and returns is one alert.
      if (from.lastTrueAt !== null && now - from.lastTrueAt < timing.keepFiringForMs) return from;
      return { ...from, state: 'resolved', resolvedAt: now };
  }
}

/**
 * When the series must be evaluated again even without new data: a pending series when
 * `forMs` is up, a firing one when `keepFiringForMs` runs out. The engine schedules a timer
 * for it (also after a restart, from persisted series); null when only new data can change it.
 */
export function nextDueAt(series: AlertSeries, timing: RuleTiming): number | null {
  if (series.state === 'pending' && series.activeAt !== null) return series.activeAt + timing.forMs;
  if (series.state === 'firing' && series.lastTrueAt !== null && timing.keepFiringForMs > 0) return series.lastTrueAt + timing.keepFiringForMs;
  return null;
}

/** The series acknowledged by `who` at `now`; null when it is not pending or firing. */
export function acknowledgeAlert(series: AlertSeries, who: string, comment: string, now: number): AlertSeries | null {
  if (!isActive(series)) return null;
  return { ...series, acknowledgedAt: now, acknowledgedBy: who, acknowledgeComment: comment };
}
