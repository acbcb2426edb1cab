/** The audit log: who did what, when, and why. Tenant admins read their own tenant's entries. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { OPS_ROLES } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { tenantFilter } from './scope.ts';

const AuditEntrySchema = Type.Object({
  at: IsoInstant,
  actor: Type.String(),
  action: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      config: { policy: { access: 'roles', roles: [...OPS_ROLES, 'tenant-admin'] } },
      schema: {
        tags: ['audit'],
        querystring: Type.Object(
          { tenantId: Type.Optional(Id), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(AuditEntrySchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId);
      return { items: app.store.audit.list(tenantId, request.query.limit).map((entry) => ({ ...entry, at: iso(entry.at) })) };
    },
  );
};

export default routes;
