/** Runs retention and rollups every few minutes; `app.runRetention(now)` runs one pass. */
import fp from 'fastify-plugin';
import { DEFAULT_RETENTION, runRetention, type RetentionOptions, type RetentionRun } from '../services/retention.ts';

declare module 'fastify' {
  interface FastifyInstance {
    runRetention(now: number): Promise<RetentionRun>;
  }
}

export interface RetentionPluginOptions {
  retention?: Partial<RetentionOptions>;
  timers: boolean;
  everyMs?: number;
}

export default fp<RetentionPluginOptions>(
  async (app, options) => {
    const settings = { ...DEFAULT_RETENTION, ...options.retention };
    let running: Promise<RetentionRun> | null = null;
    const runOnce = (now: number) => {
      running ??= runRetention(app.store, settings, now).finally(() => (running = null));
      return running;
    };
    app.decorate('runRetention', runOnce);
    if (!options.timers) return;
    const tick = () =>
      app.cluster.isLeader() &&
      runOnce(app.clock()).then(
        (run) => app.log.debug({ run }, 'retention pass'),
        (error) => app.log.error({ err: error }, 'retention pass failed'),
      );
    const first = setTimeout(tick, 10_000);
    const timer = setInterval(tick, options.everyMs ?? 5 * 60_000);
    first.unref();
    timer.unref();
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    });
  },
  { name: 'retention', dependencies: ['store', 'cluster'] },
);
