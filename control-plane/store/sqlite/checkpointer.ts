/**
 * WAL checkpoints on a worker thread. better-sqlite3 is synchronous, so a checkpoint run by
 * the serving connection (SQLite's default, every 1,000 pages) stalls the event loop while
 * it copies and fsyncs megabytes. The worker's own connection checkpoints passively every
 * second instead; the serving connection's automatic checkpoint stays as a backstop at a
 * much larger WAL, should the worker ever stop.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database.ts';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

/** Pages of WAL after which the serving connection checkpoints itself anyway (about 256 MiB). */
const BACKSTOP_PAGES = 65_536;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: SqliteDatabase, onError: (message: string) => void, everyMs = 1000): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  // Keep the WAL file from staying at its high-water mark after a burst.
  db.pragma('journal_size_limit = 67108864');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: db.name, everyMs } });
  worker.on('message', (message) => onError(String(message)));
  worker.on('error', (error) => onError(error.message));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    },
  };
}
