/**
 * Prometheus metrics from an injected registry (never the global one), served at
 * `/metrics`. Components register their own metrics on `app.metrics`.
 */
import fp from 'fastify-plugin';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { OPS_ROLES } from '../auth/principal.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
    /** Adds exposition text written after the registry's own metrics on every scrape. */
    addMetricsText(render: () => string): void;
  }
}

export interface MetricsPluginOptions {
  registry?: Registry;
}

export default fp<MetricsPluginOptions>(
  async (app, options) => {
    const registry = options.registry ?? new Registry();
    // Standard process_* and nodejs_* names, as dashboards for Node services expect them.
    collectDefaultMetrics({ register: registry });
    app.decorate('metrics', registry);
    const extras: Array<() => string> = [];
    app.decorate('addMetricsText', (render: () => string) => void extras.push(render));
    app.get(
      '/metrics',
      // Per-host series name every tenant's hosts, so scrapes need an ops API token.
      { config: { policy: { access: 'roles', roles: OPS_ROLES } }, schema: { hide: true } },
      async (_request, reply) => {
        reply.type(registry.contentType);
        const text = await registry.metrics();
        return extras.reduce((all, render) => all + render(), text.endsWith('\n') || text === '' ? text : `${text}\n`);
      },
    );
  },
  { name: 'metrics', dependencies: ['auth'] },
);
