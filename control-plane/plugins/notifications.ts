/**
 * Notification routing and durable delivery as a plugin. Without a notifications file the
 * alerts are still evaluated, stored and shown; nothing is sent, and the start-up log says so.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AlertSink } from '../alerts/engine.ts';
import { chunkJson } from '../cluster/cluster.ts';
import type { NotificationsConfig } from '../notify/config.ts';
import { createDispatcher, type NotificationDispatcher } from '../notify/dispatcher.ts';
import type { SqlStore } from '../store/sql/store.ts';

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
          db: (app.store as SqlStore).db,
          config: options.config,
          clock: app.clock,
          log: app.log,
          metrics: app.metrics,
          externalUrl: options.externalUrl,
          delivery: { sharedOutbox: !app.cluster.sole },
        })
      : null;
    if (!dispatcher && !options.sink) app.log.warn('no notifications file configured: alerts are recorded and shown, not sent (see --notifications)');
    app.decorate('notifications', dispatcher);
    app.decorate('alertSink', options.sink ?? (dispatcher ? routedByLeader(app, dispatcher) : { update: () => {} }));
    if (!dispatcher || !options.timers) return;
    dispatcher.start();
    const timer = setInterval(() => {
      if (app.cluster.isLeader()) dispatcher.tick(app.clock());
    }, 1000);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await dispatcher.stop();
    });
  },
  { name: 'notifications', dependencies: ['store', 'cluster', 'metrics'] },
);

/** Annotations cut to this length when one alert would not fit a cluster message. */
const MAX_SHARED_ANNOTATION = 400;

/**
 * Notification groups live in one place, the leader: other replicas send it their alert
 * changes, so a group's wait, repeat and resolution are judged once, from its stored state.
 */
function routedByLeader(app: FastifyInstance, dispatcher: NotificationDispatcher): AlertSink {
  const { cluster } = app;
  if (cluster.sole) return dispatcher;
  cluster.on('notify', ({ alerts, now }) => {
    if (cluster.isLeader()) dispatcher.update(alerts, now);
  });
  return {
    update(alerts, now) {
      if (cluster.isLeader()) return dispatcher.update(alerts, now);
      const fitting = alerts.map((alert) =>
        JSON.stringify(alert).length < 6_000 ? alert : { ...alert, annotations: Object.fromEntries(Object.entries(alert.annotations).map(([k, v]) => [k, v.slice(0, MAX_SHARED_ANNOTATION)])) },
      );
      for (const chunk of chunkJson(fitting, 6_500)) cluster.publish('notify', { alerts: chunk, now });
    },
  };
}
