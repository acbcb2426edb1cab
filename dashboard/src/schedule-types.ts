/**
 * Shapes of the scheduling API as the dashboard reads them: tracks, slots, windows,
 * bookings, releases and a tenant's settings. Types come from the routes' own schemas where
 * they export one; these imports are type-only, so nothing of the server reaches the bundle.
 */
import type { Static } from '@sinclair/typebox';
import type { BookingSchema, FreezeSchema, ReleaseSchema, SubscriptionSchema } from '../../control-plane/routes/booking-json.ts';
import type { SlotSchema, TrackSchema, WindowSchema } from '../../control-plane/routes/scheduling-json.ts';
import type { Contact as ContactModel, ContactKind, ContactLanguage, IcsFeed as IcsFeedModel } from '../../control-plane/store/notice-types.ts';
import type { Role } from './types.ts';

/** A track of the catalog or a private one, with the tenant's subscription (`GET /api/v1/tracks`). */
export type Track = Static<typeof TrackSchema>;

/** One slot of an on-request track; `reason` says why it cannot be booked now. */
export type Slot = Static<typeof SlotSchema>;

/** Why a slot, window or tenant's part in a window is not going ahead. */
export type ScheduleReason = NonNullable<Slot['reason']>;

/** `GET /api/v1/tracks/:trackId/slots`. */
export interface SlotListing {
  trackId: string;
  tenantId: string | null;
  fromDate: string;
  toDate: string;
  items: Slot[];
}

/** A materialised window with the coverage the caller may see. */
export type PatchWindow = Static<typeof WindowSchema>;

/** One tenant's part in a window. */
export type WindowCoverage = PatchWindow['coverage'][number];

/** Booking states (`booking-json.ts` builds its union from a list, so the literals are lost there). */
export const BOOKING_STATES = ['requested', 'confirmed', 'rejected', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** A booking (`GET /api/v1/bookings`). */
export type Booking = Omit<Static<typeof BookingSchema>, 'state'> & { state: BookingState };

/** A patch release with its artifacts, audits and where its audit stands (`GET /api/v1/releases`). */
export type Release = Static<typeof ReleaseSchema>;
export type ReleaseKind = Release['kind'];
export type ReleaseAudit = Release['audits'][number];
export type Artifact = Release['artifacts'][number];

/** A tenant following a track (`GET /api/v1/tenants/:id/subscriptions`). */
export type Subscription = Static<typeof SubscriptionSchema>;

/** A tenant freeze; `params` depend on `kind`. */
export type Freeze = Static<typeof FreezeSchema>;

/** Freeze kinds a tenant may add. */
export const FREEZE_KINDS = ['month-end', 'tax-filing', 'year-end', 'custom'] as const;
export type FreezeKind = (typeof FREEZE_KINDS)[number];

/** How a tenant runs the product a track patches. */
export const DEPLOYMENT_KINDS = ['public-multi-tenant', 'public-single-tenant', 'private'] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/** Contact channels notices go to. */
export const CONTACT_KINDS: readonly ContactKind[] = ['webhook', 'dingtalk', 'wecom', 'feishu'];
export type { ContactKind, ContactLanguage };

/**
 * A tenant contact: the store's model as `routes/contacts.ts` serialises it (its schema is
 * private there): `url` comes back redacted, the secret only as whether one is set.
 */
export type Contact = Omit<ContactModel, 'secret' | 'createdAt' | 'updatedAt'> & { hasSecret: boolean; createdAt: string; updatedAt: string };

/** A calendar feed (`routes/ics-feeds.ts`); the token is only in the answer that created it. */
export type IcsFeed = Omit<IcsFeedModel, 'tokenHash' | 'createdAt' | 'revokedAt'> & { createdAt: string; revokedAt: string | null };

/** The answer that created a feed: the only one carrying its secret token. */
export interface CreatedIcsFeed extends IcsFeed {
  token: string;
  /** `/ics/<token>.ics`, shown once. */
  path: string;
}

/** One audit log line as the dashboard asks `GET /api/v1/audit` for it. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  tenantId: string | null;
  target: string | null;
  details: Record<string, unknown>;
}

/** Roles that book, cancel and reschedule, and edit a tenant's scheduling settings. */
export const canSchedule = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator' || role === 'tenant-admin';

/** Roles that approve, reject and move bookings, register releases and decide audits. */
export const canDecide = (role: Role): boolean => role === 'ops-admin' || role === 'ops-operator';

/** Roles that may see contacts and calendar feeds (tenant viewers may not). */
export const canSeeContacts = (role: Role): boolean => role !== 'tenant-viewer';

/** The zone catalog tracks run in (DESIGN.md: every track and tenant defaults to it). */
export const DEFAULT_ZONE = 'Asia/Shanghai';
