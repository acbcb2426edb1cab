/** Dashboard sign-in: a session cookie (HttpOnly, SameSite=Strict) backed by a stored hash. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { SESSION_COOKIE, principalOf } from '../plugins/auth.ts';
import { login, logout } from '../services/accounts.ts';
import { RoleSchema, errorResponses } from './schemas.ts';

const MeSchema = Type.Object({
  user: Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal('user'), Type.Literal('api-token')]),
    role: RoleSchema,
    tenantId: Type.Union([Type.String(), Type.Null()]),
  }),
});

const routes: FastifyPluginAsyncTypebox<{ secureCookies: boolean }> = async (app, options) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { policy: { access: 'public', reason: 'signing in' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 200: MeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const { sessionToken, user, expiresAt } = await login(app.store, request.body.username, request.body.password, now);
      reply.setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secureCookies,
        expires: new Date(expiresAt),
      });
      app.store.audit.append({ at: now, actor: `user:${user.username}`, action: 'user.login', tenantId: user.tenantId, target: user.id, details: {} });
      return { user: { id: user.id, name: user.username, kind: 'user' as const, role: user.role, tenantId: user.tenantId } };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { tags: ['auth'], response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) logout(app.store, session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { tags: ['auth'], response: { 200: MeSchema, ...errorResponses } } },
    async (request) => {
      const principal = principalOf(request);
      const name = principal.actor.slice(principal.actor.indexOf(':') + 1);
      return { user: { id: principal.id, name, kind: principal.kind, role: principal.role, tenantId: principal.tenantId } };
    },
  );
};

export default routes;
