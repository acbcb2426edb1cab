/**
 * Values of the scheduling domain: tenant subscriptions and freezes, materialised windows
 * with their coverage, bookings, releases and security audits. Instants are epoch ms (UTC);
 * local dates are `YYYY-MM-DD` in the zone of the track they belong to.
 */
import type { Track, TrackSpec } from '../../schedules/core.ts';

/** How a tenant runs the product a track patches. */
export type DeploymentKind = 'public-multi-tenant' | 'public-single-tenant' | 'private';
export const DEPLOYMENT_KINDS: readonly DeploymentKind[] = ['public-multi-tenant', 'public-single-tenant', 'private'];

/** A tenant following a track; `hostIds` null means the tenant's hosts of the track's product. */
export interface Subscription {
  tenantId: string;
  trackId: string;
  deploymentKind: DeploymentKind;
  hostIds: string[] | null;
  createdAt: number;
  updatedAt: number;
}

/** First and last day of a month (clamped to the month's length). */
export interface DayRange {
  fromDay: number;
  toDay: number;
}

/** Parameters of each tenant freeze kind. */
export interface FreezeParamsByKind {
  'month-end': { lastDays: number; firstDays: number };
  /** `months` overrides single months (`YYYY-MM`): another day range, or null for none that month. */
  'tax-filing': DayRange & { months: Record<string, DayRange | null> };
  /** `MM-DD` to `MM-DD`; may cross the year end. */
  'year-end': { from: string; to: string };
  /** `YYYY-MM-DD` to `YYYY-MM-DD`, inclusive. */
  custom: { from: string; to: string };
}

export type FreezeKind = keyof FreezeParamsByKind;
export const FREEZE_KINDS: readonly FreezeKind[] = ['month-end', 'tax-filing', 'year-end', 'custom'];

/** A tenant freeze period as stored. */
export type TenantFreeze = {
  [K in FreezeKind]: { id: string; tenantId: string; kind: K; label: string; params: FreezeParamsByKind[K]; createdAt: number; createdBy: string; updatedAt: number };
}[FreezeKind];

/** A tenant's own track for a private deployment, as written (a `schedules` track spec). */
export interface PrivateTrack {
  tenantId: string;
  trackId: string;
  spec: TrackSpec;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** A track from the catalog or a tenant's private one; `key` is unique across both. */
export interface ResolvedTrack {
  track: Track;
  /** The tenant owning a private track; null for the shared catalog. */
  ownerTenantId: string | null;
  key: string;
}

/** Stable codes saying why a window, a coverage or a slot is not going ahead. */
export type WindowReasonCode = 'HOLIDAY' | 'IN_FREEZE' | 'IN_CRITICAL_PERIOD' | 'UNKNOWN_CALENDAR' | 'BOOKED_ELSEWHERE' | 'NO_BOOKINGS' | 'NOT_PLANNED';

/** Why a window (or one tenant's part in it) is skipped or cancelled. */
export interface WindowReason {
  code: WindowReasonCode;
  message: string;
  detail?: Record<string, unknown>;
}

export type WindowStatus = 'scheduled' | 'skipped' | 'cancelled';

/** One tenant's part in a window: covered (with its hosts) or skipped with a reason. */
export interface WindowCoverage {
  tenantId: string;
  status: 'covered' | 'skipped';
  reason: WindowReason | null;
  hostIds: string[];
  via: 'subscription' | 'booking';
  bookingIds: string[];
  /**
   * Rises by one each time this tenant's view of the window changes (its times, the window's
   * status, or this tenant's status in it), and only then: what notices key "moved" on.
   */
  revision: number;
}

/**
 * A materialised window: one occurrence of a track (or one booked slot of an on-request
 * track). `occurrenceKey` is the preferred local date, so a window moved to another
 * Saturday keeps its id; `version` rises on every change.
 */
export interface PatchWindow {
  id: string;
  trackId: string;
  trackKey: string;
  ownerTenantId: string | null;
  occurrenceKey: string;
  localDate: string;
  zone: string;
  startAt: number;
  endAt: number;
  /** The times before the latest move, once the window has moved. */
  previousStartAt: number | null;
  previousEndAt: number | null;
  cutoffAt: number;
  noticeBy: string | null;
  status: WindowStatus;
  reason: WindowReason | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  coverage: WindowCoverage[];
}

export type BookingState = 'requested' | 'confirmed' | 'rejected' | 'cancelled';
/** States that hold a place in a slot. */
export const ACTIVE_BOOKING_STATES: readonly BookingState[] = ['requested', 'confirmed'];

export type Approval = 'required' | 'none';

/** A tenant's booking of one slot of an on-request track. */
export interface Booking {
  id: string;
  tenantId: string;
  trackId: string;
  trackKey: string;
  slotDate: string;
  slotStartAt: number;
  slotEndAt: number;
  /** No booking change after this instant (the slot's end minus the track's cutoff). */
  cutoffAt: number;
  state: BookingState;
  approval: Approval;
  releaseId: string | null;
  /** A batch window this booking replaces for the tenant (an alternative slot). */
  insteadOfWindowId: string | null;
  note: string;
  requestedAt: number;
  requestedBy: string;
  confirmedAt: number | null;
  confirmedBy: string | null;
  rejectedAt: number | null;
  rejectedBy: string | null;
  cancelledAt: number | null;
  cancelledBy: string | null;
  /** Why of the latest decision, cancellation, reschedule or move. */
  reason: string | null;
  version: number;
  updatedAt: number;
}

export type ReleaseKind = 'standard' | 'customisation' | 'hotfix';

export interface ReleaseArtifact {
  name: string;
  /** Lower-case hex SHA-256 of the artifact. */
  sha256: string;
  url: string | null;
}

export type SecurityAuditState = 'submitted' | 'approved' | 'rejected';

/** One security audit of a release: submitted, then approved or rejected with findings. */
export interface SecurityAudit {
  id: string;
  releaseId: string;
  state: SecurityAuditState;
  notes: string;
  findings: string;
  submittedAt: number;
  submittedBy: string;
  decidedAt: number | null;
  decidedBy: string | null;
}

/** A patch release of a track; customisation releases usually belong to one tenant. */
export interface Release {
  id: string;
  trackId: string;
  tenantId: string | null;
  version: string;
  kind: ReleaseKind;
  notes: string;
  artifacts: ReleaseArtifact[];
  createdAt: number;
  createdBy: string;
  /** Oldest first. */
  audits: SecurityAudit[];
}
