/**
 * A tenant's freeze periods: month-end closing (default last 2 and first 3 days), tax
 * filing (default 1st-15th, editable per month), year-end and custom ranges.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import type { FreezeInput } from '../scheduling/tenant-schedule-service.ts';
import { FreezeSchema, freezeJson } from './booking-json.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { LocalDate, SCHEDULE_WRITERS, actorOf } from './scheduling-json.ts';
import { visibleTenant } from './scope.ts';

const Label = Type.Optional(Type.String({ minLength: 1, maxLength: 200 }));
const Edge = Type.Integer({ minimum: 0, maximum: 15 });
const Day = Type.Integer({ minimum: 1, maximum: 31 });
const MonthDay = Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'MM-DD, e.g. 12-25' });
const strict = { additionalProperties: false } as const;

const NewFreezeSchema = Type.Union([
  Type.Object({ kind: Type.Literal('month-end'), label: Label, lastDays: Type.Optional(Edge), firstDays: Type.Optional(Edge) }, strict),
  Type.Object({ kind: Type.Literal('tax-filing'), label: Label, fromDay: Type.Optional(Day), toDay: Type.Optional(Day) }, strict),
  Type.Object({ kind: Type.Literal('year-end'), label: Label, from: Type.Optional(MonthDay), to: Type.Optional(MonthDay) }, strict),
  Type.Object({ kind: Type.Literal('custom'), label: Type.String({ minLength: 1, maxLength: 200 }), from: LocalDate, to: LocalDate }, strict),
]);

const MonthEditSchema = Type.Union([
  Type.Object({ fromDay: Day, toDay: Day }, strict),
  Type.Object({ off: Type.Literal(true) }, strict),
  Type.Object({ reset: Type.Literal(true) }, strict),
]);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/tenants/:tenantId/freezes',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['scheduling'], params: Type.Object({ tenantId: Id }), response: { 200: ItemsOf(FreezeSchema), ...errorResponses } },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return { items: app.store.tenantSchedules.freezes(tenant.id).map(freezeJson) };
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/freezes',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: { tags: ['scheduling'], params: Type.Object({ tenantId: Id }), body: NewFreezeSchema, response: { 201: FreezeSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      const { kind, label, ...params } = request.body;
      const input = { kind, label, params } as FreezeInput;
      return reply.status(201).send(freezeJson(app.scheduling.createFreeze(tenant.id, input, actorOf(request), app.clock())));
    },
  );

  app.delete(
    '/api/v1/tenants/:tenantId/freezes/:freezeId',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: { tags: ['scheduling'], params: Type.Object({ tenantId: Id, freezeId: Id }), response: { 200: FreezeSchema, ...errorResponses } },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      return freezeJson(app.scheduling.deleteFreeze(tenant.id, request.params.freezeId, actorOf(request), app.clock()));
    },
  );

  app.put(
    '/api/v1/tenants/:tenantId/freezes/:freezeId/months/:month',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        description: 'One month of a tax-filing freeze: {fromDay, toDay}, {off: true} for none that month, or {reset: true} for the default.',
        params: Type.Object({ tenantId: Id, freezeId: Id, month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }),
        body: MonthEditSchema,
        response: { 200: FreezeSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, freezeId, month } = request.params;
      const tenant = visibleTenant(app, principalOf(request), tenantId);
      const body = request.body;
      const range = 'off' in body ? null : 'reset' in body ? 'default' : { fromDay: body.fromDay, toDay: body.toDay };
      return freezeJson(app.scheduling.setTaxFilingMonth(tenant.id, freezeId, month, range, actorOf(request), app.clock()));
    },
  );
};

export default routes;
