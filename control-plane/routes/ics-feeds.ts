/**
 * Calendar feeds: tenant admins (and ops) create, list and revoke them; calendar clients
 * fetch `/ics/<token>.ics` with nothing but the token. That route logs nothing at info
 * level, so the token in its path never reaches a log line.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { OPS_ROLES, canSeeTenant } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { createIcsFeed, feedDocument, feedOfToken, feedPath } from '../notices/ics-feeds.ts';
import { principalOf } from '../plugins/auth.ts';
import type { IcsFeed } from '../store/types.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { visibleTenant } from './scope.ts';

const FeedSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  name: Type.String(),
  createdAt: IsoInstant,
  revokedAt: Type.Union([IsoInstant, Type.Null()]),
});

const toJson = (feed: IcsFeed) => ({
  id: feed.id,
  tenantId: feed.tenantId,
  name: feed.name,
  createdAt: iso(feed.createdAt),
  revokedAt: feed.revokedAt === null ? null : iso(feed.revokedAt),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const managers = { access: 'roles' as const, roles: ['ops-admin', 'ops-operator', 'tenant-admin'] as const };
  const viewers = { access: 'roles' as const, roles: [...OPS_ROLES, 'tenant-admin'] as const };

  app.post(
    '/api/v1/tenants/:tenantId/ics-feeds',
    {
      config: { policy: managers, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['notices'],
        params: Type.Object({ tenantId: Id }),
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false }),
        response: { 201: Type.Composite([FeedSchema, Type.Object({ token: Type.String(), path: Type.String({ description: 'the feed URL path; shown once' }) })]), ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenant = visibleTenant(app, principal, request.params.tenantId);
      const now = app.clock();
      const { token, feed } = createIcsFeed(app.store.icsFeeds, tenant.id, request.body.name ?? 'calendar', now);
      app.store.audit.append({ at: now, actor: principal.actor, action: 'ics-feed.created', tenantId: tenant.id, target: feed.id, details: { name: feed.name } });
      return reply.status(201).send({ ...toJson(feed), token, path: feedPath(token) });
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/ics-feeds',
    { config: { policy: viewers }, schema: { tags: ['notices'], params: Type.Object({ tenantId: Id }), response: { 200: ItemsOf(FeedSchema), ...errorResponses } } },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.icsFeeds.list(tenant.id).map(toJson) };
    },
  );

  app.post(
    '/api/v1/ics-feeds/:feedId/revoke',
    { config: { policy: managers }, schema: { tags: ['notices'], params: Type.Object({ feedId: Id }), response: { 200: FeedSchema, ...errorResponses } } },
    async (request) => {
      const principal = principalOf(request);
      const feed = app.store.icsFeeds.get(request.params.feedId);
      if (!feed || !canSeeTenant(principal, feed.tenantId)) throw new AppError('NOT_FOUND', 'calendar feed not found');
      const now = app.clock();
      if (app.store.icsFeeds.revoke(feed.id, now)) {
        app.store.audit.append({ at: now, actor: principal.actor, action: 'ics-feed.revoked', tenantId: feed.tenantId, target: feed.id, details: {} });
      }
      return toJson(app.store.icsFeeds.get(feed.id)!);
    },
  );

  app.get(
    '/ics/:token.ics',
    {
      config: {
        policy: { access: 'public', reason: 'calendar clients cannot send credentials; the secret token in the path is the credential' },
        rateLimit: { max: 60, timeWindow: '1 minute' },
      },
      // Request lines carry the URL, and the URL carries the token.
      logLevel: 'warn',
      schema: { tags: ['notices'], params: Type.Object({ token: Type.String({ maxLength: 256 }) }), response: { 200: Type.String({ description: 'text/calendar (RFC 5545)' }), ...errorResponses } },
    },
    async (request, reply) => {
      const now = app.clock();
      const feed = feedOfToken(app.store.icsFeeds, request.params.token);
      const body = feedDocument(app.store, app.notices.calendar, feed, now);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="tideway.ics"')
        .send(body);
    },
  );
};

export default routes;
