/**
 * Critical periods of tenants: declared, changed and cancelled by ops writers and tenant
 * admins (the roles that set freezes), read by everyone of the tenant, with a live board.
 * Another tenant's period, or a period of another tenant named by id, answers 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { boardOf } from '../critical/board.ts';
import { CRITICAL_PERIOD_KINDS, CRITICAL_PERIOD_STATES, periodState, type CriticalPeriod } from '../critical/model.ts';
import { principalOf } from '../plugins/auth.ts';
import { HostStatusSchema, Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { Nullable, SCHEDULE_WRITERS, actorOf, isoOrNull } from './scheduling-json.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const strict = { additionalProperties: false } as const;
const Kind = Type.Union(CRITICAL_PERIOD_KINDS.map((k) => Type.Literal(k)));
const State = Type.Union(CRITICAL_PERIOD_STATES.map((s) => Type.Literal(s)));
const LocalDateTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description: "local date-time YYYY-MM-DDTHH:mm in the tenant's zone" });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const HostIds = Type.Array(Id, { maxItems: 1000 });
const Products = Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 }), { maxItems: 50 });
const ContactIds = Type.Array(Id, { maxItems: 20 });
const Notes = Nullable(Type.String({ maxLength: 5000 }));

export const CriticalPeriodSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  kind: Kind,
  title: Type.String(),
  state: State,
  startLocal: Type.String(),
  endLocal: Type.String(),
  zone: Type.String(),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  hostIds: Type.Array(Type.String()),
  products: Type.Array(Type.String()),
  contactIds: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  createdAt: IsoInstant,
  createdBy: Type.String(),
  cancelledAt: Nullable(IsoInstant),
  cancelledBy: Nullable(Type.String()),
  reportId: Nullable(Type.String()),
});

const NewPeriodSchema = Type.Object(
  { tenantId: Id, kind: Kind, title: Title, start: LocalDateTime, end: LocalDateTime, hostIds: Type.Optional(HostIds), products: Type.Optional(Products), contactIds: Type.Optional(ContactIds), notes: Type.Optional(Notes) },
  strict,
);
const PatchSchema = Type.Object(
  { title: Type.Optional(Title), end: Type.Optional(LocalDateTime), hostIds: Type.Optional(HostIds), products: Type.Optional(Products), contactIds: Type.Optional(ContactIds), notes: Type.Optional(Notes) },
  strict,
);

const BoardSchema = Type.Object({
  period: CriticalPeriodSchema,
  hosts: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), product: Nullable(Type.String()), status: HostStatusSchema, lastSeenAt: Nullable(IsoInstant), firingAlerts: Type.Integer() }),
  ),
  incidents: Type.Array(
    Type.Object({
      id: Type.String(),
      hostId: Nullable(Type.String()),
      title: Type.String(),
      severity: Type.String(),
      openedAt: IsoInstant,
      responseDueAt: Nullable(IsoInstant),
      acknowledgedAt: Nullable(IsoInstant),
      resolvedAt: Nullable(IsoInstant),
      escalated: Type.Boolean(),
      breached: Type.Boolean(),
    }),
  ),
  counts: Type.Object({ hosts: Type.Integer(), up: Type.Integer(), stale: Type.Integer(), down: Type.Integer(), openIncidents: Type.Integer(), breached: Type.Integer() }),
});

/** The API shape of a period at `now`; `zone` is the tenant's. */
export function criticalPeriodJson(p: CriticalPeriod, zone: string, now: number): Static<typeof CriticalPeriodSchema> {
  return {
    ...p,
    state: periodState(p, now),
    zone,
    startsAt: iso(p.startsAt),
    endsAt: iso(p.endsAt),
    createdAt: iso(p.createdAt),
    cancelledAt: isoOrNull(p.cancelledAt),
  };
}

