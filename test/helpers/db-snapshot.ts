/** Whole-database views for isolation, fuzz and secrets tests: every table, counted or filtered. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dialectOf, type SqlDatabase as Database, type SqlStatement } from '../../control-plane/store/sql/database.ts';

const byJson = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

type Statement = SqlStatement<unknown[], unknown>;

/** Prepared statements per database: fuzz tests snapshot thousands of times. */
const statements = new WeakMap<Database, Map<string, Statement>>();
function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

// The catalogue differs: sqlite_master and PRAGMA on SQLite, information_schema on PostgreSQL
// (the store's own schema only; migrations' bookkeeping is listed on both, as before).
const catalogue = {
  sqlite: {
    tables: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    columns: (table: string) => `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`,
  },
  postgres: {
    tables: 'SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
    columns: (table: string) =>
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position`,
  },
};

/** Tables per database: the schema does not change while a test runs. */
const tables = new WeakMap<Database, string[]>();

/** Every table of the database, from its catalogue (so a new migration is covered at once). */
export function tableNames(db: Database): string[] {
  let names = tables.get(db);
  if (!names) tables.set(db, (names = prepared(db, catalogue[dialectOf(db)].tables).pluck().all() as string[]));
  return names;
}

/** Column names of a table. */
export function columnsOf(db: Database, table: string): string[] {
  return prepared(db, catalogue[dialectOf(db)].columns(table)).pluck().all() as string[];
}

/** Row count of every table (one statement: one round trip on PostgreSQL). */
export function rowCounts(db: Database): Record<string, number> {
  const counts = tableNames(db).map((table) => `(SELECT count(*) FROM "${table}") AS "${table}"`);
  return prepared(db, `SELECT ${counts.join(', ')}`).get() as Record<string, number>;
}

/**
 * Every row, in every table, whose `tenant_id`, `host_id` or `agent_id` column names one of
 * `ids`, plus rows whose `id` is one of `ids`: all a tenant owns, as one comparable value
 * (sorted: WITHOUT ROWID tables have no insertion order).
 */
export function rowsOwnedBy(db: Database, ids: string[]): Record<string, string[]> {
  const plan = ownershipKeys(db);
  // As text: PostgreSQL compares an integer id (audit_log) with a text parameter only after a cast.
  const where = (keys: string[]) => keys.map((key) => `CAST("${key}" AS TEXT) IN (${ids.map(() => '?').join(', ')})`).join(' OR ');
  const values = (keys: string[]) => keys.flatMap(() => ids);
  if (dialectOf(db) === 'sqlite') {
    return Object.fromEntries(plan.map(({ table, keys }) => [table, byJson(prepared(db, `SELECT * FROM "${table}" WHERE ${where(keys)}`).all(...values(keys)))]));
  }
  // One statement for all tables: fuzz tests take this snapshot thousands of times, and each
  // statement is a round trip to the server.
  const union = plan.map(({ table, keys }) => `SELECT '${table}' AS t, CAST(row_to_json(r) AS TEXT) AS j FROM "${table}" r WHERE ${where(keys)}`);
  const rows = prepared(db, union.join(' UNION ALL ')).all(...plan.flatMap(({ keys }) => values(keys))) as Array<{ t: string; j: string }>;
  const snapshot: Record<string, string[]> = Object.fromEntries(plan.map(({ table }) => [table, []]));
  for (const { t, j } of rows) snapshot[t]!.push(j);
  for (const table of Object.keys(snapshot)) snapshot[table]!.sort();
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

/**
 * What the database holds, as text to search for secrets: SQLite's files in `dir` (free pages
 * and WAL included), or on PostgreSQL, whose files are the server's, every row of every table.
 */
export function databaseText(db: Database, dir: string): string[] {
  if (dialectOf(db) === 'sqlite') {
    return readdirSync(dir)
      .filter((name) => name.startsWith('tideway.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'));
  }
  return tableNames(db).map((table) => JSON.stringify(prepared(db, `SELECT * FROM "${table}"`).all()));
}
