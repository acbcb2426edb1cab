/**
 * Service and critical-period reports: list, generate on demand (202 and a job to poll), read,
 * download as JSON, HTML or CSV, import support interactions, and sign-off (report-sign-off.ts).
 * Ops see every tenant; tenant users only their own, and anything else answers 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS, canSeeTenant, type Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { CSV_TABLES, reportTables, toCsv } from '../reports/csv.ts';
import { renderHtml } from '../reports/html.ts';
import type { ReportJob, StoredReport } from '../store/types.ts';
import { ReportContentSchema } from './report-json.ts';
import signOffRoutes from './report-sign-off.ts';
import { ReportSummarySchema, summaryJson } from './report-summary.ts';

export { ReportSummarySchema } from './report-summary.ts';
import { Id, IsoInstant, ItemsOf, errorResponses, iso } from './schemas.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD in the tenant zone' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);

/** A half-year, a year, a range of local dates (inclusive), or a declared critical period. */
export const PeriodRequestSchema = Type.Union([
  Type.Object({ kind: Type.Literal('half-year'), year: Year, half: Type.Union([Type.Literal(1), Type.Literal(2)]) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('year'), year: Year }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('range'), from: LocalDate, to: LocalDate }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('critical-period'), periodId: Id }, { additionalProperties: false }),
]);

/** A generation job and its progress. */
export const ReportJobSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  request: Type.Object({ tenantId: Type.String(), period: PeriodRequestSchema, locale: Locale }),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  step: Type.Union([Type.String(), Type.Null()]),
  reportId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoInstant,
  createdBy: Type.String(),
  startedAt: Type.Union([IsoInstant, Type.Null()]),
  finishedAt: Type.Union([IsoInstant, Type.Null()]),
});

const SupportEventSchema = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 128 }),
    channel: Type.Union([Type.Literal('hotline'), Type.Literal('im'), Type.Literal('ticket')]),
    category: Type.String({ minLength: 1, maxLength: 64 }),
    openedAt: IsoInstant,
    firstResponseAt: Type.Optional(Type.Union([IsoInstant, Type.Null()])),
    resolvedAt: Type.Optional(Type.Union([IsoInstant, Type.Null()])),
  },
  { additionalProperties: false },
);

const isoOrNull = (at: number | null) => (at === null ? null : iso(at));
const jobJson = (j: ReportJob) => ({ ...j, createdAt: iso(j.createdAt), startedAt: isoOrNull(j.startedAt), finishedAt: isoOrNull(j.finishedAt) });
const parseAt = (text: string | null | undefined) => (text === null || text === undefined ? null : Date.parse(text));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const visibleReport = (principal: Principal, id: string): StoredReport => {
    const report = app.store.reports.get(id);
    if (!report || !canSeeTenant(principal, report.tenantId)) throw new AppError('NOT_FOUND', 'report not found');
    return report;
  };

  app.get(
    '/api/v1/reports',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['reports'],
        querystring: Type.Object(
          { tenantId: Type.Optional(Id), tenant: Type.Optional(Id), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(ReportSummarySchema), ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantFilter(principalOf(request), request.query.tenantId ?? request.query.tenant);
      return { items: app.store.reports.list(tenantId, request.query.limit).map(summaryJson) };
    },
  );

  app.post(
    '/api/v1/reports',
    {
      config: { policy: { access: 'roles', roles: [...OPS_WRITERS, 'tenant-admin'] } },
      schema: {
        tags: ['reports'],
        body: Type.Object({ tenantId: Id, period: PeriodRequestSchema, locale: Type.Optional(Locale) }, { additionalProperties: false }),
        response: { 202: ReportJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenant = visibleTenant(app, principal, request.body.tenantId);
      const job = app.reports.request({ tenantId: tenant.id, period: request.body.period, locale: request.body.locale ?? 'zh-CN' }, principal.actor);
      app.store.audit.append({ at: app.clock(), actor: principal.actor, action: 'report.requested', tenantId: tenant.id, target: job.id, details: { period: request.body.period } });
      return reply.code(202).header('location', `/api/v1/report-jobs/${job.id}`).send(jobJson(job));
    },
  );

  app.get(
    '/api/v1/report-jobs/:jobId',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: { tags: ['reports'], params: Type.Object({ jobId: Id }), response: { 200: ReportJobSchema, ...errorResponses } },
    },
    async (request) => {
      const job = app.store.reports.getJob(request.params.jobId);
      if (!job || !canSeeTenant(principalOf(request), job.tenantId)) throw new AppError('NOT_FOUND', 'report job not found');
      return jobJson(job);
    },
  );

  app.get(
    '/api/v1/reports/:reportId',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['reports'],
        params: Type.Object({ reportId: Id }),
        response: { 200: Type.Composite([ReportSummarySchema, Type.Object({ content: ReportContentSchema })]), ...errorResponses },
      },
    },
    async (request) => {
      const report = visibleReport(principalOf(request), request.params.reportId);
      return { ...summaryJson(report), content: report.content };
    },
  );

  app.get(
    '/api/v1/reports/:reportId/download',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['reports'],
        params: Type.Object({ reportId: Id }),
        querystring: Type.Object(
          {
            format: Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('csv')], { default: 'json' }),
            table: Type.Optional(Type.Union(CSV_TABLES.map((t) => Type.Literal(t)))),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.String({ description: 'the report as a JSON, HTML or CSV document' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = visibleReport(principalOf(request), request.params.reportId);
      const { format, table, locale } = request.query;
      const name = `tideway-report-${report.periodLabel.replace(/[^0-9A-Za-z-]+/g, '_')}-${report.id}`;
      if (format === 'csv') {
        if (!table) throw new AppError('BAD_REQUEST', `format=csv needs table=, one of ${CSV_TABLES.join(', ')}`);
        reply.header('content-disposition', `attachment; filename="${name}-${table}.csv"`).type('text/csv; charset=utf-8');
        return reply.send(`\uFEFF${toCsv(reportTables(report.content)[table])}`);
      }
      if (format === 'html') {
        reply.header('content-disposition', `attachment; filename="${name}.html"`).type('text/html; charset=utf-8');
        return reply.send(renderHtml(report.content, locale));
      }
      reply.header('content-disposition', `attachment; filename="${name}.json"`).type('application/json; charset=utf-8');
      return reply.send(JSON.stringify(report.content, null, 2));
    },
  );

  app.post(
    '/api/v1/tenants/:tenantId/support-events',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['reports'],
        params: Type.Object({ tenantId: Id }),
        body: Type.Object({ events: Type.Array(SupportEventSchema, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const tenant = visibleTenant(app, principalOf(request), request.params.tenantId);
      const events = request.body.events.map((e) => ({
        externalId: e.externalId,
        channel: e.channel,
        category: e.category,
        openedAt: Date.parse(e.openedAt),
        firstResponseAt: parseAt(e.firstResponseAt),
        resolvedAt: parseAt(e.resolvedAt),
      }));
      const principal = principalOf(request);
      const result = app.reports.importSupport(tenant.id, events);
      app.store.audit.append({ at: app.clock(), actor: principal.actor, action: 'support-events.imported', tenantId: tenant.id, target: null, details: { ...result } });
      return result;
    },
  );

  await app.register(signOffRoutes);
};

export default routes;
