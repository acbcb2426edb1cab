/**
 * Report sign-off routes: ops issue a report to its tenant; the tenant's admins (or ops on
 * their behalf) confirm it or submit written amendments. Another tenant's report answers 404.
 * Every step is audited by the sign-off service.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { OPS_WRITERS, canSeeTenant } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { principalOf } from '../plugins/auth.ts';
import { MAX_AMENDMENT_CHARS } from '../reports/sign-off.ts';
import type { StoredReport } from '../store/types.ts';
import { ReportSummarySchema, summaryJson } from './report-summary.ts';
import { Id, errorResponses } from './schemas.ts';

const params = Type.Object({ reportId: Id });
const DECIDERS = [...OPS_WRITERS, 'tenant-admin' as const];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const response = { 200: ReportSummarySchema, ...errorResponses };
  /** Runs `step` on a report the caller may see (404 otherwise) as the caller, now. */
  const onVisible = (request: FastifyRequest, reportId: string, step: (reportId: string, by: string, now: number) => StoredReport) => {
    const principal = principalOf(request);
    const report = app.store.reports.get(reportId);
    if (!report || !canSeeTenant(principal, report.tenantId)) throw new AppError('NOT_FOUND', 'report not found');
    return summaryJson(step(report.id, principal.actor, app.clock()));
  };

  app.post(
    '/api/v1/reports/:reportId/issue',
    { config: { policy: { access: 'roles', roles: OPS_WRITERS } }, schema: { tags: ['reports'], params, response } },
    async (request) => onVisible(request, request.params.reportId, (id, by, now) => app.reports.issue(id, by, now)),
  );

  app.post(
    '/api/v1/reports/:reportId/confirm',
    { config: { policy: { access: 'roles', roles: DECIDERS } }, schema: { tags: ['reports'], params, response } },
    async (request) => onVisible(request, request.params.reportId, (id, by, now) => app.reports.decide(id, { kind: 'confirm' }, by, now)),
  );

  app.post(
    '/api/v1/reports/:reportId/amend',
    {
      config: { policy: { access: 'roles', roles: DECIDERS } },
      schema: {
        tags: ['reports'],
        params,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_AMENDMENT_CHARS, description: 'the written amendments' }) }, { additionalProperties: false }),
        response,
      },
    },
    async (request) => onVisible(request, request.params.reportId, (id, by, now) => app.reports.decide(id, { kind: 'amend', text: request.body.text }, by, now)),
  );
};

export default routes;
