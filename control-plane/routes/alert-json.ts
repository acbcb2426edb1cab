/** The API shape of an alert, shared by the alerts routes and live dashboard pushes. */
import { Type, type TSchema } from '@sinclair/typebox';
import type { StoredAlert } from '../store/types.ts';
import { IsoInstant, iso } from './schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const isoOrNull = (at: number | null) => (at === null ? null : iso(at));

export const StateSchema = Type.Union(['inactive', 'pending', 'firing', 'resolved'].map((s) => Type.Literal(s)));

export const AlertSchema = Type.Object({
  fingerprint: Type.String(),
  ruleId: Type.String(),
  tenantId: Nullable(Type.String()),
  hostId: Nullable(Type.String()),
  labels: Type.Record(Type.String(), Type.String()),
  annotations: Type.Record(Type.String(), Type.String()),
  severity: Type.String(),
  state: StateSchema,
  value: Nullable(Type.Number()),
  activeAt: Nullable(IsoInstant),
  firedAt: Nullable(IsoInstant),
  resolvedAt: Nullable(IsoInstant),
  flapping: Type.Boolean(),
  suppressed: Type.Boolean(),
  silenced: Type.Boolean(),
  acknowledgedAt: Nullable(IsoInstant),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgeComment: Nullable(Type.String()),
});

export type AlertJson = ReturnType<typeof toAlertJson>;

export function toAlertJson(a: StoredAlert, silenced: boolean) {
  return {
    fingerprint: a.fingerprint,
    ruleId: a.ruleId,
    tenantId: a.tenantId,
    hostId: a.hostId,
    labels: a.labels,
    annotations: a.annotations,
    severity: a.severity,
    state: a.state,
    value: a.value,
    activeAt: isoOrNull(a.activeAt),
    firedAt: isoOrNull(a.firedAt),
    resolvedAt: isoOrNull(a.resolvedAt),
    flapping: a.flapping,
    suppressed: a.suppressed,
    silenced,
    acknowledgedAt: isoOrNull(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy,
    acknowledgeComment: a.acknowledgeComment,
  };
}
