/**
 * The scheduling API: tracks and their slots, windows, bookings and releases. Every action
 * route takes a JSON body, so actions without fields send `{}`.
 */
import { queryString, request } from './api.ts';
import type { Artifact, Booking, BookingState, PatchWindow, Release, ReleaseKind, SlotListing, Track } from './schedule-types.ts';

/** Most windows or bookings one list asks for; the API's own ceilings. */
export const WINDOW_LIMIT = 5000;
export const BOOKING_LIMIT = 1000;

const enc = encodeURIComponent;
const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, { signal });

/** A new booking; ops name the tenant, tenant admins book for their own. */
export interface NewBooking {
  trackId: string;
  slotDate: string;
  tenantId?: string;
  releaseId?: string;
  note?: string;
}

/** A change to a booking: the route's last segment and its body. */
export type BookingChange =
  | { action: 'cancel' | 'approve'; reason?: string }
  | { action: 'reject'; reason: string }
  | { action: 'reschedule'; slotDate: string; reason?: string }
  | { action: 'move'; slotDate: string; reason: string };

/** A release to register; `tenantId` makes it the tenant's own (customisation releases need one). */
export interface NewRelease {
  trackId: string;
  tenantId?: string;
  version: string;
  kind: ReleaseKind;
  notes: string;
  artifacts: Array<Omit<Artifact, 'url'> & { url?: string }>;
}

/** Tracks, slots, windows, bookings and releases. */
export const scheduleApi = {
  tracks: (tenantId: string | undefined, signal?: AbortSignal) => get<{ items: Track[] }>(`/api/v1/tracks${queryString({ tenantId })}`, signal),
  slots: (trackId: string, query: { tenantId?: string; releaseId?: string; from?: string; to?: string }, signal?: AbortSignal) =>
    get<SlotListing>(`/api/v1/tracks/${enc(trackId)}/slots${queryString(query)}`, signal),
  windows: (query: { tenantId?: string; trackId?: string; fromAt: number; toAt: number }, signal?: AbortSignal) =>
    get<{ items: PatchWindow[] }>(
      `/api/v1/windows${queryString({ trackId: query.trackId, tenantId: query.tenantId, from: new Date(query.fromAt).toISOString(), to: new Date(query.toAt).toISOString(), limit: WINDOW_LIMIT })}`,
      signal,
    ),
  bookings: (query: { tenantId?: string; trackId?: string; states?: readonly BookingState[] }, signal?: AbortSignal) =>
    get<{ items: Booking[] }>(`/api/v1/bookings${queryString({ state: query.states, tenantId: query.tenantId, trackId: query.trackId, limit: BOOKING_LIMIT })}`, signal),
  book: (booking: NewBooking) => request<Booking>('POST', '/api/v1/bookings', booking),
  changeBooking: (bookingId: string, change: BookingChange) => {
    const { action, ...body } = change;
    return request<Booking>('POST', `/api/v1/bookings/${enc(bookingId)}/${action}`, body);
  },
  releases: (query: { trackId?: string; tenantId?: string }, signal?: AbortSignal) => get<{ items: Release[] }>(`/api/v1/releases${queryString(query)}`, signal),
  createRelease: (release: NewRelease) => request<Release>('POST', '/api/v1/releases', release),
  submitAudit: (releaseId: string, notes: string) => request<Release>('POST', `/api/v1/releases/${enc(releaseId)}/audits`, { notes }),
  decideAudit: (releaseId: string, auditId: string, decision: 'approve' | 'reject', findings: string) =>
    request<Release>('POST', `/api/v1/releases/${enc(releaseId)}/audits/${enc(auditId)}/${decision}`, { findings }),
};
