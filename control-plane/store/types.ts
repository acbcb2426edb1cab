/**
 * Store interfaces, one per aggregate. Callers depend on these only; the SQLite
 * implementation lives in `sqlite/`, and another database can implement the same shapes.
 * All instants are epoch milliseconds (UTC).
 */
import type { CheckChangeRecord, GapRecord, HostFacts, PlanStatusRecord, SampleRecord } from '../../protocol/index.ts';
import type { AlertStore, IncidentStore, MaintenanceStore, SilenceStore } from './alerting-types.ts';
import type { ContactStore, IcsFeedStore, NoticeStore } from './notice-types.ts';
import type { BookingStore, ReleaseStore, TenantScheduleStore, WindowStore } from './scheduling-types.ts';
import type { ReportDataStore, ReportStore } from './report-types.ts';
import type { RolloutStore } from './rollout-types.ts';
import type { CriticalPeriodStore } from './critical-types.ts';

export type * from './alerting-types.ts';
export type * from './notice-types.ts';
export type * from './scheduling-types.ts';
export type * from './report-types.ts';
export type * from './rollout-types.ts';
export type * from './critical-types.ts';

export type Role = 'ops-admin' | 'ops-operator' | 'ops-viewer' | 'tenant-admin' | 'tenant-viewer';
export const ROLES: readonly Role[] = ['ops-admin', 'ops-operator', 'ops-viewer', 'tenant-admin', 'tenant-viewer'];
export const isTenantRole = (role: Role): boolean => role.startsWith('tenant-');

export type HostStatus = 'up' | 'stale' | 'down';

export interface Tenant {
  id: string;
  name: string;
  plan: string;
  timeZone: string;
  createdAt: number;
}

export interface TenantStore {
  create(tenant: Tenant): void;
  get(id: string): Tenant | undefined;
  findByName(name: string): Tenant | undefined;
  list(): Tenant[];
}

export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  tenantId: string | null;
  createdAt: number;
}

export interface UserStore {
  create(user: User): void;
  get(id: string): User | undefined;
  findByUsername(username: string): User | undefined;
  list(tenantId?: string): User[];
  count(): number;
}

