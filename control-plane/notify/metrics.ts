/**
 * Notification metrics, registered on the registry the caller injects (never the global
 * one): deliveries by receiver and outcome, the outbox backlog, and send latency.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What delivery reports. */
export interface NotifyMetrics {
  delivered(receiver: string, outcome: 'sent' | 'retried' | 'dead'): void;
  latency(receiver: string, seconds: number): void;
}

const NAMES = ['tideway_notifications_total', 'tideway_notification_outbox_pending', 'tideway_notification_delivery_seconds'];

/** Metrics on `registry`; without one, a recorder that records nothing. */
export function notifyMetrics(registry: Registry | undefined, pendingCount: () => number): NotifyMetrics {
  if (!registry) return { delivered: () => {}, latency: () => {} };
  // A dispatcher built again on the same registry (tests, a config reload) replaces the old series.
  for (const name of NAMES) registry.removeSingleMetric(name);
  const total = new Counter({
    name: 'tideway_notifications_total',
    help: 'Notification delivery attempts by receiver and outcome (sent, retried, dead).',
    labelNames: ['receiver', 'outcome'],
    registers: [registry],
  });
  new Gauge({
    name: 'tideway_notification_outbox_pending',
    help: 'Notifications recorded in the outbox and not yet sent or given up.',
    registers: [registry],
    collect() {
      this.set(pendingCount());
    },
  });
  const seconds = new Histogram({
    name: 'tideway_notification_delivery_seconds',
    help: 'Time to send one notification to its receiver, whatever the outcome.',
    labelNames: ['receiver'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    delivered: (receiver, outcome) => total.inc({ receiver, outcome }),
    latency: (receiver, value) => seconds.observe({ receiver }, value),
  };
}
