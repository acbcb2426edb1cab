/**
 * The shape of a service report (issue 7) as stored and served in JSON. Every figure carries
 * a `trace`: which stored rows (ids) and query inputs it was computed from, so a reader can
 * check it. Instants in reports are ISO 8601 strings; durations carry their unit.
 */
import type { CriticalSection } from './critical-model.ts';

export type * from './critical-model.ts';

/** Half-year, calendar year, any range of local dates, or a declared critical period. */
export type ReportPeriodKind = 'half-year' | 'year' | 'range' | 'critical-period';
/** Languages the HTML report is written in. */
export type ReportLocale = 'zh-CN' | 'en';
/** Every report locale. */
export const REPORT_LOCALES: readonly ReportLocale[] = ['zh-CN', 'en'];
/** Where a support interaction came in. */
export type SupportChannel = 'hotline' | 'im' | 'ticket';
/** Every support channel. */
export const SUPPORT_CHANNELS: readonly SupportChannel[] = ['hotline', 'im', 'ticket'];

/** What to report on: a half (1 = Jan-Jun, 2 = Jul-Dec), a year, local dates inclusive, or a critical period by id. */
export type PeriodRequest =
  | { kind: 'half-year'; year: number; half: 1 | 2 }
  | { kind: 'year'; year: number }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'critical-period'; periodId: string };

/** What a caller asks for. */
export interface ReportRequest {
  tenantId: string;
  period: PeriodRequest;
  locale: ReportLocale;
}

/** A period resolved in the tenant's zone: [fromAt, toAt) and its local dates (inclusive). */
export interface ReportPeriod {
  kind: ReportPeriodKind;
  label: string;
  zone: string;
  fromAt: number;
  toAt: number;
  fromDate: string;
  toDate: string;
}

/** Where a figure comes from: the table or store query, its inputs, and the rows' ids. */
export interface Trace {
  source: string;
  inputs: Record<string, unknown>;
  ids: Array<string | number>;
}

/** A host enrolled, revoked or with changed facts. */
export interface HostChange {
  hostId: string;
  hostName: string;
  at: string;
  kind: 'added' | 'removed' | 'facts-changed';
  detail: string;
}

/** Hosts of the period and their changes. */
export interface HostsSection {
  atStart: number;
  atEnd: number;
  added: number;
  removed: number;
  items: Array<{ id: string; name: string; product: string | null; createdAt: string; revokedAt: string | null }>;
  changes: HostChange[];
  trace: Trace;
}

/** One host's availability with its trace. */
export interface HostAvailability {
  hostId: string;
  hostName: string;
  /** Seconds the host was expected up (its part of the period), less agreed maintenance. */
  expectedSeconds: number;
  maintenanceSeconds: number;
  upSeconds: number;
  downtimeSeconds: number;
  /** upSeconds / expectedSeconds, or null when nothing was expected. */
  availability: number | null;
  trace: Trace;
}

/** Availability of each host and of the tenant. */
export interface AvailabilitySection {
  tenant: { expectedSeconds: number; maintenanceSeconds: number; upSeconds: number; downtimeSeconds: number; availability: number | null };
  hosts: HostAvailability[];
  method: string;
  trace: Trace;
}

/** A count under a key. */
export interface Tally {
  key: string;
  count: number;
}

/** Alert firings of the period. */
export interface AlertsSection {
  firings: number;
  suppressedFirings: number;
  byCategory: Tally[];
  bySeverity: Tally[];
  byRule: Tally[];
  /** Series that fired most often (rule on one host or check), most first. */
  mostRecurrent: Array<{ fingerprint: string; ruleId: string; hostId: string | null; hostName: string | null; count: number }>;
  trace: Trace;
}

/** One incident as the report judges it. */
export interface IncidentRow {
  id: string;
  ruleId: string;
  category: string;
  severity: string;
  hostId: string | null;
  title: string;
  plan: string;
  calendar: string;
  openedAt: string;
  responseDueAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  responseBusinessSeconds: number | null;
  resolutionBusinessSeconds: number | null;
  /** met / missed the response deadline, pending (open and not yet due), or undetermined (calendar unknown). */
  deadline: 'met' | 'missed' | 'pending' | 'undetermined';
  problem: string | null;
}

