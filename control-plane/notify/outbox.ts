/**
 * Pure pieces of the durable outbox: the idempotency key of a notification, the row recorded
 * for it, and the retry schedule.
 */
import { createHash } from 'node:crypto';
import type { NotifiableAlert } from '../alerts/model.ts';
import type { ReceiverConfig } from './config.ts';
import type { PlannedNotification } from './grouping.ts';
import type { Notification } from './payloads/common.ts';
import { receiverKind } from './payloads/index.ts';
import { redactUrl } from './redact.ts';
import type { NewOutboxRow } from './store.ts';

/** What a notification's idempotency key is made of. */
export interface KeyParts {
  receiver: string;
  groupKey: string;
  alerts: readonly Pick<NotifiableAlert, 'fingerprint' | 'status' | 'startsAt' | 'endsAt'>[];
  flushAt: number;
}

/**
 * A key that is the same for the same receiver, group, content and flush instant, and differs
 * when any of them differs: 32 hex digits of SHA-256. It travels as the `Idempotency-Key`
 * header, so a receiver can drop a copy sent again after a crash between send and commit.
 */
export function idempotencyKey(parts: KeyParts): string {
  const content = [...parts.alerts]
    .map((alert) => [alert.fingerprint, alert.status, alert.startsAt, alert.endsAt ?? null])
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  const canonical = JSON.stringify([parts.receiver, parts.groupKey, parts.flushAt, content]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Context a notification is built in. */
export interface NotificationContext {
  groupKey: string;
  groupLabels: Notification['groupLabels'];
  flushAt: number;
  externalUrl: string;
}

/** The planned content of a group as a keyed notification for `receiver`. */
export function toNotification(planned: PlannedNotification, receiver: ReceiverConfig, context: NotificationContext): Notification {
  const key = idempotencyKey({ receiver: receiver.name, groupKey: context.groupKey, alerts: planned.alerts, flushAt: context.flushAt });
  return { receiver: receiver.name, ...context, status: planned.status, alerts: planned.alerts, idempotencyKey: key };
}

/** The outbox row recording `notification`, its body built for the receiver's kind. */
export function outboxRow(notification: Notification, receiver: ReceiverConfig): NewOutboxRow {
  return {
    idempotencyKey: notification.idempotencyKey,
    receiver: receiver.name,
    kind: receiver.kind,
    url: redactUrl(receiver.url),
    groupKey: notification.groupKey,
    status: notification.status,
    alertCount: notification.alerts.length,
    body: JSON.stringify(receiverKind(receiver.kind).build(notification, receiver)),
    createdAt: notification.flushAt,
  };
}

/** How failed sends are retried. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** Longest wait a `Retry-After` may ask for. */
  maxRetryAfterMs: number;
}

/** Defaults: 2 s doubling to 10 min, giving up after 20 attempts (about two and a half hours). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2000, maxDelayMs: 600_000, maxAttempts: 20, maxRetryAfterMs: 3_600_000 };

/**
 * Wait before the next attempt after `attempts` failed ones: what `Retry-After` asked for if
 * the receiver said (capped), else exponential backoff with jitter in its upper half, so
 * senders that failed together do not retry together.
 */
export function retryDelayMs(attempts: number, retryAfterMs: number | null, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== null) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
