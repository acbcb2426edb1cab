/**
 * Store interfaces for service reports (migration 008-reports.sql): generation jobs, stored
 * reports, imported support interactions, and the read-only queries a report is gathered
 * from. Instants are epoch milliseconds (UTC).
 */
import type { HostFacts } from '../../protocol/index.ts';
import type { ReportContent, ReportLocale, ReportPeriodKind, ReportRequest, SupportChannel } from '../reports/model.ts';
import type { SignOff } from '../reports/sign-off.ts';

export type { SignOff, SignOffState } from '../reports/sign-off.ts';

export type ReportJobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** One generation of a report, run off the request path; `percent` rises as steps finish. */
export interface ReportJob {
  id: string;
  tenantId: string;
  request: ReportRequest;
  state: ReportJobState;
  percent: number;
  step: string | null;
  reportId: string | null;
  error: string | null;
  createdAt: number;
  createdBy: string;
  startedAt: number | null;
  finishedAt: number | null;
}

/** A stored report without its content, for lists. */
export interface ReportSummary {
  id: string;
  tenantId: string;
  jobId: string;
  periodKind: ReportPeriodKind;
  periodLabel: string;
  fromAt: number;
  toAt: number;
  locale: ReportLocale;
  generatedAt: number;
  createdBy: string;
  /** Null until the report is issued to the tenant for sign-off. */
  signOff: SignOff | null;
}

export interface StoredReport extends ReportSummary {
  content: ReportContent;
}

/** A report as generation stores it: no sign-off yet. */
export type NewReport = Omit<StoredReport, 'signOff'>;

/** An awaiting sign-off whose deadline has passed, with its report's tenant. */
export interface DueSignOff {
  reportId: string;
  tenantId: string;
  signOff: SignOff;
}

/** A support interaction imported from a hotline, IM or ticket system. */
export interface SupportEvent {
  tenantId: string;
  externalId: string;
  channel: SupportChannel;
  category: string;
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  importedAt: number;
  updatedAt: number;
}

/** What an import did: new ids, changed ones, and exact repeats left alone. */
export interface SupportImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ReportStore {
  createJob(job: ReportJob): void;
  getJob(id: string): ReportJob | undefined;
  /** Writes state, percent, step, error and the times. */
  updateJob(job: ReportJob): void;
  jobsIn(states: readonly ReportJobState[]): ReportJob[];
  /** Stores the report and marks its job succeeded, in one transaction. */
  completeJob(job: ReportJob, report: NewReport): void;
  get(id: string): StoredReport | undefined;
  /** Newest first; null lists every tenant's. */
  list(tenantId: string | null, limit: number): ReportSummary[];
  /** Inserts or updates by (tenant, external id), in one transaction. */
  importSupportEvents(events: readonly Omit<SupportEvent, 'importedAt' | 'updatedAt'>[], now: number): SupportImportResult;
  supportEvents(tenantId: string, fromAt: number, toAt: number): SupportEvent[];
  /** Starts a report's sign-off; throws on a report that already has one (callers check first, in a transaction). */
  issue(reportId: string, signOff: SignOff): void;
  /** Records the decision on an awaiting sign-off; false when it was not awaiting (nothing written). */
  decide(reportId: string, signOff: SignOff): boolean;
  /** Awaiting sign-offs with `dueAt <= now`, oldest deadline first. */
  listDueForDefault(now: number, limit: number): DueSignOff[];
}

/** A host as a report sees it: enrolled at `createdAt`, gone at `revokedAt` once every agent of it is revoked. */
export interface ReportHost {
  id: string;
  name: string;
  product: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/** One terminal patch-plan state reported by a host (plan_events, migration 006). */
export interface ReportPlanEvent {
  id: number;
  hostId: string;
  at: number;
  planId: string;
  rolloutId: string;
  state: string;
  reason: string | null;
  versionBefore: string | null;
  versionAfter: string | null;
}

/** Hours, sum of hour instants and sum of mean use of one mount over part of a period. */
export interface DiskHalfSums {
  count: number;
  sumHourAt: number;
  sumPercent: number;
}

/** One mount's hourly mean use split at the period's middle hour, and its last hour. */
export interface DiskTrendSums {
  mount: string;
  firstHalf: DiskHalfSums;
  secondHalf: DiskHalfSums;
  firstHourAt: number;
  lastHourAt: number;
  lastPercent: number;
}

/** Read-only queries over other aggregates' tables, shaped for report figures. */
export interface ReportDataStore {
  hosts(tenantId: string): ReportHost[];
  /** Facts each host reported in [fromAt, toAt), and its last report before `fromAt`, oldest first. */
  factsHistory(tenantId: string, fromAt: number, toAt: number): Array<{ hostId: string; at: number; facts: HostFacts }>;
  /** Sum of `seconds_up` of the host's hours in [fromAt, toAt), and how many hours had a row. */
  secondsUpSum(hostId: string, fromAt: number, toAt: number): { seconds: number; hours: number };
  /** `seconds_up` of the given hours (hours with no row are absent). */
  secondsUpHours(hostId: string, hourAts: readonly number[]): Array<{ hourAt: number; seconds: number }>;
  /**
   * Nearest-rank 95th percentile of a metric's hourly means in [fromAt, toAt), computed in
   * SQLite (a year of hours never crosses into JavaScript), and how many hours it covers.
   */
  hourlyP95(hostId: string, metric: string, fromAt: number, toAt: number): { value: number | null; hours: number };
  /** Per mount, sums of hourly mean use in [fromAt, middleAt) and [middleAt, toAt). */
  diskTrends(hostId: string, fromAt: number, middleAt: number, toAt: number): DiskTrendSums[];
  /** Terminal plan states (succeeded, failed, rolled-back) of the tenant's hosts in [fromAt, toAt). */
  planEvents(tenantId: string, fromAt: number, toAt: number): ReportPlanEvent[];
  /** Ids of the tenant's incidents opened in [fromAt, toAt), oldest first. */
  incidentIds(tenantId: string, fromAt: number, toAt: number): string[];
  /** Ids of the tenant's maintenance periods overlapping [fromAt, toAt). */
  maintenanceIds(tenantId: string, fromAt: number, toAt: number): string[];
  /** Ids of the tenant's bookings requested, or with a slot starting, in [fromAt, toAt). */
  bookingIds(tenantId: string, fromAt: number, toAt: number): string[];
  /** Audit entries `booking.*` of the tenant in [fromAt, toAt), oldest first. */
  bookingChanges(tenantId: string, fromAt: number, toAt: number): Array<{ at: number; action: string; bookingId: string; reason: string | null }>;
  /** The tenant's audit entries in [fromAt, toAt), oldest first, at most `limit`. */
  auditEntries(tenantId: string, fromAt: number, toAt: number, limit: number): Array<{ id: number; at: number; actor: string; action: string; target: string | null }>;
}
