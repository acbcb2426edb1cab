/**
 * Store interfaces for scheduling (migration 004-scheduling.sql): tenant subscriptions,
 * freezes and private tracks; materialised windows with their coverage; bookings; releases
 * with artifacts and security audits. Instants are epoch milliseconds (UTC).
 */
import type { MaintenancePeriod } from '../alerts/model.ts';
import type { Booking, BookingState, PatchWindow, PrivateTrack, Release, SecurityAudit, Subscription, TenantFreeze, WindowStatus } from '../scheduling/model.ts';

export interface TenantScheduleStore {
  subscriptions(tenantId: string): Subscription[];
  /** Every tenant's subscriptions to `trackId` (private ids repeat across tenants: filter by owner). */
  subscribersOf(trackId: string): Subscription[];
  /** Replaces all of a tenant's subscriptions. */
  replaceSubscriptions(tenantId: string, subscriptions: readonly Subscription[]): void;
  freezes(tenantId: string): TenantFreeze[];
  getFreeze(id: string): TenantFreeze | undefined;
  createFreeze(freeze: TenantFreeze): void;
  updateFreeze(freeze: TenantFreeze): void;
  deleteFreeze(id: string): boolean;
  /** One tenant's private tracks, or every tenant's with null. */
  privateTracks(tenantId: string | null): PrivateTrack[];
  getPrivateTrack(tenantId: string, trackId: string): PrivateTrack | undefined;
  /** Inserts or replaces (tenant, track). */
  savePrivateTrack(track: PrivateTrack): void;
}

export interface WindowFilter {
  trackId?: string;
  /** Windows covering (or skipping) this tenant, or owned by it. */
  tenantId?: string | null;
  status?: WindowStatus;
  fromAt: number;
  toAt: number;
  limit: number;
}

export interface WindowStore {
  get(id: string): PatchWindow | undefined;
  /** A track's windows starting after `sinceAt`, with coverage, oldest first. */
  forTrack(trackKey: string, sinceAt: number): PatchWindow[];
  /** Windows starting in [fromAt, toAt), with all their coverage, oldest first. */
  list(filter: WindowFilter): PatchWindow[];
  /** Track keys that have windows starting after `sinceAt`. */
  trackKeys(sinceAt: number): string[];
  /** Writes the window and replaces its coverage. */
  save(window: PatchWindow): void;
  /**
   * Makes the maintenance periods of a window (`source` = `window:<id>`) exactly `periods`:
   * inserted or updated by id; others deleted, or ended at `now` when they have begun.
   */
  syncMaintenance(windowId: string, periods: readonly MaintenancePeriod[], now: number): void;
}

export interface BookingFilter {
  tenantId?: string | null;
  states?: readonly BookingState[];
  trackId?: string;
  limit: number;
}

export interface BookingStore {
  create(booking: Booking): void;
  get(id: string): Booking | undefined;
  /** Replaces every field but `id`. */
  update(booking: Booking): void;
  list(filter: BookingFilter): Booking[];
  /** Requested and confirmed bookings per slot date of a track, dates in [fromDate, toDate]. */
  activeBySlot(trackKey: string, fromDate: string, toDate: string): Booking[];
  /** Confirmed bookings of a track whose slot starts after `afterAt`. */
  confirmedFor(trackKey: string, afterAt: number): Booking[];
  /** Confirmed bookings that replace a batch window, slots starting after `afterAt`. */
  confirmedAlternatives(afterAt: number): Booking[];
}

export interface ReleaseFilter {
  trackId?: string;
  /** A tenant sees the shared releases (no tenant) and its own; null lists all. */
  visibleTo?: string | null;
  limit: number;
}

export interface ReleaseStore {
  create(release: Release): void;
  get(id: string): Release | undefined;
  find(trackId: string, tenantId: string | null, version: string): Release | undefined;
  list(filter: ReleaseFilter): Release[];
  addAudit(audit: SecurityAudit): void;
  updateAudit(audit: SecurityAudit): void;
}
