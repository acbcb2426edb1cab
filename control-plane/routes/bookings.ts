/**
 * Bookings of on-request slots: tenant admins book, cancel and reschedule their own; ops
 * book for a tenant, approve, reject and move (with a reason). Everyone reads within scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import type { BookingCommand } from '../scheduling/booking-service.ts';
import type { BookingState } from '../scheduling/model.ts';
import type { Role } from '../store/types.ts';
import { BookingSchema, BookingStateSchema, bookingJson } from './booking-json.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { LocalDate, SCHEDULE_WRITERS, TrackId, actorOf } from './scheduling-json.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const Reason = Type.String({ minLength: 1, maxLength: 1000 });
const BookingParams = Type.Object({ bookingId: Id });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/bookings',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        body: Type.Object(
          {
            trackId: TrackId,
            slotDate: LocalDate,
            tenantId: Type.Optional(Id),
            releaseId: Type.Optional(Id),
            insteadOfWindowId: Type.Optional(Id),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: BookingSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenantId = tenantFilter(principal, request.body.tenantId);
      if (!tenantId) throw new AppError('VALIDATION_FAILED', 'ops must name the tenantId the booking is for');
      visibleTenant(app, principal, tenantId);
      const { after } = app.scheduling.book({ ...request.body, tenantId }, actorOf(request), app.clock());
      return reply.status(201).send(bookingJson(after));
    },
  );

  app.get(
    '/api/v1/bookings',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['scheduling'],
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Array(BookingStateSchema, { maxItems: 4 })),
            tenantId: Type.Optional(Id),
            trackId: Type.Optional(TrackId),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(BookingSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { query } = request;
      const tenantId = tenantFilter(principalOf(request), query.tenantId);
      const items = app.store.bookings.list({ tenantId, trackId: query.trackId, states: query.state as BookingState[] | undefined, limit: query.limit });
      return { items: items.map(bookingJson) };
    },
  );

  /** One booking action route: its body schema, who may call it, and how the body becomes a command. */
  const action = <B extends TSchema>(name: BookingCommand['kind'], roles: readonly Role[], body: B, toCommand: (body: Record<string, string | undefined>) => BookingCommand) =>
    app.post(
      `/api/v1/bookings/:bookingId/${name}`,
      {
        config: { policy: { access: 'roles', roles } },
        schema: { tags: ['scheduling'], params: BookingParams, body, response: { 200: BookingSchema, ...errorResponses } },
      },
      async (request) => {
        const { bookingId } = request.params as { bookingId: string };
        const command = toCommand((request.body ?? {}) as Record<string, string | undefined>);
        return bookingJson(app.scheduling.changeBooking(bookingId, command, actorOf(request), app.clock()).after);
      },
    );

  const optionalReason = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });
  action('cancel', SCHEDULE_WRITERS, optionalReason, (b) => ({ kind: 'cancel', reason: b.reason ?? null }));
  action('reschedule', SCHEDULE_WRITERS, Type.Object({ slotDate: LocalDate, reason: Type.Optional(Reason) }, { additionalProperties: false }), (b) => ({
    kind: 'reschedule',
    slotDate: b.slotDate!,
    reason: b.reason ?? null,
  }));
  action('approve', OPS_WRITERS, optionalReason, (b) => ({ kind: 'approve', reason: b.reason ?? null }));
  action('reject', OPS_WRITERS, Type.Object({ reason: Reason }, { additionalProperties: false }), (b) => ({ kind: 'reject', reason: b.reason! }));
  action('move', OPS_WRITERS, Type.Object({ slotDate: LocalDate, reason: Reason }, { additionalProperties: false }), (b) => ({ kind: 'move', slotDate: b.slotDate!, reason: b.reason! }));
};

export default routes;
