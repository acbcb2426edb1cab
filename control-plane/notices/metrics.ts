/**
 * Window notice metrics on the injected registry: notices queued by kind, and delivery to
 * tenant contacts by outcome (not by contact: contacts are per tenant and unbounded).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { NotifyMetrics } from '../notify/metrics.ts';
import type { NoticeKind } from '../store/notice-types.ts';

/** What the notices plugin records. */
export interface NoticeMetrics {
  queued(kind: NoticeKind): void;
  /** The delivery worker's view of contact rows. */
  delivery: NotifyMetrics;
}

/** Metrics on `registry`, reading the pending contact rows when scraped. */
export function noticeMetrics(registry: Registry, pendingCount: () => number): NoticeMetrics {
  const queued = new Counter({ name: 'tideway_notices_queued_total', help: 'Window notices queued to tenant contacts, by kind.', labelNames: ['kind'], registers: [registry] });
  const delivered = new Counter({
    name: 'tideway_notice_deliveries_total',
    help: 'Attempts to deliver window notices to tenant contacts, by outcome (sent, retried, dead).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'tideway_notice_delivery_seconds',
    help: 'Time to send one window notice to a tenant contact, whatever the outcome.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'tideway_notice_outbox_pending',
    help: 'Window notices recorded in the outbox for tenant contacts and not yet sent or given up.',
    registers: [registry],
    collect() {
      this.set(pendingCount());
    },
  });
  return {
    queued: (kind) => queued.inc({ kind }),
    delivery: { delivered: (_receiver, outcome) => delivered.inc({ outcome }), latency: (_receiver, value) => seconds.observe(value) },
  };
}
