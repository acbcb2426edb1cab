/**
 * Rule evaluation, pure and driven by `now`: what each rule sees for one host (on ingest,
 * and on a timer for absence), for the whole system (calendar data), or for an event raised
 * by other code (rollouts). A series a rule does not observe this time (a mount or check the
 * latest sample lacks) yields no observation; the engine treats a missing series as `below`.
 */
import type { HolidayCalendars } from '../../schedules/core.ts';
import { missingCalendarYear } from '../../schedules/core.ts';
import { forecastDaysToFull, forecastWindow } from './disk-history.ts';
import type { HostContext } from './host-context.ts';
import { readMetric } from './metrics.ts';
import type { Labels, Observation } from './model.ts';
import { buildObservation, type Reading, type Scope } from './observation.ts';
import { passesFilter, type AlertRule, type CheckStateRule, type EventRule, type MetricForecastRule, type MetricThresholdRule, type ThresholdOp } from './rules/rule.ts';

export type { HostContext } from './host-context.ts';

const DAY_MS = 86_400_000;

const compare = (value: number, op: ThresholdOp, limit: number): boolean =>
  op === '>' ? value > limit : op === '>=' ? value >= limit : op === '<' ? value < limit : value <= limit;

/**
 * `above` when the value is on the alerting side of the threshold; `between` when it is
 * not, but still on the alerting side of `clear`; otherwise `below`.
 */
export function thresholdBreach(value: number, op: ThresholdOp, threshold: number, clear: number | null): Observation['breach'] {
  if (compare(value, op, threshold)) return 'above';
  return clear !== null && compare(value, op, clear) ? 'between' : 'below';
}

function thresholdReadings(rule: MetricThresholdRule, host: HostContext): Reading[] {
  const readings: Reading[] = [];
  for (const { subject, value } of readMetric(rule.metric, host)) {
    if (subject.mount !== undefined && !passesFilter(rule.mounts, subject.mount)) continue;
    if (subject.check !== undefined && !passesFilter(rule.checks, subject.check)) continue;
    readings.push({ subject, value, breach: thresholdBreach(value, rule.op, rule.threshold, rule.clear) });
  }
  return readings;
}

/**
 * Days to full per mount of the latest sample. A mount without enough history in the fit
 * window (see `forecastWindow`) has no reading: a line through too little data would alert
 * on every burst of writes.
 */
function forecastReadings(rule: MetricForecastRule, host: HostContext, now: number): Reading[] {
  const readings: Reading[] = [];
  for (const disk of host.latest?.metrics.disks ?? []) {
    if (!host.diskHistory || !passesFilter(rule.mounts, disk.mount)) continue;
    const window = forecastWindow(host.diskHistory.points(disk.mount, now - rule.overMs), now, rule.overMs);
    if ('reason' in window) continue;
    const days = forecastDaysToFull(window.points, now, rule.reaches);
    const breach = days !== null && days * DAY_MS <= rule.withinMs ? 'above' : 'below';
    readings.push({ subject: { mount: disk.mount }, value: days, breach });
  }
  return readings;
}

function checkReadings(rule: CheckStateRule, host: HostContext): Reading[] {
  const readings: Reading[] = [];
  for (const check of host.latest?.checks ?? []) {
    if (!passesFilter(rule.checks, check.name) || (rule.checkKinds && !rule.checkKinds.has(check.kind))) continue;
    readings.push({ subject: { check: check.name }, value: null, breach: rule.statuses.has(check.status) ? 'above' : 'below' });
  }
  return readings;
}

/**
 * A down host's last sample is old: its sample-based series are observed as `between`, so
 * alerts already active stay so (host-down says what is wrong) and none start on stale data.
 */
const stale = (readings: Reading[], host: HostContext): Reading[] => (host.status === 'down' ? readings.map((reading) => ({ ...reading, breach: 'between' })) : readings);

function hostReadings(rule: AlertRule, host: HostContext, now: number): Reading[] {
  switch (rule.kind) {
    case 'metric-threshold':
      return stale(thresholdReadings(rule, host), host);
    case 'metric-forecast':
      return stale(forecastReadings(rule, host, now), host);
    case 'check-state':
      return stale(checkReadings(rule, host), host);
    case 'heartbeat-lost':
      return [{ subject: {}, value: null, breach: rule.statuses.has(host.status) ? 'above' : 'below' }];
    case 'outbox-gap': {
      const recent = host.lastGapAt !== null && now - host.lastGapAt < rule.windowMs;
      return [{ subject: {}, value: host.lastGapDropped, breach: recent ? 'above' : 'below' }];
    }
    default:
      return [];
  }
}

/**
 * What every host rule sees of `host` at `now` (global and event rules are skipped). With
 * `activeRules` (the rules that have a series under way for this host), readings that cannot
 * start an alert (`below`, `between`) of other rules are left out before their labels,
 * annotations and fingerprint are built: a quiet host then costs only its readings.
 */
export function evaluateHost(rules: readonly AlertRule[], host: HostContext, now: number, activeRules?: ReadonlySet<string>): Observation[] {
  const scope: Scope = { tenantId: host.tenantId, tenantName: host.tenantName, hostId: host.hostId, hostName: host.hostName, product: host.product };
  const observations: Observation[] = [];
  for (const rule of rules) {
    for (const reading of hostReadings(rule, host, now)) {
      if (activeRules && reading.breach !== 'above' && !activeRules.has(rule.id)) continue;
      observations.push(buildObservation(rule, scope, reading));
    }
  }
  return observations;
}

/** What global rules need: the instant, the holiday calendars and the zone whose year counts. */
export interface GlobalContext {
  now: number;
  calendars: HolidayCalendars;
  zone: string;
}

const NO_SCOPE: Scope = { tenantId: null, tenantName: null, hostId: null, hostName: null, product: null };

/** What global rules see: `calendar-missing` observes the year to add (label `year`), if any. */
export function evaluateGlobal(rules: readonly AlertRule[], context: GlobalContext): Observation[] {
  const year = missingCalendarYear(context.now, context.calendars, context.zone);
  if (year === undefined) return [];
  return rules.filter((rule) => rule.kind === 'calendar-missing').map((rule) => buildObservation(rule, NO_SCOPE, { subject: { year }, value: year, breach: 'above' }));
}

/** Something that happened, raised by other code for an event rule. */
export interface RuleEvent {
  tenantId: string;
  tenantName?: string;
  hostId?: string;
  hostName?: string;
  product?: string;
  /** What the event is about (e.g. `rollout`, `window`): part of the alert's identity. */
  labels?: Labels;
  /** Shown as `{{value}}` (window-overrun: minutes past the window's end). */
  value: number | null;
  /** When it happened: the `now` the engine passes to `nextAlertState` for it. */
  at: number;
}

/** The observation of an event by an event rule (`rollout-failed`, `window-overrun`): always `above`. */
export function eventObservation(rule: EventRule, event: RuleEvent): Observation {
  const scope: Scope = {
    tenantId: event.tenantId,
    tenantName: event.tenantName ?? null,
    hostId: event.hostId ?? null,
    hostName: event.hostName ?? null,
    product: event.product ?? null,
  };
  return buildObservation(rule, scope, { subject: {}, value: event.value, breach: 'above' }, event.labels);
}
