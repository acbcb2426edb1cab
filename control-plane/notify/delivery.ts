/**
 * The delivery worker: takes due outbox rows, sends each (`sender.ts`), and records the
 * outcome. It owns the retry decision: a retryable failure waits (backoff with jitter, or the
 * receiver's `Retry-After`), a permanent one or the last allowed attempt marks the row dead.
 * Rows are claimed before sending and a `sent` row is never picked again; a row claimed when
 * the process stopped is due again at the next start (at-least-once, hence the idempotency key).
 */
import type { NotificationsConfig, ReceiverConfig } from './config.ts';
import type { NotifyMetrics } from './metrics.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './outbox.ts';
import { receiverKind } from './payloads/index.ts';
import { createPollLoop } from './poll-loop.ts';
import { sendRequest, type SendResult } from './sender.ts';
import type { NotificationStore, OutboxRow } from './store.ts';

/** The logger shape used (pino's). */
export interface NotifyLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Where the worker finds a row's receiver when it sends the row. */
export interface ReceiverDirectory {
  get(name: string): ReceiverConfig | undefined;
  /** The longest send timeout of any receiver: a claimed row's lease outlasts it. */
  longestTimeoutMs: number;
  /** Why a row whose receiver is gone is given up, e.g. "is no longer in the notifications config". */
  missing: string;
}

/** The notifications file's receivers as a directory. */
export function configReceivers(config: NotificationsConfig): ReceiverDirectory {
  return {
    get: (name) => config.receivers.get(name),
    longestTimeoutMs: Math.max(1000, ...[...config.receivers.values()].map((receiver) => receiver.timeoutMs)),
    missing: 'is no longer in the notifications config',
  };
}

/** What the worker is built from. */
export interface DeliveryOptions {
  store: NotificationStore;
  receivers: ReceiverDirectory;
  clock: () => number;
  log: NotifyLogger;
  metrics: NotifyMetrics;
  retry?: Partial<RetryPolicy>;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** Rows sent concurrently per round. */
  batchSize?: number;
  /** How often the worker looks for due rows when not woken. */
  pollMs?: number;
  /**
   * Other replicas deliver from the same outbox: a claim may be theirs and under way, so none
   * is released at start; a claim of a killed replica comes due again when its lease ends.
   */
  sharedOutbox?: boolean;
}

/** The running side of the outbox. */
export interface DeliveryWorker {
  /** Sends the rows due at `now` (one round); resolves to how many were attempted. */
  deliverDue(now: number): Promise<number>;
  start(): void;
  /** Look for work now (a notification was just recorded). */
  wake(): void;
  stop(): Promise<void>;
}

/** Builds the worker; nothing runs until `start` or `deliverDue`. */
export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const { store, receivers, log, metrics } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 16;
  const pollMs = options.pollMs ?? 1000;

  function record(row: OutboxRow, result: SendResult, now: number): void {
    const fields = { outboxId: row.id, receiver: row.receiver, url: row.url, groupKey: row.groupKey, attempt: row.attempts, idempotencyKey: row.idempotencyKey };
    if (result.outcome === 'sent') {
      store.markSent(row.id, now);
      metrics.delivered(row.receiver, 'sent');
      log.info({ ...fields, status: result.status }, 'notification sent');
      return;
    }
    if (!result.retryable || row.attempts >= policy.maxAttempts) {
      const error = result.retryable ? `gave up after ${row.attempts} attempts: ${result.error}` : result.error;
      store.markDead(row.id, error);
      metrics.delivered(row.receiver, 'dead');
      log.error({ ...fields, status: result.status, error }, 'notification not delivered; giving up');
      return;
    }
    const nextAttemptAt = now + retryDelayMs(row.attempts, result.retryAfterMs, policy, random);
    store.markRetry(row.id, nextAttemptAt, result.error);
    metrics.delivered(row.receiver, 'retried');
    log.warn({ ...fields, status: result.status, error: result.error, nextAttemptAt: new Date(nextAttemptAt).toISOString() }, 'notification failed; will retry');
  }

  async function attempt(row: OutboxRow, now: number): Promise<void> {
    const receiver = receivers.get(row.receiver);
    if (!receiver || receiver.kind !== row.kind) {
      record(row, { outcome: 'failed', retryable: false, status: null, retryAfterMs: null, error: `receiver '${row.receiver}' (${row.kind}) ${receivers.missing}` }, now);
      return;
    }
    const kind = receiverKind(receiver.kind);
    const started = performance.now();
    const result = await sendRequest(kind.request(receiver, row.body, now), receiver, kind, row.idempotencyKey, now);
    metrics.latency(receiver.name, (performance.now() - started) / 1000);
    record(row, result, now);
  }

  async function deliverDue(now: number): Promise<number> {
    const rows = store.claimDue(now, now + receivers.longestTimeoutMs + 30_000, batchSize);
    await Promise.all(rows.map((row) => attempt(row, now)));
    return rows.length;
  }

  const loop = createPollLoop(
    // A full round may have left due rows behind; the loop runs again at once when it was full.
    async () => (await deliverDue(options.clock())) === batchSize,
    pollMs,
    (error) => log.error({ error: error.message }, 'notification delivery round failed'),
  );

  let running = false;
  return {
    deliverDue,
    start() {
      // Claims are released only while nothing is in flight, or a send under way could be repeated.
      if (running) return;
      running = true;
      const released = options.sharedOutbox ? 0 : store.releaseClaims(options.clock());
      if (released > 0) log.warn({ rows: released }, 'notifications cut off by a stop are due again');
      loop.start();
    },
    wake: () => loop.wake(),
    async stop() {
      await loop.stop();
      running = false;
    },
  };
}
