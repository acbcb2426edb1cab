/** Alerts: list, acknowledge; silences by label matchers; maintenance periods. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS, canSeeTenant } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import type { AlertState, MaintenancePeriod, Silence } from '../alerts/model.ts';
import type { StoredAlert } from '../store/types.ts';
import { AlertSchema, StateSchema, toAlertJson } from './alert-json.ts';
import { createMaintenance, createSilence, endMaintenance, expireSilence } from '../alerts/engine-admin.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const isoOrNull = (at: number | null) => (at === null ? null : iso(at));
const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const MatcherSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', maxLength: 64 }),
    op: Type.Union([Type.Literal('='), Type.Literal('!='), Type.Literal('=~'), Type.Literal('!~')]),
    value: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const SilenceSchema = Type.Object({
  id: Type.String(),
  tenantId: Nullable(Type.String()),
  matchers: Type.Array(MatcherSchema),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  createdBy: Type.String(),
  comment: Type.String(),
  expiredAt: Nullable(IsoInstant),
});

export const MaintenanceSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  hostIds: Type.Array(Type.String()),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  reason: Type.String(),
  source: Type.String(),
});

const silenceJson = (s: Silence) => ({ ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), expiredAt: isoOrNull(s.expiredAt) });
const maintenanceJson = (m: MaintenancePeriod) => ({ ...m, startsAt: iso(m.startsAt), endsAt: iso(m.endsAt) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const alertJson = (a: StoredAlert) => toAlertJson(a, app.alertEngine.isSilenced(a, app.clock()));
  /** Global alerts (no tenant) are for ops only. */
  const visibleAlert = (fingerprint: string, principal: ReturnType<typeof principalOf>) => {
    const alert = app.store.alerts.get(fingerprint);
    const visible = alert && (alert.tenantId === null ? principal.tenantId === null : canSeeTenant(principal, alert.tenantId));
    if (!alert || !visible) throw new AppError('NOT_FOUND', 'alert not found');
    return alert;
  };

  app.get(
    '/api/v1/alerts',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['alerts'],
        querystring: Type.Object(
          {
            tenantId: Type.Optional(Id),
            hostId: Type.Optional(Id),
            state: Type.Optional(Type.Array(StateSchema, { maxItems: 4 })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(AlertSchema), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const tenantId = tenantFilter(principal, request.query.tenantId);
      const states = (request.query.state ?? ['pending', 'firing']) as AlertState[];
      const alerts = app.store.alerts.list({ tenantId, hostId: request.query.hostId, states }, request.query.limit);
      return { items: alerts.filter((a) => a.tenantId !== null || principal.tenantId === null).map(alertJson) };
    },
  );

  app.post(
    '/api/v1/alerts/:fingerprint/acknowledge',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['alerts'],
        params: Type.Object({ fingerprint: Id }),
        body: Type.Object({ comment: Type.String({ maxLength: 1000, default: '' }) }, { additionalProperties: false }),
        response: { 200: AlertSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const alert = visibleAlert(request.params.fingerprint, principal);
      const acknowledged = app.alertEngine.acknowledge(alert.fingerprint, principal.actor, request.body.comment, app.clock());
      app.store.audit.append({ at: app.clock(), actor: principal.actor, action: 'alert.acknowledged', tenantId: alert.tenantId, target: alert.fingerprint, details: { comment: request.body.comment } });
      return alertJson(acknowledged ?? alert);
    },
  );

  app.get(
    '/api/v1/silences',
    { config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { tags: ['alerts'], response: { 200: ItemsOf(SilenceSchema), ...errorResponses } } },
    async (request) => {
      const principal = principalOf(request);
      return { items: app.store.silences.list(principal.tenantId).map(silenceJson) };
    },
  );

  app.post(
    '/api/v1/silences',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['alerts'],
        body: Type.Object(
          {
            matchers: Type.Array(MatcherSchema, { minItems: 1, maxItems: 20 }),
            endsAt: IsoInstant,
            startsAt: Type.Optional(IsoInstant),
            comment: Type.String({ minLength: 1, maxLength: 1000 }),
            tenantId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: SilenceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (request.body.tenantId) visibleTenant(app, principal, request.body.tenantId);
      const silence = createSilence(app.alertEngine, app.store, { ...request.body, createdBy: principal.actor }, app.clock());
      return reply.status(201).send(silenceJson(silence));
    },
  );

  app.post(
    '/api/v1/silences/:silenceId/expire',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: { tags: ['alerts'], params: Type.Object({ silenceId: Id }), response: { 200: SilenceSchema, ...errorResponses } },
    },
    async (request) => {
      const principal = principalOf(request);
      const silence = app.store.silences.get(request.params.silenceId);
      if (!silence || (silence.tenantId !== null && !canSeeTenant(principal, silence.tenantId))) throw new AppError('NOT_FOUND', 'silence not found');
      return silenceJson(expireSilence(app.alertEngine, app.store, silence.id, principal.actor, app.clock()));
    },
  );

  app.get(
    '/api/v1/maintenance',
    { config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { tags: ['alerts'], response: { 200: ItemsOf(MaintenanceSchema), ...errorResponses } } },
    async (request) => ({ items: app.store.maintenance.list(principalOf(request).tenantId, 500).map(maintenanceJson) }),
  );

  app.post(
    '/api/v1/maintenance',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['alerts'],
        body: Type.Object(
          {
            tenantId: Id,
            hostIds: Type.Array(Id, { maxItems: 10_000, default: [] }),
            startsAt: IsoInstant,
            endsAt: IsoInstant,
            reason: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: MaintenanceSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      visibleTenant(app, principal, request.body.tenantId);
      const period = createMaintenance(app.alertEngine, app.store, { ...request.body, source: principal.actor }, app.clock());
      return reply.status(201).send(maintenanceJson(period));
    },
  );

  app.post(
    '/api/v1/maintenance/:periodId/end',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: { tags: ['alerts'], params: Type.Object({ periodId: Id }), response: { 200: MaintenanceSchema, ...errorResponses } },
    },
    async (request) => {
      const principal = principalOf(request);
      const period = app.store.maintenance.get(request.params.periodId);
      if (!period || !canSeeTenant(principal, period.tenantId)) throw new AppError('NOT_FOUND', 'maintenance period not found');
      return maintenanceJson(endMaintenance(app.alertEngine, app.store, period.id, principal.actor, app.clock()));
    },
  );
};

export default routes;
