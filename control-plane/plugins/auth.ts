/**
 * Access control: resolves the caller from a session cookie or a bearer API token and
 * enforces each route's declared policy. Routes without a policy are listed by
 * `routesWithoutPolicy()` and refused at run time, so nothing is open by omission.
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { RoutePolicy } from '../auth/policy.ts';
import { resolvePrincipal } from '../services/accounts.ts';

export const SESSION_COOKIE = 'tideway_session';

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route with its policy, for the policy test and the OpenAPI document. */
    registeredRoutes(): RegisteredRoute[];
  }
}

/** The principal of a request whose route requires one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'sign in or send a bearer API token');
  return request.principal;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export default fp(
  async (app) => {
    await app.register(cookie);
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => void routes.push(route));
    app.decorate('registeredRoutes', () =>
      routes.flatMap((route) =>
        [route.method].flat().map((method) => ({ method, url: route.url, policy: route.config?.policy })),
      ),
    );
    app.decorateRequest('principal', null);

    app.addHook('onRequest', async (request) => {
      const policy = request.routeOptions.config?.policy;
      if (!policy) {
        // A matched route with no policy is a programming error: fail closed. Unmatched
        // URLs fall through to the not-found handler.
        if (request.routeOptions.url === undefined) return;
        throw new AppError('FORBIDDEN', 'this route declares no access policy');
      }
      if (policy.access !== 'roles') return;
      const principal = resolvePrincipal(app.store, { session: request.cookies[SESSION_COOKIE], bearer: bearer(request) }, app.clock());
      if (!principal) throw new AppError('UNAUTHENTICATED', 'sign in or send a bearer API token');
      if (!policy.roles.includes(principal.role)) {
        throw new AppError('FORBIDDEN', `role ${principal.role} may not ${request.method} ${request.routeOptions.url}`);
      }
      request.principal = principal;
    });
  },
  { name: 'auth', dependencies: ['store'] },
);
