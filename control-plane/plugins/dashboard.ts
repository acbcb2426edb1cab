/** Serves the built dashboard (`dist/dashboard`); the page routes with URL hashes. */
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';

export default fp<{ root: string | null }>(
  async (app, options) => {
    const root = options.root;
    if (!root || !existsSync(`${root}/index.html`)) {
      app.log.warn({ root }, 'dashboard is not built; run `npm run build` to serve it');
      return;
    }
    await app.register(async (files) => {
      files.addHook('onRoute', (route) => {
        route.config = { ...route.config, policy: { access: 'public', reason: 'dashboard files hold no data' } };
      });
      await files.register(fastifyStatic, { root, prefix: '/', index: 'index.html', maxAge: '1h', immutable: false });
    });
  },
  { name: 'dashboard', dependencies: ['auth'] },
);
