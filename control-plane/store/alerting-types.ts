/** Store interfaces for alerting: alert series, silences, maintenance periods, incidents. */
import type { AlertSeries, AlertState, MaintenancePeriod, Severity, Silence } from '../alerts/model.ts';

/** One state change of an alert series, kept for reports. */
export interface AlertEvent {
  fingerprint: string;
  ruleId: string;
  tenantId: string | null;
  hostId: string | null;
  severity: Severity;
  at: number;
  from: AlertState;
  to: AlertState;
  value: number | null;
  suppressed: boolean;
}

export interface StoredAlert extends AlertSeries {
  /** Firing while its host was in a maintenance period: recorded, not notified. */
  suppressed: boolean;
}

export interface AlertFilter {
  tenantId?: string | null;
  states?: AlertState[];
  hostId?: string;
}

export interface AlertStore {
  all(): StoredAlert[];
  list(filter: AlertFilter, limit: number): StoredAlert[];
  get(fingerprint: string): StoredAlert | undefined;
  /** Writes changed series and their events in one transaction. */
  save(series: readonly StoredAlert[], events: readonly AlertEvent[]): void;
  /** Removes resolved series that have not fired again since `before` (events stay). */
  pruneResolved(before: number): number;
  events(tenantId: string | null, fromAt: number, toAt: number): AlertEvent[];
}

export interface SilenceStore {
  create(silence: Silence): void;
  get(id: string): Silence | undefined;
  /** Silences not expired and not ended at `now`. */
  active(now: number): Silence[];
  list(tenantId: string | null): Silence[];
  expire(id: string, now: number): boolean;
}

export interface MaintenanceStore {
  create(period: MaintenancePeriod): void;
  get(id: string): MaintenancePeriod | undefined;
  /** Periods that have not ended by `now` (current and future). */
  current(now: number): MaintenancePeriod[];
  list(tenantId: string | null, limit: number): MaintenancePeriod[];
  end(id: string, now: number): boolean;
}

export interface Incident {
  id: string;
  tenantId: string;
  fingerprint: string;
  ruleId: string;
  hostId: string | null;
  severity: Severity;
  title: string;
  /** The title in Chinese, when the rule has a `summary_zh`. */
  titleZh: string | null;
  plan: string;
  calendar: string;
  openedAt: number;
  /** Null when the calendar cannot say (a year without holiday data); see `deadlineProblem`. */
  responseDueAt: number | null;
  deadlineProblem: string | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  ackBusinessSeconds: number | null;
  ackWallSeconds: number | null;
  resolveBusinessSeconds: number | null;
  resolveWallSeconds: number | null;
  responseBreached: boolean;
  /** The critical period the incident was opened in (deadline on its 7x24 promise); null or absent otherwise. */
  criticalPeriodId?: string | null;
}

export interface IncidentFilter {
  tenantId?: string | null;
  open?: boolean;
  /** Only incidents opened during this critical period. */
  criticalPeriodId?: string;
}

export interface IncidentStore {
  create(incident: Incident): void;
  get(id: string): Incident | undefined;
  openFor(fingerprint: string): Incident | undefined;
  update(incident: Incident): void;
  list(filter: IncidentFilter, limit: number): Incident[];
  /** Open, unacknowledged incidents whose response deadline passed by `now` and are not yet flagged. */
  dueForBreach(now: number): Incident[];
}
