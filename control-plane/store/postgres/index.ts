/** The PostgreSQL implementation of every store interface: the SQL store modules on a `PostgresDatabase`. */
import { sqlStore, type SqlStore } from '../sql/store.ts';
import { PostgresDatabase } from './database.ts';
import { migratePostgres } from './migrate.ts';

export interface PostgresStore extends SqlStore {
  db: PostgresDatabase;
}

export interface PostgresStoreOptions {
  /** Seals contact credentials; every replica must use the same key. */
  contactsKey: Buffer;
  /** Shown in `pg_stat_activity`, e.g. `tideway@replica-a`. */
  applicationName?: string;
  /** Set false to open without running migrations (copy checks, tools). */
  migrate?: boolean;
}

/** Connects to `url` (a `postgres://` connection string) and migrates the schema. */
export function createPostgresStore(url: string, options: PostgresStoreOptions): PostgresStore {
  const db = new PostgresDatabase({ connectionString: url, applicationName: options.applicationName ?? 'tideway' });
  try {
    if (options.migrate !== false) migratePostgres(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return sqlStore(db, {
    contactsKey: options.contactsKey,
    transaction: (fn) => db.transaction(fn)(),
    close: () => db.close(),
  });
}

/** Collations whose text order is SQLite's (byte order), which lists and reports are sorted by. */
const BYTE_ORDER_COLLATIONS = new Set(['C', 'C.UTF-8', 'C.utf8', 'POSIX']);

/** A warning when the database sorts text other than SQLite does (create it with LC_COLLATE 'C'). */
export function collationWarning(db: PostgresDatabase): string | null {
  const collation = db.prepare<[], string>('SELECT datcollate FROM pg_database WHERE datname = current_database()').pluck().get();
  return collation === undefined || BYTE_ORDER_COLLATIONS.has(collation)
    ? null
    : `database collation is ${collation}: lists sort differently than on SQLite; create the database with LC_COLLATE 'C' (docs/deployment.md)`;
}

/** True for a `--store` value that names a PostgreSQL database. */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//.test(value);
