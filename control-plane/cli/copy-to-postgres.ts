/**
 * `tideway admin copy-to-postgres`: moves a SQLite deployment into an empty PostgreSQL
 * database in one transaction (all or nothing), then checks every table's row count and
 * checksums against the SQLite file before committing.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { PostgresDatabase } from '../store/postgres/database.ts';
import { migratePostgres } from '../store/postgres/migrate.ts';
import { listMigrations } from '../store/sqlite/migrate.ts';
import { databasePath } from '../store/sqlite/index.ts';
import type { SqliteDatabase } from '../store/sqlite/database.ts';
import {
  CopyError,
  checksumSql,
  compareChecksums,
  copyTable,
  foreignKeyOrder,
  planTables,
  quote,
  readSourceTables,
  readTargetColumns,
  resetIdentities,
  type TableCheck,
  type TablePlan,
} from './copy-tables.ts';
import { runningServerPid } from './server-lock.ts';

export { CopyError } from './copy-tables.ts';

/** Shown by `tideway admin copy-to-postgres --help`. */
export const COPY_USAGE = `usage: tideway admin copy-to-postgres --data-dir DIR --to postgres://USER:PASS@HOST/DB [--batch 5000]
Copies the SQLite deployment in DIR (DIR/tideway.db) into an empty PostgreSQL database, in one
transaction, and verifies per table row counts and checksums before committing. Refuses while a
server uses DIR, when the target already has rows, or when the SQLite schema is not this
build's newest (start this build once on DIR first).
The keys are not in the database: copy DIR/keys/ into the data directory of every replica
that serves from PostgreSQL. Contact secrets are sealed with DIR/keys/contact-secrets.key (a
replica with another key cannot open them), and agents trust only plans signed with the
signing key there (a replica with another key sends plans agents reject).`;

/** Rows per INSERT when `--batch` is not given. */
export const DEFAULT_BATCH_ROWS = 5000;

/** What the copy needs; `progress` receives the per-table lines meant for stderr. */
export interface CopyOptions {
  dataDir: string;
  url: string;
  batchRows?: number;
  progress?: (line: string) => void;
}

/** The outcome of a committed copy. */
export interface CopyReport {
  tables: TableCheck[];
  rows: number;
  copyMs: number;
  rowsPerSecond: number;
}

function openSource(dataDir: string): SqliteDatabase {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new CopyError('SERVER_RUNNING', `a Tideway server (pid ${pid}) is using ${dataDir}; stop it before copying`);
  const file = databasePath(dataDir);
  if (!existsSync(file)) throw new CopyError('NO_DATABASE', `no database at ${file}; is --data-dir right?`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    const newest = Math.max(...listMigrations().map((m) => m.version));
    if (version !== newest) {
      throw new CopyError('SCHEMA_VERSION_MISMATCH', `${file} has schema ${version}, this Tideway has ${newest}; copy with the Tideway build that wrote it, after it has migrated the file`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Refuses a target with rows in any table: never mix two deployments. */
function refuseNonEmpty(target: PostgresDatabase): void {
  const tables = target.send({
    text: "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'",
    values: null,
  }).rows.map((row) => String(row.table_name));
  if (tables.length === 0) return;
  const probe = tables.map((t) => `SELECT '${t}' AS name WHERE EXISTS (SELECT 1 FROM ${quote(t)})`).join(' UNION ALL ');
  const filled = target.send({ text: probe, values: null }).rows.map((row) => String(row.name));
  if (filled.length > 0) throw new CopyError('TARGET_NOT_EMPTY', `the target already has rows in ${filled.sort().join(', ')}; copy into an empty database`);
}

function verify(source: SqliteDatabase, target: PostgresDatabase, plans: readonly TablePlan[]): TableCheck[] {
  const checks = plans.map((plan) => {
    const sql = checksumSql(plan);
    const sqliteRow = source.prepare(sql).get() as Record<string, unknown>;
    const postgresRow = target.send({ text: sql, values: null }).rows[0]!;
    return compareChecksums(plan, sqliteRow, postgresRow);
  });
  const bad = checks.filter((c) => c.sqliteRows !== c.postgresRows || c.mismatched.length > 0);
  if (bad.length > 0) {
    const detail = bad.map((c) => `${c.table} (sqlite ${c.sqliteRows} rows, postgres ${c.postgresRows}; differs: ${c.mismatched.join(', ')})`);
    throw new CopyError('VERIFY_MISMATCH', `verification failed, nothing committed: ${detail.join('; ')}`);
  }
  return checks;
}

const rate = (rows: number, ms: number) => Math.round(rows / Math.max(ms, 1) * 1000);

/**
 * Copies and verifies inside one PostgreSQL transaction, which takes the store's write lock, so a
 * replica starting meanwhile waits, and any failure (a constraint, a lost connection, a
 * checksum) leaves the target as it was. SQLite is read in one read transaction: one snapshot.
 */
export function copyToPostgres(options: CopyOptions): CopyReport {
  const { progress = () => {} } = options;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const source = openSource(options.dataDir);
  // Statements of a big table run longer than the store's 30 s default.
  const target = new PostgresDatabase({ connectionString: options.url, applicationName: 'tideway-copy', timeoutMs: 3_600_000 });
  try {
    source.exec('BEGIN');
    const ordered = foreignKeyOrder(readSourceTables(source));
    return target.transaction(() => {
      refuseNonEmpty(target);
      migratePostgres(target);
      const plans = planTables(ordered, readTargetColumns(target));
      const startedAt = Date.now();
      let rows = 0;
      for (const plan of plans) {
        const total = source.prepare(`SELECT count(*) FROM ${quote(plan.name)}`).pluck().get() as number;
        const tableStartedAt = Date.now();
        const line = (copied: number) => (total === 0 ? `${plan.name}: empty` : `${plan.name}: ${copied}/${total} rows (${rate(copied, Date.now() - tableStartedAt)} rows/s)`);
        const copied = copyTable(source, target, plan, batchRows, (n) => {
          if (n < total) progress(line(n));
        });
        progress(line(copied));
        rows += copied;
      }
      const copyMs = Date.now() - startedAt;
      resetIdentities(target, plans);
      progress('verifying row counts and checksums');
      return { tables: verify(source, target, plans), rows, copyMs, rowsPerSecond: rate(rows, copyMs) };
    })();
  } finally {
    if (source.inTransaction) source.exec('COMMIT');
    source.close();
    target.close();
  }
}

/** The verification table printed on success. */
export function formatReport(report: CopyReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = report.tables.map((t) => `${t.table.padEnd(width)}  ${String(t.sqliteRows).padStart(10)}  ${String(t.postgresRows).padStart(10)}  ok`);
  return [
    `${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgres'.padStart(10)}  checksums`,
    ...lines,
    `copied ${report.rows} rows in ${(report.copyMs / 1000).toFixed(1)} s (${report.rowsPerSecond} rows/s); committed.`,
    'Now copy the keys/ directory beside tideway.db into the data directory of every replica.',
  ].join('\n');
}
