/** Incidents with their response deadlines, acknowledgement and breach state. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS, canSeeTenant } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import type { Incident } from '../store/types.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { tenantFilter } from './scope.ts';

const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const isoOrNull = (at: number | null) => (at === null ? null : iso(at));

export const IncidentSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  fingerprint: Type.String(),
  ruleId: Type.String(),
  hostId: Nullable(Type.String()),
  severity: Type.String(),
  title: Type.String(),
  titleZh: Nullable(Type.String()),
  hostName: Nullable(Type.String()),
  plan: Type.String(),
  calendar: Type.String(),
  openedAt: IsoInstant,
  responseDueAt: Nullable(IsoInstant),
  deadlineProblem: Nullable(Type.String()),
  acknowledgedAt: Nullable(IsoInstant),
  acknowledgedBy: Nullable(Type.String()),
  resolvedAt: Nullable(IsoInstant),
  ackBusinessSeconds: Nullable(Type.Number()),
  ackWallSeconds: Nullable(Type.Number()),
  resolveBusinessSeconds: Nullable(Type.Number()),
  resolveWallSeconds: Nullable(Type.Number()),
  responseBreached: Type.Boolean(),
  /** The critical period that set the deadline (on its heightened 7x24 promise), if any. */
  criticalPeriodId: Nullable(Type.String()),
});

/** The API shape of an incident; `hostName` comes from the live fleet. */
export const incidentJson = (i: Incident, hostName: string | null) => ({
  ...i,
  hostName,
  openedAt: iso(i.openedAt),
  responseDueAt: isoOrNull(i.responseDueAt),
  acknowledgedAt: isoOrNull(i.acknowledgedAt),
  resolvedAt: isoOrNull(i.resolvedAt),
  criticalPeriodId: i.criticalPeriodId ?? null,
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const hostNameOf = (i: Incident) => (i.hostId ? (app.fleet.get(i.hostId)?.name ?? null) : null);
  app.get(
    '/api/v1/incidents',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['incidents'],
        querystring: Type.Object(
          { tenantId: Type.Optional(Id), open: Type.Optional(Type.Boolean()), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(IncidentSchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId);
      return { items: app.store.incidents.list({ tenantId, open: request.query.open }, request.query.limit).map((i) => incidentJson(i, hostNameOf(i))) };
    },
  );

  app.post(
    '/api/v1/incidents/:incidentId/acknowledge',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['incidents'],
        params: Type.Object({ incidentId: Id }),
        body: Type.Object({ comment: Type.String({ maxLength: 1000, default: '' }) }, { additionalProperties: false }),
        response: { 200: IncidentSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const incident = app.store.incidents.get(request.params.incidentId);
      if (!incident || !canSeeTenant(principal, incident.tenantId)) throw new AppError('NOT_FOUND', 'incident not found');
      app.alertEngine.acknowledge(incident.fingerprint, principal.actor, request.body.comment, app.clock());
      app.store.audit.append({ at: app.clock(), actor: principal.actor, action: 'incident.acknowledged', tenantId: incident.tenantId, target: incident.id, details: { comment: request.body.comment } });
      const updated = app.store.incidents.get(incident.id)!;
      return incidentJson(updated, hostNameOf(updated));
    },
  );
};

export default routes;
