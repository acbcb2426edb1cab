/** Shared pieces of the HTTP API's schemas. */
import { Type, type TSchema } from '@sinclair/typebox';
import { HostFactsSchema, SampleRecordSchema } from '../../protocol/index.ts';

export const IsoInstant = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const RoleSchema = Type.Union(
  ['ops-admin', 'ops-operator', 'ops-viewer', 'tenant-admin', 'tenant-viewer'].map((r) => Type.Literal(r)),
) as unknown as TSchema;
export const HostStatusSchema = Type.Union([Type.Literal('up'), Type.Literal('stale'), Type.Literal('down')]);

export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

/** Standard error responses every authenticated route may answer with. */
export const errorResponses = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  429: ErrorResponseSchema,
};

export const ItemsOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export const TenantSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  plan: Type.String(),
  timeZone: Type.String(),
  createdAt: IsoInstant,
});

export const HostSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tenantId: Type.String(),
  product: Type.Union([Type.String(), Type.Null()]),
  status: HostStatusSchema,
  lastSeenAt: Type.Union([IsoInstant, Type.Null()]),
  connected: Type.Boolean(),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  agentOutdated: Type.Boolean(),
  cpuPercent: Type.Union([Type.Number(), Type.Null()]),
  memoryPercent: Type.Union([Type.Number(), Type.Null()]),
  diskMaxPercent: Type.Union([Type.Number(), Type.Null()]),
  failingChecks: Type.Integer(),
});

export const HostDetailSchema = Type.Composite([
  HostSummarySchema,
  Type.Object({
    agentId: Type.Union([Type.String(), Type.Null()]),
    intervalSeconds: Type.Number(),
    facts: Type.Union([HostFactsSchema, Type.Null()]),
    latest: Type.Union([SampleRecordSchema, Type.Null()]),
    gaps: Type.Array(
      Type.Object({ fromSeq: Type.Integer(), toSeq: Type.Integer(), droppedCount: Type.Integer(), fromAt: IsoInstant, toAt: IsoInstant, reportedAt: IsoInstant }),
    ),
  }),
]);

export const iso = (at: number) => new Date(at).toISOString();
