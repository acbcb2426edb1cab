/** Tracks: the catalog plus the caller's private tracks, and the bookable slots of one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { LocalDate, Nullable, SlotSchema, TrackId, TrackSchema, slotJson, trackJson } from './scheduling-json.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/tracks',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['scheduling'],
        querystring: Type.Object({ tenantId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: ItemsOf(TrackSchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId);
      if (tenantId) visibleTenant(app, principalOf(request), tenantId);
      const subscriptions = tenantId ? app.store.tenantSchedules.subscriptions(tenantId) : [];
      const tracks = app.scheduling.tracksFor(tenantId);
      return { items: tracks.map((t) => trackJson(t, subscriptions.find((s) => s.trackId === t.track.id))) };
    },
  );

  app.get(
    '/api/v1/tracks/:trackId/slots',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['scheduling'],
        description: 'Slots of an on-request track for the caller\'s tenant (ops name tenantId, or see capacity only). Encode the slash of the track id: xingkong%2Fst-standard.',
        params: Type.Object({ trackId: TrackId }),
        querystring: Type.Object(
          { from: Type.Optional(LocalDate), to: Type.Optional(LocalDate), tenantId: Type.Optional(Id), releaseId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ trackId: Type.String(), tenantId: Nullable(Type.String()), fromDate: Type.String(), toDate: Type.String(), items: Type.Array(SlotSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const tenantId = tenantFilter(principal, request.query.tenantId);
      if (tenantId) visibleTenant(app, principal, tenantId);
      const resolved = app.scheduling.resolve(request.params.trackId, tenantId);
      const { query } = request;
      const listing = app.scheduling.slots(resolved, tenantId, { fromDate: query.from, toDate: query.to, releaseId: query.releaseId }, app.clock());
      return { trackId: resolved.track.id, tenantId, fromDate: listing.fromDate, toDate: listing.toDate, items: listing.slots.map(slotJson) };
    },
  );
};

export default routes;
