/** Whole-database views for isolation, fuzz and secrets tests: every table, counted or filtered. */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase as Database } from '../../control-plane/store/sqlite/database.ts';

const byJson = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

/** Prepared statements per database: fuzz tests snapshot thousands of times. */
const statements = new WeakMap<Database, Map<string, Statement>>();
function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Every table of the database, from sqlite_master (so a new migration is covered at once). */
export function tableNames(db: Database): string[] {
  return prepared(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

/** Column names of a table. */
export function columnsOf(db: Database, table: string): string[] {
  return (prepared(db, `PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((column) => column.name);
}

/** Row count of every table. */
export function rowCounts(db: Database): Record<string, number> {
  return Object.fromEntries(tableNames(db).map((table) => [table, prepared(db, `SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

/**
 * Every row, in every table, whose `tenant_id`, `host_id` or `agent_id` column names one of
 * `ids`, plus rows whose `id` is one of `ids`: all a tenant owns, as one comparable value
 * (sorted: WITHOUT ROWID tables have no insertion order).
 */
export function rowsOwnedBy(db: Database, ids: string[]): Record<string, string[]> {
  const snapshot: Record<string, string[]> = {};
  for (const { table, keys } of ownershipKeys(db)) {
    const where = keys.map((key) => `"${key}" IN (${ids.map(() => '?').join(', ')})`).join(' OR ');
    snapshot[table] = byJson(prepared(db, `SELECT * FROM "${table}" WHERE ${where}`).all(...keys.flatMap(() => ids)));
  }
  return snapshot;
}

/** Tables with an owner column, and those columns (the schema does not change while a test runs). */
const ownership = new WeakMap<Database, Array<{ table: string; keys: string[] }>>();
function ownershipKeys(db: Database) {
  let plan = ownership.get(db);
  if (!plan) {
    plan = tableNames(db)
      .map((table) => ({ table, keys: columnsOf(db, table).filter((column) => ['id', 'tenant_id', 'host_id', 'agent_id'].includes(column)) }))
      .filter(({ keys }) => keys.length > 0);
    ownership.set(db, plan);
  }
  return plan;
}
