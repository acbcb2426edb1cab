/** Enrolment tokens (issued per tenant) and the enrolment exchange agents call. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ENROLL_PATH, EnrollRequestSchema, EnrollResponseSchema } from '../../protocol/index.ts';
import { AppError } from '../errors.ts';
import { OPS_ROLES, canSeeTenant } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { createEnrollmentToken, enrollAgent } from '../services/enrollment.ts';
import type { EnrollmentToken } from '../store/types.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { visibleTenant } from './scope.ts';

const TokenSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  product: Type.Union([Type.String(), Type.Null()]),
  maxUses: Type.Integer(),
  uses: Type.Integer(),
  expiresAt: IsoInstant,
  revokedAt: Type.Union([IsoInstant, Type.Null()]),
  createdAt: IsoInstant,
});

const toJson = (t: EnrollmentToken) => ({
  id: t.id,
  tenantId: t.tenantId,
  product: t.product,
  maxUses: t.maxUses,
  uses: t.uses,
  expiresAt: iso(t.expiresAt),
  revokedAt: t.revokedAt === null ? null : iso(t.revokedAt),
  createdAt: iso(t.createdAt),
});

const routes: FastifyPluginAsyncTypebox<{ serverPublicKey: string }> = async (app, options) => {
  const managers = { access: 'roles' as const, roles: ['ops-admin', 'ops-operator', 'tenant-admin'] as const };
  const viewers = { access: 'roles' as const, roles: [...OPS_ROLES, 'tenant-admin'] as const };

  app.post(
    ENROLL_PATH,
    {
      config: { policy: { access: 'public', reason: 'agents authenticate with the enrolment token in the body' }, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags: ['agents'], body: EnrollRequestSchema, response: { 201: EnrollResponseSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const response = enrollAgent(app.store, request.body, options.serverPublicKey, app.clock());
      const host = app.store.hosts.get(response.hostId);
      if (host) app.fleet.upsertHost(host, request.body.facts.agentVersion, null);
      return reply.status(201).send(response);
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/enrollment-tokens',
    {
      config: { policy: managers, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['agents'],
        params: Type.Object({ tenantId: Id }),
        body: Type.Object(
          {
            maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            expiresInHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 90 })),
            product: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Composite([TokenSchema, Type.Object({ token: Type.String() })]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenant = visibleTenant(app, principal, request.params.tenantId);
      const now = app.clock();
      const { expiresInHours, ...rest } = request.body;
      const { token, record } = createEnrollmentToken(
        app.store,
        { tenantId: tenant.id, ...rest, expiresInMs: expiresInHours === undefined ? undefined : expiresInHours * 3_600_000 },
        now,
      );
      app.store.audit.append({ at: now, actor: principal.actor, action: 'enrollment-token.created', tenantId: tenant.id, target: record.id, details: { maxUses: record.maxUses } });
      return reply.status(201).send({ ...toJson(record), token });
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/enrollment-tokens',
    {
      config: { policy: viewers },
      schema: { tags: ['agents'], params: Type.Object({ tenantId: Id }), response: { 200: ItemsOf(TokenSchema), ...errorResponses } },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.enrollmentTokens.list(tenant.id).map(toJson) };
    },
  );

  app.post(
    '/api/v1/enrollment-tokens/:tokenId/revoke',
    {
      config: { policy: managers },
      schema: { tags: ['agents'], params: Type.Object({ tokenId: Id }), response: { 200: TokenSchema, ...errorResponses } },
    },
    async (request) => {
      const principal = principalOf(request);
      const token = app.store.enrollmentTokens.get(request.params.tokenId);
      if (!token || !canSeeTenant(principal, token.tenantId)) throw new AppError('NOT_FOUND', 'enrolment token not found');
      const now = app.clock();
      if (app.store.enrollmentTokens.revoke(token.id, now)) {
        app.store.audit.append({ at: now, actor: principal.actor, action: 'enrollment-token.revoked', tenantId: token.tenantId, target: token.id, details: {} });
      }
      return toJson(app.store.enrollmentTokens.get(token.id)!);
    },
  );
};

export default routes;
