/** Rules as evaluation uses them: durations in milliseconds, templates parsed, patterns compiled. */
import type { CheckStatusValue } from '../../../protocol/index.ts';
import type { HostContext } from '../host-context.ts';
import type { MetricName } from '../metrics.ts';
import type { RuleTiming, Severity } from '../model.ts';
import type { TemplatePart } from '../template.ts';

/** Anchored patterns: a name passes when it matches an `include` (or there are none) and no `exclude`. */
export interface NameFilter {
  include: RegExp[];
  exclude: RegExp[];
}

/** Threshold comparison; for `<` and `<=` "above" means on the alerting side. */
export type ThresholdOp = '>' | '>=' | '<' | '<=';

interface RuleBase {
  id: string;
  severity: Severity;
  /** The file the rule came from (defaults or a rules-directory file). */
  source: string;
  /** What the state machine needs: `for` and `keepFiringFor` in milliseconds. */
  timing: RuleTiming;
  /** The rule's own labels, as templates. */
  labels: ReadonlyArray<readonly [string, readonly TemplatePart[]]>;
  /** `summary`, `description` and their `_zh` variants, as templates. */
  annotations: ReadonlyArray<readonly [string, readonly TemplatePart[]]>;
}

/** A metric compared with a threshold; `clear` (or the threshold itself) ends an episode. */
export interface MetricThresholdRule extends RuleBase {
  kind: 'metric-threshold';
  metric: MetricName;
  op: ThresholdOp;
  threshold: number;
  clear: number | null;
  mounts: NameFilter | null;
  checks: NameFilter | null;
}

/** Days until a mount reaches `reaches` percent, fitted over `overMs`; alerts within `withinMs`. */
export interface MetricForecastRule extends RuleBase {
  kind: 'metric-forecast';
  metric: 'disk_used_percent';
  reaches: number;
  withinMs: number;
  overMs: number;
  mounts: NameFilter | null;
}

/** Checks whose status is one of `statuses`. */
export interface CheckStateRule extends RuleBase {
  kind: 'check-state';
  statuses: ReadonlySet<CheckStatusValue>;
  checks: NameFilter | null;
  checkKinds: ReadonlySet<string> | null;
}

/** Hosts whose status is one of `statuses`. */
export interface HeartbeatLostRule extends RuleBase {
  kind: 'heartbeat-lost';
  statuses: ReadonlySet<HostContext['status']>;
}

/** An outbox gap reported within `windowMs` (the rule's `keepFiringFor`). */
export interface OutboxGapRule extends RuleBase {
  kind: 'outbox-gap';
  windowMs: number;
}

/** A global rule about holiday calendar data. */
export interface CalendarMissingRule extends RuleBase {
  kind: 'calendar-missing';
}

/** A rule raised by an event from other code (rollouts). */
export interface EventRule extends RuleBase {
  kind: 'rollout-failed' | 'window-overrun';
}

/** A loaded, checked rule. */
export type AlertRule = MetricThresholdRule | MetricForecastRule | CheckStateRule | HeartbeatLostRule | OutboxGapRule | CalendarMissingRule | EventRule;

/** True when `name` passes the filter (a missing filter passes everything). */
export function passesFilter(filter: NameFilter | null, name: string): boolean {
  if (!filter) return true;
  return (filter.include.length === 0 || filter.include.some((re) => re.test(name))) && !filter.exclude.some((re) => re.test(name));
}

/** The rules of one kind, typed as such. */
export function rulesOfKind<K extends AlertRule['kind']>(rules: readonly AlertRule[], kind: K): (AlertRule & { kind: K })[] {
  return rules.filter((rule): rule is AlertRule & { kind: K } => rule.kind === kind);
}
