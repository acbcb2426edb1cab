/**
 * Rollouts: ops create, pause, resume and abort them; everyone reads in scope. A tenant
 * caller sees rollouts touching its hosts, and only its hosts' part of them; any other
 * rollout answers 404 as if it did not exist.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { RolloutOptionsSchema } from '../rollouts/recipe.ts';
import type { CreateRolloutRequest } from '../rollouts/create.ts';
import type { Rollout } from '../rollouts/model.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { PatchRunSchema, RolloutDetailSchema, RolloutStateSchema, RolloutSummarySchema, patchRunJson, rolloutDetailJson, rolloutSummaryJson, visibleHosts } from './rollout-json.ts';
import { tenantFilter, visibleHost } from './scope.ts';

const RolloutParams = Type.Object({ rolloutId: Id });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000, description: 'why, for the audit log' }) }, { additionalProperties: false });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const detail = (rollout: Rollout, tenantId: string | null) => {
    const all = app.store.rollouts.hosts(rollout.id);
    const hosts = visibleHosts(all, tenantId);
    if (hosts.length === 0 && tenantId !== null) throw new AppError('ROLLOUT_NOT_FOUND', `rollout ${rollout.id} not found`);
    return rolloutDetailJson(rollout, all, hosts, (id) => app.fleet.get(id)?.name ?? id);
  };
  const find = (rolloutId: string) => {
    const rollout = app.store.rollouts.get(rolloutId);
    if (!rollout) throw new AppError('ROLLOUT_NOT_FOUND', `rollout ${rolloutId} not found`);
    return rollout;
  };

  app.get(
    '/api/v1/rollouts',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['rollouts'],
        querystring: Type.Object(
          { state: Type.Optional(RolloutStateSchema), tenantId: Type.Optional(Id), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(RolloutSummarySchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId);
      const rollouts = app.store.rollouts.list({ state: request.query.state, tenantId, limit: request.query.limit });
      return { items: rollouts.map((r) => rolloutSummaryJson(r, visibleHosts(app.store.rollouts.hosts(r.id), tenantId))) };
    },
  );

  app.get(
    '/api/v1/rollouts/:rolloutId',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['rollouts'], params: RolloutParams, response: { 200: RolloutDetailSchema, ...errorResponses } },
    },
    async (request) => detail(find(request.params.rolloutId), principalOf(request).tenantId),
  );

  app.post(
    '/api/v1/rollouts',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['rollouts'],
        body: Type.Object(
          {
            windowId: Id,
            releaseId: Id,
            hostIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10_000, uniqueItems: true })),
            options: Type.Optional(RolloutOptionsSchema),
          },
          { additionalProperties: false },
        ),
        response: { 201: RolloutDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      // The schema's pattern makes every string limit a share such as "10%".
      const rollout = app.rollouts.create(request.body as CreateRolloutRequest, principalOf(request).actor, app.clock());
      return reply.status(201).send(detail(rollout, null));
    },
  );

  for (const action of ['pause', 'resume', 'abort'] as const) {
    app.post(
      `/api/v1/rollouts/:rolloutId/${action}`,
      {
        config: { policy: { access: 'roles', roles: OPS_WRITERS } },
        schema: { tags: ['rollouts'], params: RolloutParams, body: ReasonBody, response: { 200: RolloutDetailSchema, ...errorResponses } },
      },
      async (request) => {
        const { rolloutId } = request.params as { rolloutId: string };
        const { reason } = request.body as { reason: string };
        return detail(app.rollouts.act(rolloutId, action, reason, principalOf(request).actor, app.clock()), null);
      },
    );
  }

  app.get(
    '/api/v1/hosts/:hostId/patches',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['rollouts'],
        params: Type.Object({ hostId: Id }),
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false }),
        response: { 200: ItemsOf(PatchRunSchema), ...errorResponses },
      },
    },
    async (request) => {
      const host = visibleHost(app, principalOf(request), request.params.hostId);
      return { items: app.store.rollouts.history(host.id, request.query.limit).map(patchRunJson) };
    },
  );
};

export default routes;
