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
        response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String(), hosts: Type.Integer() }) },
      },
    },
    async () => ({ status: 'ok' as const, version: options.version, hosts: app.fleet.size }),
  );
};

export default routes;
