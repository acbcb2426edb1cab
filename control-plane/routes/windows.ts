/** Materialised windows: tenants see the windows that cover (or skip) them, ops see all. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { Id, IsoInstant, ItemsOf, errorResponses } from './schemas.ts';
import { TrackId, WindowSchema, windowJson } from './scheduling-json.ts';
import { tenantFilter } from './scope.ts';

const DAY_MS = 86_400_000;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/windows',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['scheduling'],
        querystring: Type.Object(
          {
            trackId: Type.Optional(TrackId),
            tenantId: Type.Optional(Id),
            from: Type.Optional(IsoInstant),
            to: Type.Optional(IsoInstant),
            status: Type.Optional(Type.Union([Type.Literal('scheduled'), Type.Literal('skipped'), Type.Literal('cancelled')])),
            limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(WindowSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { query } = request;
      const tenantId = tenantFilter(principalOf(request), query.tenantId);
      const now = app.clock();
      const fromAt = query.from ? Date.parse(query.from) : now - 7 * DAY_MS;
      const toAt = query.to ? Date.parse(query.to) : now + 190 * DAY_MS;
      if (toAt < fromAt) throw new AppError('VALIDATION_FAILED', 'to must not be before from');
      const windows = app.store.windows.list({ trackId: query.trackId, tenantId, status: query.status, fromAt, toAt, limit: query.limit });
      return { items: windows.map((w) => windowJson(w, tenantId)) };
    },
  );
};

export default routes;
