/**
 * Ties routing, grouping, the outbox and delivery together behind the interface the alert
 * engine calls. The current alerts of each group live in memory (the engine hands every
 * firing alert over again at start-up); what each receiver was told lives in the database,
 * saved in the same transaction as the notification it led to, so a restart repeats nothing.
 */
import type { Registry } from 'prom-client';
import type { NotifiableAlert } from '../alerts/model.ts';
import type { SqlDatabase } from '../store/sql/database.ts';
import type { NotificationsConfig } from './config.ts';
import { configReceivers, createDeliveryWorker, type DeliveryOptions, type NotifyLogger } from './delivery.ts';
import { planGroup } from './grouping.ts';
import { LiveGroups, type LiveGroup } from './live-groups.ts';
import { notifyMetrics } from './metrics.ts';
import { outboxRow, toNotification } from './outbox.ts';
import { sqliteNotificationStore } from './store.ts';

/** What the alert engine calls. */
export interface NotificationDispatcher {
  /** Alerts that changed (fired, resolved, muted, unmuted, acknowledged); flushes what is due at `now`. */
  update(alerts: readonly NotifiableAlert[], now: number): void;
  /** Flushes groups whose group_wait, group_interval or repeat_interval is up at `now`. */
  tick(now: number): void;
  /** Starts the delivery worker. */
  start(): void;
  /** Stops the delivery worker, waiting for sends in flight. */
  stop(): Promise<void>;
  /** One delivery round at `now` (the worker's step; tests call it to drive time). */
  deliverDue(now: number): Promise<number>;
  /** Fingerprints receivers were last told are firing: pass these alerts at start-up too, resolved or not. */
  notifiedFiring(): string[];
}

/** What the dispatcher is built from. */
export interface DispatcherOptions {
  db: SqlDatabase;
  config: NotificationsConfig;
  clock: () => number;
  log: NotifyLogger;
  metrics?: Registry;
  /** Base URL of the dashboard, for links in notifications. */
  externalUrl: string;
  delivery?: Pick<DeliveryOptions, 'retry' | 'random' | 'batchSize' | 'pollMs' | 'sharedOutbox'>;
  /** How long sent and dead outbox rows and idle group state are kept. */
  retentionMs?: number;
}

const PRUNE_EVERY_MS = 3_600_000;
const RETRY_FLUSH_MS = 10_000;

/** Builds the dispatcher on a migrated database; nothing is sent until `start` (or `deliverDue`). */
export function createDispatcher(options: DispatcherOptions): NotificationDispatcher {
  const { config, log, externalUrl } = options;
  const store = sqliteNotificationStore(options.db);
  const metrics = notifyMetrics(options.metrics, () => store.pendingCount());
  const worker = createDeliveryWorker({ store, receivers: configReceivers(config), clock: options.clock, log, metrics, ...options.delivery });
  const retentionMs = options.retentionMs ?? 7 * 86_400_000;
  const live = new LiveGroups(config, store);
  const { groups } = live;
  let prunedAt = -Infinity;

  function flush(group: LiveGroup, now: number): void {
    const { groupKey } = group.identity;
    const plan = planGroup({ group: group.identity, state: group.state, alerts: [...group.alerts.values()], timings: group.timings, repeatPolicy: group.repeatPolicy, now });
    const notification = plan.notification
      ? toNotification(plan.notification, group.receiver, { groupKey, groupLabels: group.identity.groupLabels, flushAt: now, externalUrl })
      : null;
    const row = notification ? outboxRow(notification, group.receiver) : null;
    if (row || JSON.stringify(plan.state) !== JSON.stringify(group.state)) store.commit(groupKey, plan.state, row, now);
    group.state = plan.state;
    group.nextCheckAt = plan.nextCheckAt;
    for (const fingerprint of plan.drop) live.forget(fingerprint, groupKey);
    if (plan.state === null) groups.delete(groupKey);
    if (notification) {
      log.info(
        { receiver: notification.receiver, groupKey, status: notification.status, alerts: notification.alerts.length, idempotencyKey: notification.idempotencyKey },
        'notification queued',
      );
      worker.wake();
    }
  }

  function safeFlush(group: LiveGroup, now: number): void {
    try {
      flush(group, now);
    } catch (error) {
      // Nothing was recorded (one transaction); the next tick tries again.
      group.nextCheckAt = now + RETRY_FLUSH_MS;
      log.error({ groupKey: group.identity.groupKey, error: (error as Error).message }, 'notification group could not be flushed');
    }
  }

  return {
    update(alerts, now) {
      const touched = new Set<LiveGroup>();
      for (const alert of alerts) live.place(alert, touched);
      for (const group of touched) safeFlush(group, now);
    },
    tick(now) {
      for (const group of [...groups.values()]) {
        if (group.nextCheckAt !== null && group.nextCheckAt <= now) safeFlush(group, now);
      }
      if (now - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now;
        const pruned = store.prune(now - retentionMs, new Set(groups.keys()));
        if (pruned.rows + pruned.groups > 0) log.info(pruned, 'old notifications pruned');
      }
    },
    start: () => worker.start(),
    stop: () => worker.stop(),
    deliverDue: (now) => worker.deliverDue(now),
    notifiedFiring: () => store.notifiedFiring(),
  };
}
