/**
 * Notification routing and durable delivery as a plugin. Without a notifications file the
 * alerts are still evaluated, stored and shown; nothing is sent, and the start-up log says so.
 */
import fp from 'fastify-plugin';
import type { AlertSink } from '../alerts/engine.ts';
import type { NotificationsConfig } from '../notify/config.ts';
import { createDispatcher, type NotificationDispatcher } from '../notify/dispatcher.ts';
import type { SqliteStore } from '../store/sqlite/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when no notifications file is configured. */
    notifications: NotificationDispatcher | null;
    /** Where the alert engine hands notifiable alerts. */
    alertSink: AlertSink;
  }
}

export interface NotificationsPluginOptions {
  config: NotificationsConfig | null;
  /** Replaces routing entirely (tests that look at the engine alone). */
  sink?: AlertSink;
  externalUrl: string;
  timers: boolean;
}

export default fp<NotificationsPluginOptions>(
  async (app, options) => {
    const dispatcher = options.config
      ? createDispatcher({
          db: (app.store as SqliteStore).db,
          config: options.config,
          clock: app.clock,
          log: app.log,
          metrics: app.metrics,
          externalUrl: options.externalUrl,
        })
      : null;
    if (!dispatcher && !options.sink) app.log.warn('no notifications file configured: alerts are recorded and shown, not sent (see --notifications)');
    app.decorate('notifications', dispatcher);
    app.decorate('alertSink', options.sink ?? dispatcher ?? { update: () => {} });
    if (!dispatcher || !options.timers) return;
    dispatcher.start();
    const timer = setInterval(() => dispatcher.tick(app.clock()), 1000);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await dispatcher.stop();
    });
  },
  { name: 'notifications', dependencies: ['store', 'metrics'] },
);