const PeriodParams = Type.Object({ periodId: Id });
const read = { access: 'roles', roles: ALL_ROLES } as const;
const write = { access: 'roles', roles: SCHEDULE_WRITERS } as const;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const json = (p: CriticalPeriod, now = app.clock()) => criticalPeriodJson(p, app.store.tenants.get(p.tenantId)?.timeZone ?? 'Asia/Shanghai', now);

  app.get(
    '/api/v1/critical-periods',
    {
      config: { policy: read },
      schema: { tags: ['critical-periods'], querystring: Type.Object({ tenantId: Type.Optional(Id), state: Type.Optional(State) }, strict), response: { 200: ItemsOf(CriticalPeriodSchema), ...errorResponses } },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId);
      const now = app.clock();
      return { items: app.criticalPeriods.list(tenantId, request.query.state, now).map((p) => json(p, now)) };
    },
  );

  app.post(
    '/api/v1/critical-periods',
    { config: { policy: write }, schema: { tags: ['critical-periods'], body: NewPeriodSchema, response: { 201: CriticalPeriodSchema, ...errorResponses } } },
    async (request, reply) => {
      const tenant = visibleTenant(app, principalOf(request), request.body.tenantId);
      return reply.status(201).send(json(app.criticalPeriods.declare({ ...request.body, tenantId: tenant.id }, actorOf(request), app.clock())));
    },
  );

  app.get(
    '/api/v1/critical-periods/:periodId',
    { config: { policy: read }, schema: { tags: ['critical-periods'], params: PeriodParams, response: { 200: CriticalPeriodSchema, ...errorResponses } } },
    async (request) => json(app.criticalPeriods.visible(request.params.periodId, principalOf(request).tenantId)),
  );

  app.patch(
    '/api/v1/critical-periods/:periodId',
    { config: { policy: write }, schema: { tags: ['critical-periods'], params: PeriodParams, body: PatchSchema, response: { 200: CriticalPeriodSchema, ...errorResponses } } },
    async (request) => json(app.criticalPeriods.update(request.params.periodId, request.body, actorOf(request), app.clock())),
  );

  app.post(
    '/api/v1/critical-periods/:periodId/cancel',
    { config: { policy: write }, schema: { tags: ['critical-periods'], params: PeriodParams, response: { 200: CriticalPeriodSchema, ...errorResponses } } },
    async (request) => json(app.criticalPeriods.cancel(request.params.periodId, actorOf(request), app.clock())),
  );

  app.get(
    '/api/v1/critical-periods/:periodId/board',
    { config: { policy: read }, schema: { tags: ['critical-periods'], params: PeriodParams, response: { 200: BoardSchema, ...errorResponses } } },
    async (request) => {
      const period = app.criticalPeriods.visible(request.params.periodId, principalOf(request).tenantId);
      const now = app.clock();
      const firingByHost = new Map<string, number>();
      for (const alert of app.alertEngine.activeSeries) {
        if (alert.state === 'firing' && alert.hostId !== null && alert.tenantId === period.tenantId) firingByHost.set(alert.hostId, (firingByHost.get(alert.hostId) ?? 0) + 1);
      }
      const incidents = [
        ...app.store.incidents.list({ tenantId: period.tenantId, criticalPeriodId: period.id }, 1000),
        ...app.store.incidents.list({ tenantId: period.tenantId, open: true }, 1000),
      ];
      const hosts = [...app.fleet.all()].filter((h) => h.tenantId === period.tenantId);
      const board = boardOf({ period, hosts, firingByHost, incidents, now });
      return {
        period: json(period, now),
        hosts: board.hosts.map((h) => ({ ...h, lastSeenAt: isoOrNull(h.lastSeenAt) })),
        incidents: board.incidents.map((i) => ({ ...i, openedAt: iso(i.openedAt), responseDueAt: isoOrNull(i.responseDueAt), acknowledgedAt: isoOrNull(i.acknowledgedAt), resolvedAt: isoOrNull(i.resolvedAt) })),
        counts: board.counts,
      };
    },
  );
};

export default routes;
