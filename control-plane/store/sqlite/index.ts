/** The SQLite implementation of every store interface, on one database file. */
import { dirname } from 'node:path';
import { openDatabase, type SqliteDatabase } from './database.ts';
import { sqlStore, type SqlStore } from '../sql/store.ts';
import { ephemeralSecretKey, loadOrCreateSecretKey } from '../../notices/secret-box.ts';

export interface SqliteStore extends SqlStore {
  db: SqliteDatabase;
}

/** Opens (and migrates) the database at `path`; `:memory:` for tests. */
export function createSqliteStore(path: string): SqliteStore {
  const db = openDatabase(path);
  return sqlStore(db, {
    // Contact credentials are sealed with a key kept beside the database file.
    contactsKey: path === ':memory:' ? ephemeralSecretKey() : loadOrCreateSecretKey(dirname(path)),
    transaction: (fn) => db.transaction(fn).immediate(),
    close: () => db.close(),
  });
}

/** Where the database lives inside a data directory. */
export const databasePath = (dataDir: string) => `${dataDir}/tideway.db`;
