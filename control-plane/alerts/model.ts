/**
 * The shapes alerting is built from, shared by rule evaluation, the alert state machine,
 * incidents and notification delivery. All instants are epoch milliseconds (UTC).
 */

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** Alert labels: `alertname`, `severity`, `host`, `host_id`, `tenant`, `tenant_id` and the rule's own. */
export type Labels = Readonly<Record<string, string>>;

/** The lifecycle of one alert series (one rule on one subject), as in Prometheus. */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** What identifies and describes one alert series (one rule on one subject). */
export interface SeriesIdentity {
  fingerprint: string;
  ruleId: string;
  tenantId: string | null;
  hostId: string | null;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  severity: Severity;
  value: number | null;
}

/**
 * What one evaluation saw for one series. `breach` carries hysteresis: `above` the threshold,
 * `between` threshold and clear threshold (keeps a pending/firing alert active, does not start
 * one), or `below` the clear threshold.
 */
export interface Observation extends SeriesIdentity {
  breach: 'above' | 'between' | 'below';
}

/** Persisted state of one alert series. */
export interface AlertSeries extends SeriesIdentity {
  state: AlertState;
  /** When the condition became true for this episode (pending began). */
  activeAt: number | null;
  firedAt: number | null;
  resolvedAt: number | null;
  /** Last evaluation where the condition held, for `keepFiringFor`. */
  lastTrueAt: number | null;
  lastEvaluatedAt: number;
  /** Whether each of the last 21 evaluations changed state (Nagios flap detection), oldest first. */
  flapHistory: boolean[];
  flapping: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  acknowledgeComment: string | null;
}

/** Timing of a rule, durations in milliseconds. */
export interface RuleTiming {
  forMs: number;
  keepFiringForMs: number;
}

/** Why a firing alert is not notified right now. */
export type MuteReason = 'silenced' | 'suppressed' | 'flapping';

/** A firing or resolved alert as handed to notification routing. */
export interface NotifiableAlert {
  fingerprint: string;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  status: 'firing' | 'resolved';
  startsAt: number;
  endsAt: number | null;
  value: number | null;
  tenantId: string | null;
  acknowledged: boolean;
  /** Empty when the alert may be notified. */
  mutedBy: MuteReason[];
}

/** Silences mute alerts whose labels match every matcher, until `endsAt`. */
export interface LabelMatcher {
  name: string;
  value: string;
  /** `=`, `!=`, `=~` (anchored regular expression), `!~`. */
  op: '=' | '!=' | '=~' | '!~';
}

export interface Silence {
  id: string;
  tenantId: string | null;
  matchers: LabelMatcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  expiredAt: number | null;
}

/** A maintenance period: alerts of these hosts are recorded as suppressed, not notified. */
export interface MaintenancePeriod {
  id: string;
  tenantId: string;
  /** Empty: every host of the tenant. */
  hostIds: string[];
  startsAt: number;
  endsAt: number;
  reason: string;
  /** What created it: `ops` by hand, or a patch window / rollout id later. */
  source: string;
}
