/**
 * Patch releases and their security audits: ops register releases and decide audits;
 * tenant admins may submit an audit of their own tenant's release; everyone reads in scope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES, OPS_WRITERS } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import type { Release } from '../scheduling/model.ts';
import { auditStatus } from '../scheduling/policy.ts';
import { createRelease, decideAudit, submitAudit } from '../scheduling/release-service.ts';
import { ArtifactSchema, ReleaseSchema, releaseJson } from './booking-json.ts';
import { Id, ItemsOf, errorResponses } from './schemas.ts';
import { SCHEDULE_WRITERS, TrackId, actorOf } from './scheduling-json.ts';
import { tenantFilter, visibleTenant } from './scope.ts';

const AuditParams = Type.Object({ releaseId: Id, auditId: Id });
const Findings = Type.Object({ findings: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const json = (release: Release) => releaseJson(release, auditStatus(release, app.scheduling.resolve(release.trackId, release.tenantId)));

  app.post(
    '/api/v1/releases',
    {
      config: { policy: { access: 'roles', roles: OPS_WRITERS } },
      schema: {
        tags: ['scheduling'],
        body: Type.Object(
          {
            trackId: TrackId,
            tenantId: Type.Optional(Id),
            version: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$' }),
            kind: Type.Union([Type.Literal('standard'), Type.Literal('customisation'), Type.Literal('hotfix')]),
            notes: Type.String({ maxLength: 10_000, default: '' }),
            artifacts: Type.Array(ArtifactSchema, { maxItems: 100, default: [] }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ReleaseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.body.tenantId) visibleTenant(app, principalOf(request), request.body.tenantId);
      const artifacts = request.body.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, url: a.url ?? null }));
      const release = createRelease(app.scheduling.deps, { ...request.body, artifacts }, actorOf(request), app.clock());
      return reply.status(201).send(json(release));
    },
  );

  app.get(
    '/api/v1/releases',
    {
      config: { policy: { access: 'roles', roles: ALL_ROLES } },
      schema: {
        tags: ['scheduling'],
        querystring: Type.Object(
          { trackId: Type.Optional(TrackId), tenantId: Type.Optional(Id), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: ItemsOf(ReleaseSchema), ...errorResponses },
      },
    },
    async (request) => {
      const visibleTo = tenantFilter(principalOf(request), request.query.tenantId);
      return { items: app.store.releases.list({ trackId: request.query.trackId, visibleTo, limit: request.query.limit }).map(json) };
    },
  );

  app.post(
    '/api/v1/releases/:releaseId/audits',
    {
      config: { policy: { access: 'roles', roles: SCHEDULE_WRITERS } },
      schema: {
        tags: ['scheduling'],
        params: Type.Object({ releaseId: Id }),
        body: Type.Object({ notes: Type.String({ maxLength: 10_000, default: '' }) }, { additionalProperties: false }),
        response: { 201: ReleaseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const release = submitAudit(app.scheduling.deps, request.params.releaseId, request.body.notes, actorOf(request), app.clock());
      return reply.status(201).send(json(release));
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/v1/releases/:releaseId/audits/:auditId/${decision}`,
      {
        config: { policy: { access: 'roles', roles: OPS_WRITERS } },
        schema: { tags: ['scheduling'], params: AuditParams, body: Findings, response: { 200: ReleaseSchema, ...errorResponses } },
      },
      async (request) => {
        const { releaseId, auditId } = request.params as { releaseId: string; auditId: string };
        const { findings } = request.body as { findings: string };
        return json(decideAudit(app.scheduling.deps, releaseId, auditId, decision === 'approve' ? 'approved' : 'rejected', findings, actorOf(request), app.clock()));
      },
    );
  }
};

export default routes;
