/** Opens the SQLite database with the settings the control plane relies on. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** Set false to open without running migrations (restore checks, tools). */
  migrate?: boolean;
}

/**
 * WAL lets readers (the API, `tideway admin` while the server runs) work beside the
 * writer. `synchronous = FULL` makes every commit durable before the agent is acked;
 * batching commits keeps the fsync cost per report small.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  if (options.migrate !== false) migrate(db);
  return db;
}
