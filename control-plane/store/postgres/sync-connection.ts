/**
 * A synchronous PostgreSQL connection: queries go to `pg-worker.mjs` and the calling thread
 * waits on a shared flag until the worker answers. This keeps the store interfaces
 * synchronous (as SQLite's are), so every service runs unchanged on either database; the cost
 * is that the event loop waits for each round trip, as it waits for SQLite's disk.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** One query; `values` null runs it as a simple (possibly multi-statement) query. */
export interface SyncQuery {
  text: string;
  values: unknown[] | null;
}

export interface SyncResult {
  rows: Array<Record<string, unknown>>;
  rowCount: number;
}

/** A PostgreSQL error as the server reported it (SQLSTATE in `code`). */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

export interface SyncConnectionOptions {
  connectionString: string;
  applicationName?: string;
  /** How long one batch may take before the caller gives up (and the server cancels it). */
  timeoutMs?: number;
}

const workerUrl = new URL('./pg-worker.mjs', import.meta.url);

export class SyncConnection {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly timeoutMs: number;
  private closed = false;
  private sent = 0;

  constructor(options: SyncConnectionOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.worker = new Worker(workerUrl, {
      workerData: {
        port: port2,
        flag: this.flag.buffer,
        connectionString: options.connectionString,
        applicationName: options.applicationName ?? 'tideway',
        statementTimeoutMs: this.timeoutMs,
      },
      transferList: [port2],
    });
    // The worker only ever works while the main thread waits for it.
    this.worker.unref();
    this.port.unref();
  }

  /** Runs `queries` in order on the connection; throws the first failure (later ones do not run). */
  batch(queries: readonly SyncQuery[]): SyncResult[] {
    if (this.closed) throw new Error('the PostgreSQL store is closed');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op: 'batch', id: ++this.sent, queries });
    const reply = this.await();
    if (reply.error) throw new PostgresError(reply.error.message, reply.error.code, reply.error.detail, reply.error.constraint);
    return reply.results;
  }

  query(text: string, values: unknown[] | null = null): SyncResult {
    return this.batch([{ text, values }])[0]!;
  }

  close(): void {
    if (this.closed) return;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ op: 'close', id: ++this.sent });
    try {
      this.await();
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private await(): { results: SyncResult[]; error?: { message: string; code?: string; detail?: string; constraint?: string } } {
    // A little over the server's statement timeout, so the server's error usually wins.
    const deadline = Date.now() + this.timeoutMs + 5_000;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.flag, 0, 0, left) === 'timed-out') break;
      Atomics.store(this.flag, 0, 0);
      // Answers to batches given up on earlier arrive late: skip them.
      for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
        if (message.message.id === this.sent) return message.message;
      }
    }
    throw new Error(`PostgreSQL did not answer within ${this.timeoutMs + 5_000} ms`);
  }
}
