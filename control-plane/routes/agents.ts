/** Agent revocation: the credential stops working and the live socket closes at once. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { canSeeTenant } from '../auth/principal.ts';
import { principalOf } from '../plugins/auth.ts';
import { Id, IsoInstant, errorResponses, iso } from './schemas.ts';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/agents/:agentId/revoke',
    {
      config: { policy: { access: 'roles', roles: ['ops-admin', 'ops-operator', 'tenant-admin'] } },
      schema: {
        tags: ['agents'],
        params: Type.Object({ agentId: Id }),
        response: { 200: Type.Object({ id: Type.String(), hostId: Type.String(), revokedAt: IsoInstant, disconnected: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const agent = app.store.agents.get(request.params.agentId);
      if (!agent || !canSeeTenant(principal, agent.tenantId)) throw new AppError('NOT_FOUND', 'agent not found');
      const now = app.clock();
      if (app.store.agents.revoke(agent.id, now)) {
        app.store.audit.append({ at: now, actor: principal.actor, action: 'agent.revoked', tenantId: agent.tenantId, target: agent.id, details: { hostId: agent.hostId } });
      }
      const disconnected = app.disconnectAgent(agent.id);
      const revokedAt = app.store.agents.get(agent.id)!.revokedAt!;
      return { id: agent.id, hostId: agent.hostId, revokedAt: iso(revokedAt), disconnected };
    },
  );
};

export default routes;
