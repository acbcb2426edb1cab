/** Wire shapes of tracks, slots and windows, and the functions that map domain values to them. */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../plugins/auth.ts';
import type { Actor } from '../scheduling/deps.ts';
import type { Role } from '../store/types.ts';
import type { PatchWindow, ResolvedTrack, Subscription, WindowCoverage, WindowReason } from '../scheduling/model.ts';
import { approvalFor, bookingRoute } from '../scheduling/policy.ts';
import type { SlotView } from '../scheduling/slots.ts';
import { isOnRequest } from '../scheduling/tracks.ts';
import { IsoInstant, iso } from './schemas.ts';

/** Roles that change a tenant's scheduling settings and bookings: ops writers and the tenant's admins. */
export const SCHEDULE_WRITERS: readonly Role[] = ['ops-admin', 'ops-operator', 'tenant-admin'];

/** The caller as scheduling services see it. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { actor: principal.actor, tenantId: principal.tenantId };
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const isoOrNull = (at: number | null) => (at === null ? null : iso(at));

export const TrackId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$', maxLength: 128, description: 'product/track, e.g. xingkong/st-standard' });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD in the track zone' });

export const ReasonSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const CadenceSchema = Type.Object({
  kind: Type.String(),
  /** ISO weekday numbers, 1 = Monday. */
  weekdays: Type.Optional(Type.Array(Type.Integer())),
  everyWeeks: Type.Optional(Type.Integer()),
  anchor: Type.Optional(Type.String()),
  months: Type.Optional(Type.Array(Type.Integer())),
  nth: Type.Optional(Type.Union([Type.Integer(), Type.Literal('last')])),
  weekday: Type.Optional(Type.Integer()),
  offsetDays: Type.Optional(Type.Integer()),
  minLeadMs: Type.Optional(Type.Integer()),
});

export const TrackSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  zone: Type.String(),
  ownerTenantId: Nullable(Type.String()),
  cadence: CadenceSchema,
  start: Type.String(),
  durationMs: Type.Integer(),
  avoid: Type.Array(Type.String()),
  noticeDays: Nullable(Type.Integer()),
  capacity: Nullable(Type.Integer()),
  cutoffMs: Type.Integer(),
  prerequisites: Type.Array(Type.String()),
  alternativeTrack: Nullable(Type.String()),
  bookable: Type.Boolean(),
  /** For a booking made directly on this track. */
  approval: Type.Union([Type.Literal('required'), Type.Literal('none')]),
  subscription: Nullable(Type.Object({ deploymentKind: Type.String(), hostIds: Nullable(Type.Array(Type.String())) })),
});

export function trackJson(resolved: ResolvedTrack, subscription: Subscription | undefined) {
  const t = resolved.track;
  return {
    id: t.id,
    name: t.name,
    zone: t.zone,
    ownerTenantId: resolved.ownerTenantId,
    cadence: t.cadence,
    start: t.start,
    durationMs: t.durationMs,
    avoid: t.avoid,
    noticeDays: t.noticeDays ?? null,
    capacity: t.capacity ?? null,
    cutoffMs: t.cutoffMs,
    prerequisites: t.prerequisites,
    alternativeTrack: t.alternativeTrack ?? null,
    bookable: isOnRequest(t),
    approval: isOnRequest(t) ? approvalFor(bookingRoute(resolved, false)) : 'none',
    subscription: subscription ? { deploymentKind: subscription.deploymentKind, hostIds: subscription.hostIds } : null,
  };
}

export const SlotSchema = Type.Object({
  slotDate: Type.String(),
  startAt: IsoInstant,
  endAt: IsoInstant,
  cutoffAt: IsoInstant,
  bookBeforeAt: IsoInstant,
  capacity: Nullable(Type.Integer()),
  booked: Type.Integer(),
  remaining: Nullable(Type.Integer()),
  bookable: Type.Boolean(),
  reason: Nullable(ReasonSchema),
  yourBookingId: Nullable(Type.String()),
});

export const slotJson = (s: SlotView) => ({
  ...s,
  startAt: iso(s.startAt),
  endAt: iso(s.endAt),
  cutoffAt: iso(s.cutoffAt),
  bookBeforeAt: iso(s.bookBeforeAt),
  bookable: s.reason === null,
});

const CoverageSchema = Type.Object({
  tenantId: Type.String(),
  status: Type.Union([Type.Literal('covered'), Type.Literal('skipped')]),
  reason: Nullable(ReasonSchema),
  hostIds: Type.Array(Type.String()),
  via: Type.Union([Type.Literal('subscription'), Type.Literal('booking')]),
  bookingIds: Type.Array(Type.String()),
  /** Rises when this tenant's view of the window (times, status) changes. */
  revision: Type.Integer(),
});

export const WindowSchema = Type.Object({
  id: Type.String(),
  trackId: Type.String(),
  ownerTenantId: Nullable(Type.String()),
  localDate: Type.String(),
  zone: Type.String(),
  startAt: IsoInstant,
  endAt: IsoInstant,
  /** The times before the latest move, once the window has moved. */
  previousStartAt: Nullable(IsoInstant),
  previousEndAt: Nullable(IsoInstant),
  cutoffAt: IsoInstant,
  noticeBy: Nullable(Type.String()),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('skipped'), Type.Literal('cancelled')]),
  reason: Nullable(ReasonSchema),
  version: Type.Integer(),
  updatedAt: IsoInstant,
  coverage: Type.Array(CoverageSchema),
});

/** A window with the coverage `tenantId` may see (all of it for null). */
export function windowJson(w: PatchWindow, tenantId: string | null) {
  const coverage: WindowCoverage[] = tenantId === null ? w.coverage : w.coverage.filter((c) => c.tenantId === tenantId);
  const reason: WindowReason | null = w.reason;
  return {
    id: w.id,
    trackId: w.trackId,
    ownerTenantId: w.ownerTenantId,
    localDate: w.localDate,
    zone: w.zone,
    startAt: iso(w.startAt),
    endAt: iso(w.endAt),
    previousStartAt: isoOrNull(w.previousStartAt),
    previousEndAt: isoOrNull(w.previousEndAt),
    cutoffAt: iso(w.cutoffAt),
    noticeBy: w.noticeBy,
    status: w.status,
    reason,
    version: w.version,
    updatedAt: iso(w.updatedAt),
    coverage,
  };
}
