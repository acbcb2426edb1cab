/** The OpenAPI document of the v1 API, browsable at `/docs`. */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export default fp<{ version: string }>(
  async (app, options) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Tideway control plane API', version: options.version, description: 'Hosts, tenants, enrolment and access for Tideway.' },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'API token from `tideway admin api-token create`' },
            session: { type: 'apiKey', in: 'cookie', name: 'tideway_session' },
          },
        },
        security: [{ bearer: [] }, { session: [] }],
      },
    });
    // The documentation UI's own routes are public; they are registered in this scope only.
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, policy: { access: 'public', reason: 'API documentation' } };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
    });
  },
  { name: 'openapi', dependencies: ['auth'] },
);