/** Count, mean, median and max of business durations. */
export interface DurationStats {
  count: number;
  meanBusinessHours: number | null;
  medianBusinessHours: number | null;
  maxBusinessHours: number | null;
}

/** Incidents of the period against the plan. */
export interface IncidentsSection {
  count: number;
  byCategory: Tally[];
  bySeverity: Tally[];
  byRule: Tally[];
  response: DurationStats;
  resolution: DurationStats;
  deadline: { withinBusinessSeconds: Record<string, number>; met: number; missed: number; pending: number; undetermined: number; shareWithin: number | null };
  items: IncidentRow[];
  trace: Trace;
}

/** One patch window as the tenant saw it. */
export interface WindowRow {
  id: string;
  trackId: string;
  startAt: string;
  endAt: string;
  status: 'held' | 'upcoming' | 'skipped' | 'cancelled';
  reason: string | null;
  hostIds: string[];
}

/** How one patch plan ended on one host. */
export interface PlanOutcomeRow {
  planId: string;
  rolloutId: string;
  hostId: string;
  hostName: string;
  at: string;
  state: 'succeeded' | 'failed' | 'rolled-back';
  versionBefore: string | null;
  versionAfter: string | null;
  reason: string | null;
  eventId: number;
}

/** One on-request slot booking and its moves. */
export interface BookingRow {
  id: string;
  trackId: string;
  slotDate: string;
  state: string;
  requestedAt: string;
  honoured: boolean;
  moves: Array<{ at: string; action: string; reason: string | null }>;
}

/** Windows, patch outcomes and slots. */
export interface PatchingSection {
  windows: { held: number; upcoming: number; skipped: number; cancelled: number; skipReasons: Tally[]; items: WindowRow[]; trace: Trace };
  plans: { succeeded: number; failed: number; rolledBack: number; versionsApplied: string[]; items: PlanOutcomeRow[]; trace: Trace };
  slots: { requested: number; honoured: number; moved: number; rejected: number; cancelled: number; items: BookingRow[]; trace: Trace };
}

/** Growth of one mount and its projection to full. */
export interface DiskTrend {
  mount: string;
  lastPercent: number;
  growthPercentPerDay: number;
  daysToFull: number | null;
  hours: number;
}

/** One host's capacity figures with their trace. */
export interface HostCapacity {
  hostId: string;
  hostName: string;
  cpuP95: number | null;
  memoryP95: number | null;
  hours: number;
  disks: DiskTrend[];
  trace: Trace;
}

/** Capacity of every host and how it is computed. */
export interface CapacitySection {
  method: string;
  hosts: HostCapacity[];
}

/** Imported support interactions of the period. */
export interface SupportSection {
  count: number;
  byChannel: Tally[];
  byCategory: Tally[];
  firstResponseMinutes: { count: number; mean: number | null; median: number | null };
  resolutionHours: { count: number; mean: number | null; median: number | null };
  trace: Trace;
}

/** The rules a recommendation can come from; `critical-*` only in critical-period reports. */
export type RecommendationRule =
  | 'disk-full-soon'
  | 'check-failing-weekly'
  | 'missed-windows'
  | 'low-availability'
  | 'response-deadline'
  | 'capacity-high'
  | 'critical-response-missed'
  | 'critical-downtime'
  | 'critical-changes';

/** One rule-based recommendation and the data behind it. */
export interface Recommendation {
  rule: RecommendationRule;
  severity: 'info' | 'warning' | 'critical';
  subject: string;
  /** Message parameters; the renderers word them per locale. */
  facts: Record<string, string | number>;
  trace: Trace;
}

/** A whole report. */
export interface ReportContent {
  schemaVersion: 1;
  tenant: { id: string; name: string; plan: string; timeZone: string };
  period: { kind: ReportPeriodKind; label: string; zone: string; fromAt: string; toAt: string; fromDate: string; toDate: string };
  generatedAt: string;
  locale: ReportLocale;
  hosts: HostsSection;
  availability: AvailabilitySection;
  alerts: AlertsSection;
  incidents: IncidentsSection;
  patching: PatchingSection;
  capacity: CapacitySection;
  support: SupportSection;
  recommendations: Recommendation[];
  /** Only in a critical-period report: the period, heightened response times and actions taken. */
  critical?: CriticalSection;
}
