/**
 * The store a test runs on: SQLite by default; PostgreSQL when `TIDEWAY_TEST_STORE=postgres`
 * (`npm test` runs the control-plane suites both ways: one contract, two stores). Each
 * PostgreSQL store gets a schema of its own, dropped when the store closes.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { ephemeralSecretKey, loadOrCreateSecretKey } from '../../control-plane/notices/secret-box.ts';
import { createPostgresStore } from '../../control-plane/store/postgres/index.ts';
import type { SqlStore } from '../../control-plane/store/sql/store.ts';
import { createSqliteStore } from '../../control-plane/store/sqlite/index.ts';
import { postgresTestUrl } from './postgres-url.ts';

export const testStoreKind = process.env.TIDEWAY_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A connection string whose sessions work in `schema`. Unless `durable`, commits do not wait
 * for the WAL flush: a test schema is thrown away, and the wait (about a quarter of the suites'
 * time) measures the disk. Benchmarks ask for durable commits, as a deployment has them.
 */
export function urlWithSchema(url: string, schema: string, durable = false): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}${durable ? '' : ' -c synchronous_commit=off'}`);
  return parsed.toString();
}

/** Runs one statement on its own connection (schema set-up and clean-up). */
export async function adminQuery(sql: string, url = postgresTestUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL schema; `drop` removes it with everything in it. */
export async function createTestSchema(options: { durable?: boolean } = {}): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  return { schema, url: urlWithSchema(postgresTestUrl, schema, options.durable), drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/** How to reopen each reopenable test store. */
const reopeners = new WeakMap<SqlStore, () => SqlStore>();

/**
 * Opens the test store: SQLite at `dir/tideway.db` (or in memory), or a new PostgreSQL schema.
 * Contact credentials are sealed with the key in `dir` when given, as the server's data directory
 * keeps it for either store.
 */
export async function openTestStore(dir?: string): Promise<SqlStore> {
  if (testStoreKind === 'sqlite') return openSqlite(dir);
  const { url, drop } = await createTestSchema();
  return openPostgres(url, dir ? loadOrCreateSecretKey(dir) : ephemeralSecretKey(), drop);
}

/** Closes `store` and opens its database again (the same file or schema, the same key), as a restart would. */
export function reopenTestStore(store: SqlStore): SqlStore {
  const reopen = reopeners.get(store);
  if (!reopen) throw new Error('only a store from openTestStore(dir) or a PostgreSQL test store can be reopened');
  return reopen();
}

function openSqlite(dir?: string): SqlStore {
  const store = createSqliteStore(dir ? join(dir, 'tideway.db') : ':memory:');
  if (dir) {
    reopeners.set(store, () => {
      store.close();
      return openSqlite(dir);
    });
  }
  return store;
}

function openPostgres(url: string, contactsKey: Buffer, drop: () => Promise<void>): SqlStore {
  let store: SqlStore;
  try {
    store = createPostgresStore(url, { contactsKey, applicationName: 'tideway-test' });
  } catch (error) {
    drop().catch(() => {});
    throw error;
  }
  const closeConnection = store.close;
  let closed = false;
  store.close = () => {
    if (closed) return;
    closed = true;
    closeConnection();
    drop().catch(() => {}); // a schema left behind is harmless; the next run makes its own
  };
  reopeners.set(store, () => {
    // The schema outlives this connection: the reopened store drops it when it closes.
    closed = true;
    closeConnection();
    return openPostgres(url, contactsKey, drop);
  });
  return store;
}