export interface Session {
  idHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionStore {
  create(session: Session): void;
  get(idHash: string): Session | undefined;
  delete(idHash: string): void;
  deleteExpired(now: number): number;
}

export interface ApiToken {
  id: string;
  name: string;
  tokenHash: string;
  role: Role;
  tenantId: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokenStore {
  create(token: ApiToken): void;
  get(id: string): ApiToken | undefined;
  findByHash(tokenHash: string): ApiToken | undefined;
  list(tenantId?: string): ApiToken[];
  revoke(id: string, now: number): boolean;
}

export interface EnrollmentToken {
  id: string;
  tenantId: string;
  tokenHash: string;
  product: string | null;
  maxUses: number;
  uses: number;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
}

export interface EnrollmentTokenStore {
  create(token: EnrollmentToken): void;
  get(id: string): EnrollmentToken | undefined;
  findByHash(tokenHash: string): EnrollmentToken | undefined;
  list(tenantId?: string): EnrollmentToken[];
  /** Counts one use; the caller checks the limit inside the same transaction. */
  countUse(id: string): void;
  revoke(id: string, now: number): boolean;
}

export interface Agent {
  id: string;
  tenantId: string;
  hostId: string;
  secretHash: string;
  createdAt: number;
  revokedAt: number | null;
  agentVersion: string | null;
  intervalSeconds: number | null;
}

export interface AgentStore {
  create(agent: Agent): void;
  get(id: string): Agent | undefined;
  list(): Agent[];
  revoke(id: string, now: number): boolean;
  recordHello(id: string, agentVersion: string, intervalSeconds: number): void;
}

export interface Host {
  id: string;
  tenantId: string;
  name: string;
  product: string | null;
  agentId: string | null;
  facts: HostFacts | null;
  createdAt: number;
  lastSeenAt: number | null;
  status: HostStatus;
}

export interface HostStore {
  create(host: Host): void;
  get(id: string): Host | undefined;
  /** The hosts of `ids` that exist, in no particular order. */
  getMany(ids: readonly string[]): Host[];
  list(): Host[];
  setAgent(hostId: string, agentId: string): void;
  setStatus(changes: ReadonlyArray<{ hostId: string; status: HostStatus }>): void;
  /** Writes when hosts were last heard from (batched: the fleet keeps the live value). */
  setLastSeen(entries: ReadonlyArray<{ hostId: string; lastSeenAt: number }>): void;
}

/** Last sequence number committed per (agent, stream): the dedupe and resume point. */
export interface StreamStore {
  lastSeq(agentId: string, streamId: string): number;
}

/** One agent's records accepted for commit, already deduplicated and in seq order. */
export interface IngestItem {
  agentId: string;
  hostId: string;
  streamId: string;
  receivedAt: number;
  /** The agent's collection interval, stored with each sample for uptime accounting. */
  intervalSeconds: number;
  samples: SampleRecord[];
  facts: Array<{ seq: number; at: number; facts: HostFacts }>;
  checkChanges: CheckChangeRecord[];
  gaps: GapRecord[];
  planStatuses: PlanStatusRecord[];
  /** Highest seq among the records, committed as the stream's new resume point. */
  lastSeq: number;
}

export interface IngestStore {
  /**
   * Writes every item in one transaction, or nothing. Records at or below a stream's stored
   * resume point are skipped (another replica committed them); returns how many were.
   */
  commit(items: readonly IngestItem[]): number;
}

export interface StoredSample {
  seq: number;
  at: number;
  record: SampleRecord;
}

export interface CheckEvent {
  hostId: string;
  at: number;
  check: string;
  checkKind: string;
  from: string;
  to: string;
  message: string;
}

export interface OutboxGap {
  hostId: string;
  agentId: string;
  streamId: string;
  fromSeq: number;
  toSeq: number;
  droppedCount: number;
  fromAt: number;
  toAt: number;
  reportedAt: number;
}

export interface SampleStore {
  range(hostId: string, fromAt: number, toAt: number, limit: number): StoredSample[];
  latest(hostId: string): StoredSample | undefined;
  /** Each host's newest sample taken at or after `sinceAt` (start-up: resume live state). */
  latestSince(sinceAt: number): Array<StoredSample & { hostId: string }>;
  /** The newest sample taken at or after `sinceAt` of each of `hostIds` that has one. */
  latestOf(hostIds: readonly string[], sinceAt: number): Array<StoredSample & { hostId: string }>;
  checkEvents(hostId: string, fromAt: number, toAt: number, limit: number): CheckEvent[];
  gaps(hostId: string): OutboxGap[];
  /** Deletes at most `limit` samples older than `before`; returns how many went. */
  deleteOlderThan(before: number, limit: number): number;
}

/** Hourly min/mean/max per metric per host, and seconds up, kept for reports. */
export interface HourlyRollup {
  hostId: string;
  hourAt: number;
  metric: string;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export interface RollupStore {
  /** Aggregates the raw samples of one hour; idempotent. Returns rows written. */
  rollUpHour(hourAt: number): number;
  watermark(): number | null;
  setWatermark(hourAt: number): void;
  earliestSampleAt(): number | null;
  /** Hours that received late samples after being rolled up, oldest first. */
  dirtyHours(limit: number): number[];
  clearDirtyHour(hourAt: number): void;
  range(hostId: string, fromAt: number, toAt: number): HourlyRollup[];
  /** Mean disk use per host and mount per hour since `sinceAt`, oldest first. */
  diskUseSince(sinceAt: number): Array<{ hostId: string; mount: string; hourAt: number; usedPercent: number }>;
  deleteOlderThan(before: number, limit: number): number;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  tenantId: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

export interface AuditStore {
  append(entry: AuditEntry): void;
  list(tenantId: string | null, limit: number): AuditEntry[];
}

/** Everything the control plane persists. */
export interface Store {
  tenants: TenantStore;
  users: UserStore;
  sessions: SessionStore;
  apiTokens: ApiTokenStore;
  enrollmentTokens: EnrollmentTokenStore;
  agents: AgentStore;
  hosts: HostStore;
  streams: StreamStore;
  ingest: IngestStore;
  samples: SampleStore;
  rollups: RollupStore;
  audit: AuditStore;
  alerts: AlertStore;
  silences: SilenceStore;
  maintenance: MaintenanceStore;
  incidents: IncidentStore;
  contacts: ContactStore;
  notices: NoticeStore;
  icsFeeds: IcsFeedStore;
  tenantSchedules: TenantScheduleStore;
  windows: WindowStore;
  bookings: BookingStore;
  releases: ReleaseStore;
  reports: ReportStore;
  /** Read-only queries service reports are gathered from. */
  reportData: ReportDataStore;
  rollouts: RolloutStore;
  criticalPeriods: CriticalPeriodStore;
  /** Runs `fn` atomically; `fn` must be synchronous (no await inside). */
  transaction<T>(fn: () => T): T;
  close(): void;
}
