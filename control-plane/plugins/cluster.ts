/** Decorates the app with its cluster: a sole node unless the server started several replicas on PostgreSQL. */
import fp from 'fastify-plugin';
import { SoleNode, type Cluster } from '../cluster/cluster.ts';

declare module 'fastify' {
  interface FastifyInstance {
    cluster: Cluster;
  }
}

export default fp<{ cluster?: Cluster }>(
  async (app, options) => {
    app.decorate('cluster', options.cluster ?? new SoleNode());
  },
  { name: 'cluster' },
);
