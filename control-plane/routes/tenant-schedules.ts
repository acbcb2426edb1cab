/** A tenant's subscriptions to tracks and its private tracks; tenant admins edit their own. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TrackSpecSchema } from '../../schedules/core.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { DEPLOYMENT_KINDS } from '../scheduling/model.ts';
import { PRIVATE_PREFIX } from '../scheduling/tracks.ts';
import { PrivateTrackSchema, SubscriptionSchema, privateTrackJson, subscriptionJson } from './booking-json.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { Nullable, SCHEDULE_WRITERS, TrackId, actorOf } from './scheduling-json.ts';
import { visibleTenant } from './scope.ts';

const TenantParams = Type.Object({ tenantId: Id });
const DeploymentKindSchema = Type.Union(DEPLOYMENT_KINDS.map((k) => Type.Literal(k)));
const TrackName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64, description: 'the part after private/' });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/tenants/:tenantId/subscriptions',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['scheduling'], params: TenantParams, response: { 200: ItemsOf(SubscriptionSchema), ...errorResponses } },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.tenantSchedules.subscriptions(tenant.id).map(subscriptionJson) };
    },
  );

  app.put(
    '/api/v1/tenants/:tenantId/subscriptions',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        description: 'Replaces the tenant\'s subscriptions. hostIds: the hosts the track patches (default: the tenant\'s hosts of the track\'s product, and unlabelled ones).',
        params: TenantParams,
        body: Type.Object(
          {
            items: Type.Array(
              Type.Object({ trackId: TrackId, deploymentKind: DeploymentKindSchema, hostIds: Type.Optional(Nullable(Type.Array(Id, { maxItems: 10_000 }))) }, { additionalProperties: false }),
              { maxItems: 200 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(SubscriptionSchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      const items = app.scheduling.replaceSubscriptions(tenant.id, request.body.items, actorOf(request), app.clock());
      return { items: items.map(subscriptionJson) };
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/private-tracks',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['scheduling'], params: TenantParams, response: { 200: ItemsOf(PrivateTrackSchema), ...errorResponses } },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.tenantSchedules.privateTracks(tenant.id).map(privateTrackJson) };
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/private-tracks',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        description: 'A private deployment\'s own track (schedules/tracks.yaml fields, id private/<name>); the tenant is subscribed to it.',
        params: TenantParams,
        body: TrackSpecSchema,
        response: { 201: PrivateTrackSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      const saved = app.scheduling.savePrivateTrack(tenant.id, request.body, 'create', actorOf(request), app.clock());
      return reply.status(201).send(privateTrackJson(saved));
    },
  );

  app.put(
    '/api/v1/tenants/:tenantId/private-tracks/:name',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        params: Type.Object({ tenantId: Id, name: TrackName }),
        body: TrackSpecSchema,
        response: { 200: PrivateTrackSchema, ...errorResponses },
      },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      if (request.body.id !== `${PRIVATE_PREFIX}${request.params.name}`) {
        throw new AppError('VALIDATION_FAILED', `the body's id must be ${PRIVATE_PREFIX}${request.params.name}, as in the URL`);
      }
      return privateTrackJson(app.scheduling.savePrivateTrack(tenant.id, request.body, 'update', actorOf(request), app.clock()));
    },
  );
};

export default routes;
