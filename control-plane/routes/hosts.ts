/** Hosts: the fleet list (filter, page), one host's detail, and its samples over time. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CheckResultSchema, HostMetricsSchema } from '../../protocol/index.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { HostDetailSchema, HostStatusSchema, HostSummarySchema, Id, IsoInstant, errorResponses, iso } from './schemas.ts';
import { tenantFilter, visibleHost } from './scope.ts';

const HOUR_MS = 3_600_000;
const MAX_RANGE_MS = 31 * 24 * HOUR_MS;

const SampleItemSchema = Type.Object({ seq: Type.Integer(), at: IsoInstant, metrics: HostMetricsSchema, checks: Type.Array(CheckResultSchema) });

function parseRange(from: string | undefined, to: string | undefined, now: number) {
  const toAt = to ? Date.parse(to) : now;
  const fromAt = from ? Date.parse(from) : toAt - HOUR_MS;
  if (Number.isNaN(fromAt) || Number.isNaN(toAt)) throw new AppError('VALIDATION_FAILED', 'from and to must be ISO 8601 instants');
  if (fromAt >= toAt) throw new AppError('VALIDATION_FAILED', 'from must be before to');
  if (toAt - fromAt > MAX_RANGE_MS) throw new AppError('VALIDATION_FAILED', 'a range may span at most 31 days; use rollups for longer');
  return { fromAt, toAt };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const policy = { access: 'roles' as const, roles: ALL_ROLES };

  app.get(
    '/api/v1/hosts',
    {
      config: { policy },
      schema: {
        tags: ['hosts'],
        querystring: Type.Object(
          {
            tenantId: Type.Optional(Id),
            status: Type.Optional(HostStatusSchema),
            product: Type.Optional(Type.String({ maxLength: 64 })),
            q: Type.Optional(Type.String({ maxLength: 128 })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(HostSummarySchema),
            total: Type.Integer(),
            counts: Type.Object({ up: Type.Integer(), stale: Type.Integer(), down: Type.Integer() }, { description: 'hosts per status under the same filter, any status' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { tenantId, status, product, q, limit, offset } = request.query;
      const page = app.fleet.list({ tenantId: tenantFilter(principalOf(request), tenantId), status, product, q }, offset, limit);
      return { items: page.items.map((h) => app.fleet.summary(h)), total: page.total, counts: page.counts };
    },
  );

  app.get(
    '/api/v1/hosts/:hostId',
    {
      config: { policy },
      schema: { tags: ['hosts'], params: Type.Object({ hostId: Id }), response: { 200: HostDetailSchema, ...errorResponses } },
    },
    async (request) => {
      const host = visibleHost(app, principalOf(request), request.params.hostId);
      const latest = host.latest ?? app.store.samples.latest(host.id)?.record ?? null;
      const gaps = app.store.samples.gaps(host.id).map((g) => ({
        fromSeq: g.fromSeq,
        toSeq: g.toSeq,
        droppedCount: g.droppedCount,
        fromAt: iso(g.fromAt),
        toAt: iso(g.toAt),
        reportedAt: iso(g.reportedAt),
      }));
      return { ...app.fleet.summary(host), agentId: host.agentId, intervalSeconds: host.intervalSeconds, facts: host.facts, latest, gaps };
    },
  );

  app.get(
    '/api/v1/hosts/:hostId/samples',
    {
      config: { policy },
      schema: {
        tags: ['hosts'],
        params: Type.Object({ hostId: Id }),
        querystring: Type.Object(
          {
            from: Type.Optional(IsoInstant),
            to: Type.Optional(IsoInstant),
            limit: Type.Integer({ minimum: 1, maximum: 20_000, default: 5000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SampleItemSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const host = visibleHost(app, principalOf(request), request.params.hostId);
      const { fromAt, toAt } = parseRange(request.query.from, request.query.to, app.clock());
      const samples = app.store.samples.range(host.id, fromAt, toAt, request.query.limit);
      return { items: samples.map((s) => ({ seq: s.seq, at: iso(s.at), metrics: s.record.metrics, checks: s.record.checks })) };
    },
  );
};

export default routes;
