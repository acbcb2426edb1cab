/**
 * Users and API tokens. Ops admins manage everyone; a tenant admin manages only the users
 * and tokens of their own tenant, and only with tenant roles.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { canSeeTenant, type Principal } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { createApiToken, createUser } from '../services/accounts.ts';
import { isTenantRole, type ApiToken, type Role } from '../store/types.ts';
import { Id, IsoInstant, ItemsOf, RoleSchema, errorResponses, iso } from './schemas.ts';

const admins = { access: 'roles' as const, roles: ['ops-admin', 'tenant-admin'] as const };

/** A tenant admin may only grant tenant roles in their own tenant. */
function grantScope(principal: Principal, role: Role, tenantId: string | undefined): string | null {
  if (principal.tenantId === null) return tenantId ?? null;
  if (!isTenantRole(role)) throw new AppError('FORBIDDEN', 'tenant admins grant tenant roles only');
  if (tenantId !== undefined && tenantId !== principal.tenantId) throw new AppError('NOT_FOUND', 'tenant not found');
  return principal.tenantId;
}

const UserSchema = Type.Object({ id: Type.String(), username: Type.String(), role: RoleSchema, tenantId: Type.Union([Type.String(), Type.Null()]), createdAt: IsoInstant });
const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  tenantId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoInstant,
  expiresAt: Type.Union([IsoInstant, Type.Null()]),
  revokedAt: Type.Union([IsoInstant, Type.Null()]),
});
const tokenJson = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  tenantId: t.tenantId,
  createdAt: iso(t.createdAt),
  expiresAt: t.expiresAt === null ? null : iso(t.expiresAt),
  revokedAt: t.revokedAt === null ? null : iso(t.revokedAt),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const listScope = (principal: Principal) => principal.tenantId ?? undefined;

  app.get('/api/v1/users', { config: { policy: admins }, schema: { tags: ['access'], response: { 200: ItemsOf(UserSchema), ...errorResponses } } }, async (request) => {
    const users = app.store.users.list(listScope(principalOf(request)));
    return { items: users.map((u) => ({ id: u.id, username: u.username, role: u.role, tenantId: u.tenantId, createdAt: iso(u.createdAt) })) };
  });

  app.post(
    '/api/v1/users',
    {
      config: { policy: admins },
      schema: {
        tags: ['access'],
        body: Type.Object(
          { username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 256 }), role: RoleSchema, tenantId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const role = request.body.role as Role;
      const tenantId = grantScope(principal, role, request.body.tenantId);
      const now = app.clock();
      const user = await createUser(app.store, { username: request.body.username, password: request.body.password, role, tenantId }, now);
      app.store.audit.append({ at: now, actor: principal.actor, action: 'user.created', tenantId, target: user.id, details: { role } });
      return reply.status(201).send({ id: user.id, username: user.username, role: user.role, tenantId: user.tenantId, createdAt: iso(user.createdAt) });
    },
  );

  app.get('/api/v1/api-tokens', { config: { policy: admins }, schema: { tags: ['access'], response: { 200: ItemsOf(ApiTokenSchema), ...errorResponses } } }, async (request) => ({
    items: app.store.apiTokens.list(listScope(principalOf(request))).map(tokenJson),
  }));

  app.post(
    '/api/v1/api-tokens',
    {
      config: { policy: admins, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['access'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            role: RoleSchema,
            tenantId: Type.Optional(Id),
            expiresInDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Composite([ApiTokenSchema, Type.Object({ token: Type.String() })]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const role = request.body.role as Role;
      const tenantId = grantScope(principal, role, request.body.tenantId);
      const now = app.clock();
      const expiresInMs = request.body.expiresInDays === undefined ? null : request.body.expiresInDays * 86_400_000;
      const { token, record } = createApiToken(app.store, { name: request.body.name, role, tenantId, expiresInMs }, now);
      app.store.audit.append({ at: now, actor: principal.actor, action: 'api-token.created', tenantId, target: record.id, details: { role } });
      return reply.status(201).send({ ...tokenJson(record), token });
    },
  );

  app.post(
    '/api/v1/api-tokens/:tokenId/revoke',
    { config: { policy: admins }, schema: { tags: ['access'], params: Type.Object({ tokenId: Id }), response: { 200: ApiTokenSchema, ...errorResponses } } },
    async (request) => {
      const principal = principalOf(request);
      const token = app.store.apiTokens.get(request.params.tokenId);
      const visible = token && (token.tenantId === null ? principal.tenantId === null : canSeeTenant(principal, token.tenantId));
      if (!token || !visible) {
        throw new AppError('NOT_FOUND', 'API token not found');
      }
      const now = app.clock();
      if (app.store.apiTokens.revoke(token.id, now)) {
        app.store.audit.append({ at: now, actor: principal.actor, action: 'api-token.revoked', tenantId: token.tenantId, target: token.id, details: {} });
      }
      return tokenJson(app.store.apiTokens.get(token.id)!);
    },
  );
};

export default routes;
