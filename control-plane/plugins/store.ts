/** Decorates the app with the store and the clock every service reads `now` from. */
import fp from 'fastify-plugin';
import type { Store } from '../store/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** Epoch milliseconds; injected so tests can fix time. */
    clock: () => number;
  }
}

export interface StorePluginOptions {
  store: Store;
  clock: () => number;
  /** Close the store when the app closes (the server owns it; tests may share one). */
  closeStore: boolean;
}

export default fp<StorePluginOptions>(
  async (app, options) => {
    app.decorate('store', options.store);
    app.decorate('clock', options.clock);
    if (options.closeStore) app.addHook('onClose', async () => options.store.close());
  },
  { name: 'store' },
);
