/** Tenants: ops list and create them; tenant users see only their own. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { createTenant } from '../services/tenants.ts';
import type { Tenant } from '../store/types.ts';
import { Id, ItemsOf, TenantSchema, errorResponses, iso } from './schemas.ts';
import { visibleTenant } from './scope.ts';

const toJson = (t: Tenant) => ({ id: t.id, name: t.name, plan: t.plan, timeZone: t.timeZone, createdAt: iso(t.createdAt) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/tenants',
    { config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { tags: ['tenants'], response: { 200: ItemsOf(TenantSchema), ...errorResponses } } },
    async (request) => {
      const principal = principalOf(request);
      const tenants = app.store.tenants.list().filter((t) => principal.tenantId === null || t.id === principal.tenantId);
      return { items: tenants.map(toJson) };
    },
  );

  app.post(
    '/api/v1/tenants',
    {
      config: { policy: { access: 'roles', roles: ['ops-admin'] } },
      schema: {
        tags: ['tenants'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 128 }),
            plan: Type.Optional(Type.String({ maxLength: 32 })),
            timeZone: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: TenantSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const tenant = createTenant(app.store, request.body, now);
      app.store.audit.append({ at: now, actor: principalOf(request).actor, action: 'tenant.created', tenantId: tenant.id, target: tenant.id, details: { name: tenant.name } });
      return reply.status(201).send(toJson(tenant));
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['tenants'], params: Type.Object({ tenantId: Id }), response: { 200: TenantSchema, ...errorResponses } },
    },
    async (request) => toJson(visibleTenant(app, principalOf(request), request.params.tenantId)),
  );
};

export default routes;
