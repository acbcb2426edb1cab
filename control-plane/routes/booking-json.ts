/** Wire shapes of bookings, releases and tenant scheduling settings, with their mappers. */
import { Type } from '@sinclair/typebox';
import { TrackSpecSchema } from '../../schedules/core.ts';
import type { Booking, PrivateTrack, Release, Subscription, TenantFreeze } from '../scheduling/model.ts';
import type { AuditStatus } from '../scheduling/policy.ts';
import { IsoInstant, iso } from './schemas.ts';
import { Nullable, isoOrNull } from './scheduling-json.ts';

const StateSchema = Type.Union(['requested', 'confirmed', 'rejected', 'cancelled'].map((s) => Type.Literal(s)));
export const BookingStateSchema = StateSchema;

export const BookingSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  trackId: Type.String(),
  slotDate: Type.String(),
  slotStartAt: IsoInstant,
  slotEndAt: IsoInstant,
  cutoffAt: IsoInstant,
  state: StateSchema,
  approval: Type.Union([Type.Literal('required'), Type.Literal('none')]),
  releaseId: Nullable(Type.String()),
  insteadOfWindowId: Nullable(Type.String()),
  note: Type.String(),
  requestedAt: IsoInstant,
  requestedBy: Type.String(),
  confirmedAt: Nullable(IsoInstant),
  confirmedBy: Nullable(Type.String()),
  rejectedAt: Nullable(IsoInstant),
  rejectedBy: Nullable(Type.String()),
  cancelledAt: Nullable(IsoInstant),
  cancelledBy: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: IsoInstant,
});

export function bookingJson(b: Booking) {
  const { trackKey: _key, ...rest } = b;
  return {
    ...rest,
    slotStartAt: iso(b.slotStartAt),
    slotEndAt: iso(b.slotEndAt),
    cutoffAt: iso(b.cutoffAt),
    requestedAt: iso(b.requestedAt),
    confirmedAt: isoOrNull(b.confirmedAt),
    rejectedAt: isoOrNull(b.rejectedAt),
    cancelledAt: isoOrNull(b.cancelledAt),
    updatedAt: iso(b.updatedAt),
  };
}

const AuditSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('rejected')]),
  notes: Type.String(),
  findings: Type.String(),
  submittedAt: IsoInstant,
  submittedBy: Type.String(),
  decidedAt: Nullable(IsoInstant),
  decidedBy: Nullable(Type.String()),
});

export const ArtifactSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 of the artifact, 64 hex digits' }),
    url: Type.Optional(Nullable(Type.String({ maxLength: 2048, pattern: '^https?://' }))),
  },
  { additionalProperties: false },
);

export const ReleaseSchema = Type.Object({
  id: Type.String(),
  trackId: Type.String(),
  tenantId: Nullable(Type.String()),
  version: Type.String(),
  kind: Type.Union([Type.Literal('standard'), Type.Literal('customisation'), Type.Literal('hotfix')]),
  notes: Type.String(),
  artifacts: Type.Array(Type.Object({ name: Type.String(), sha256: Type.String(), url: Nullable(Type.String()) })),
  createdAt: IsoInstant,
  createdBy: Type.String(),
  /** Where the release stands for booking: not-required, missing, submitted, approved or rejected. */
  auditState: Type.String(),
  audits: Type.Array(AuditSchema),
});

export function releaseJson(r: Release, auditState: AuditStatus) {
  return {
    ...r,
    createdAt: iso(r.createdAt),
    auditState,
    audits: r.audits.map((a) => ({ ...a, submittedAt: iso(a.submittedAt), decidedAt: isoOrNull(a.decidedAt) })),
  };
}

export const SubscriptionSchema = Type.Object({
  trackId: Type.String(),
  deploymentKind: Type.String(),
  hostIds: Nullable(Type.Array(Type.String())),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});

export const subscriptionJson = (s: Subscription) => ({ trackId: s.trackId, deploymentKind: s.deploymentKind, hostIds: s.hostIds, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) });

const DayRangeSchema = Type.Object({ fromDay: Type.Integer(), toDay: Type.Integer() });

export const FreezeSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  params: Type.Object({
    lastDays: Type.Optional(Type.Integer()),
    firstDays: Type.Optional(Type.Integer()),
    fromDay: Type.Optional(Type.Integer()),
    toDay: Type.Optional(Type.Integer()),
    months: Type.Optional(Type.Record(Type.String(), Nullable(DayRangeSchema))),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
  }),
  createdAt: IsoInstant,
  createdBy: Type.String(),
  updatedAt: IsoInstant,
});

export const freezeJson = (f: TenantFreeze) => ({ id: f.id, kind: f.kind, label: f.label, params: f.params, createdAt: iso(f.createdAt), createdBy: f.createdBy, updatedAt: iso(f.updatedAt) });

export const PrivateTrackSchema = Type.Object({
  trackId: Type.String(),
  spec: TrackSpecSchema,
  version: Type.Integer(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
  updatedBy: Type.String(),
});

export const privateTrackJson = (p: PrivateTrack) => ({ ...p, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) });
