/** Liveness for load balancers and service managers. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const routes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, options) => {
  app.get(
    '/healthz',
    {
      config: { policy: { access: 'public', reason: 'liveness probe' } },
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            hosts: Type.Integer(),
            /** This replica's id and whether it runs scheduled work (several replicas on PostgreSQL). */
            replicaId: Type.String(),
            leader: Type.Boolean(),
          }),
        },
      },
    },
    async () => ({ status: 'ok' as const, version: options.version, hosts: app.fleet.size, replicaId: app.cluster.replicaId, leader: app.cluster.isLeader() }),
  );
};

export default routes;
