/**
 * Window notices as a plugin: plans due notices every minute (and at once when told windows
 * changed), queues them into the notification outbox under the `contact` namespace, and runs
 * a delivery worker of its own for those rows, with tenant contacts as receivers. It works
 * whether or not a notifications file is configured; that file's worker never sees its rows.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { EMPTY_CALENDAR_SOURCE, type CalendarSource } from '../notices/calendar.ts';
import { CONTACT_NAMESPACE, contactReceivers } from '../notices/contacts.ts';
import { noticeMetrics } from '../notices/metrics.ts';
import type { NoticeSource, PlannerOptions } from '../notices/model.ts';
import { createNoticeService, type NoticeRun, type NoticeService } from '../notices/service.ts';
import { createDeliveryWorker, type DeliveryOptions } from '../notify/delivery.ts';
import { sqliteNotificationStore } from '../notify/store.ts';
import type { SqlStore } from '../store/sql/store.ts';

/** What the app holds of notices. */
export interface NoticesRuntime {
  service: NoticeService;
  /** Where calendar feeds read from. */
  calendar: CalendarSource;
  /** One delivery round at `now` (the worker's step; tests call it to drive time). */
  deliverDue(now: number): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notices: NoticesRuntime;
  }
}

export interface NoticesPluginOptions {
  /** Windows to plan notices for; none means no notices are planned. */
  source?: NoticeSource;
  /** Windows, bookings and freezes for calendar feeds; none means empty feeds. */
  calendar?: CalendarSource;
  timers: boolean;
  planner?: Partial<PlannerOptions>;
  horizonMs?: number;
  delivery?: Pick<DeliveryOptions, 'retry' | 'random' | 'batchSize' | 'pollMs'>;
  /** How long sent and dead contact rows stay in the outbox. */
  retentionMs?: number;
}

const EMPTY_SOURCE: NoticeSource = { windows: () => [] };
const PLAN_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Plans and queues the notices of windows that just changed (moved, cancelled, re-made), so
 * a move is told at once rather than at the next minute; wire it to the windows' change event.
 */
export function noticesForWindowsChanged(app: FastifyInstance, windowIds: readonly string[]): NoticeRun {
  return app.notices.service.windowsChanged(windowIds, app.clock());
}

export default fp<NoticesPluginOptions>(
  async (app, options) => {
    const outbox = sqliteNotificationStore((app.store as SqlStore).db, CONTACT_NAMESPACE);
    const metrics = noticeMetrics(app.metrics, () => outbox.pendingCount());
    const worker = createDeliveryWorker({
      store: outbox,
      receivers: contactReceivers(app.store.contacts),
      clock: app.clock,
      log: app.log,
      metrics: metrics.delivery,
      sharedOutbox: !app.cluster.sole,
      ...options.delivery,
    });
    const service = createNoticeService({
      store: app.store,
      outbox,
      source: options.source ?? EMPTY_SOURCE,
      log: app.log,
      planner: options.planner,
      horizonMs: options.horizonMs,
      onQueued: (notice) => {
        metrics.queued(notice.kind);
        worker.wake();
      },
    });
    app.decorate('notices', { service, calendar: options.calendar ?? EMPTY_CALENDAR_SOURCE, deliverDue: (now: number) => worker.deliverDue(now) });
    if (!options.timers) return;

    const retentionMs = options.retentionMs ?? 30 * 86_400_000;
    let prunedAt = -Infinity;
    const tick = () => {
      // Planning runs on the leader; delivery claims rows, so every replica's worker may send.
      if (!app.cluster.isLeader()) return;
      const now = app.clock();
      try {
        service.run(now);
        if (now - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = now;
          outbox.prune(now - retentionMs, new Set());
        }
      } catch (error) {
        // Nothing of a failed notice was recorded (one transaction per notice); the next minute tries again.
        app.log.error({ error: (error as Error).message }, 'window notice planning failed');
      }
    };
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      worker.start();
      tick();
      timer = setInterval(tick, PLAN_EVERY_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await worker.stop();
    });
  },
  { name: 'notices', dependencies: ['store', 'cluster', 'metrics'] },
);
