/**
 * Online backup (SQLite's backup API: a consistent copy while the server writes) and
 * restore (only with the server stopped, only a copy that passes an integrity check).
 * The data directory's `keys/` (plan signing key, contact secret key) travels beside the
 * database copy as `<file>.keys/`: without it signed plans and stored contacts are lost.
 */
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { listMigrations } from '../store/sqlite/migrate.ts';
import { databasePath } from '../store/sqlite/index.ts';
import { runningServerPid } from './server-lock.ts';

function integrityOf(file: string): { ok: boolean; schemaVersion: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    const schemaVersion = (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    return { ok: result === 'ok', schemaVersion };
  } finally {
    db.close();
  }
}

export async function backupDatabase(dbFile: string, to: string): Promise<{ file: string; bytes: number; keys: string | null }> {
  if (!existsSync(dbFile)) throw new Error(`no database at ${dbFile}; is --data right?`);
  const target = resolve(to);
  if (existsSync(target)) throw new Error(`${target} exists; choose a new file name`);
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } finally {
    db.close();
  }
  if (!integrityOf(target).ok) throw new Error(`the backup at ${target} failed its integrity check`);
  const keys = join(dirname(dbFile), 'keys');
  if (existsSync(keys)) {
    cpSync(keys, `${target}.keys`, { recursive: true });
    chmodSync(`${target}.keys`, 0o700);
  }
  return { file: target, bytes: statSync(target).size, keys: existsSync(keys) ? `${target}.keys` : null };
}

export function restoreDatabase(dataDir: string, from: string): { file: string; schemaVersion: number } {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new Error(`a Tideway server (pid ${pid}) is using ${dataDir}; stop it before restoring`);
  const source = resolve(from);
  if (!existsSync(source)) throw new Error(`no backup at ${source}`);
  const { ok, schemaVersion } = integrityOf(source);
  if (!ok) throw new Error(`${source} failed its integrity check; not restored`);
  const newest = Math.max(...listMigrations().map((m) => m.version));
  if (schemaVersion > newest) throw new Error(`${source} has schema ${schemaVersion}, newer than this Tideway (${newest})`);
  const target = databasePath(dataDir);
  const staging = `${target}.restoring`;
  copyFileSync(source, staging);
  // The old WAL belongs to the old database; left behind it would be replayed onto the copy.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(staging, target);
  if (existsSync(`${source}.keys`)) cpSync(`${source}.keys`, join(dataDir, 'keys'), { recursive: true, force: true });
  return { file: source, schemaVersion };
}
