/**
 * Table-level pieces of `tideway admin copy-to-postgres`: reading both schemas, ordering the
 * tables by their foreign keys, copying one table in batches and checksumming a table the
 * same way on both sides. The SQL here runs on a raw connection, never through the store.
 */
import type { SqliteDatabase } from '../store/sqlite/database.ts';
import type { PostgresDatabase } from '../store/postgres/database.ts';

/** A copy problem with a stable code (main.ts prints `CODE: message`). */
export class CopyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CopyError';
  }
}

/** A SQLite table as the copy sees it. */
export interface SourceTable {
  name: string;
  columns: string[];
  /** Tables this one's foreign keys point at. */
  parents: string[];
  /** Insertion order: rowid, or the primary key of a WITHOUT ROWID table. */
  orderBy: string;
}

/** A PostgreSQL column of the target schema. */
export interface TargetColumn {
  name: string;
  type: string;
  identity: 'ALWAYS' | 'BY DEFAULT' | null;
}

/** One table's copy: the columns both sides have, with the target's types. */
export interface TablePlan {
  name: string;
  columns: TargetColumn[];
  orderBy: string;
}

/** Double-quoted identifier, the same in both dialects. */
export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Every table of the SQLite database except its migration log. */
export function readSourceTables(db: SqliteDatabase): SourceTable[] {
  const tables = db
    .prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
    .all() as Array<{ name: string; wr: number }>;
  return tables.map(({ name, wr }) => {
    const info = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as Array<{ name: string; pk: number }>;
    const parents = db.prepare('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)').pluck().all(name) as string[];
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    return {
      name,
      columns: info.map((c) => c.name),
      parents,
      orderBy: wr ? key.map((c) => quote(c.name)).join(', ') : 'rowid',
    };
  });
}

/**
 * Parents before children (Kahn's algorithm, ties by name). A self-reference needs no order
 * between tables; a cycle between tables cannot be copied with the constraints checked.
 */
export function foreignKeyOrder<T extends { name: string; parents: string[] }>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const waiting = new Map(tables.map((t) => [t.name, new Set(t.parents.filter((p) => p !== t.name && byName.has(p)))]));
  const order: T[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, parents]) => parents.size === 0).map(([name]) => name).sort();
    if (ready.length === 0) throw new CopyError('FOREIGN_KEY_CYCLE', `foreign keys form a cycle among ${[...waiting.keys()].join(', ')}`);
    for (const name of ready) {
      waiting.delete(name);
      order.push(byName.get(name)!);
      for (const parents of waiting.values()) parents.delete(name);
    }
  }
  return order;
}

/** Columns of every table in the target's current schema. */
export function readTargetColumns(db: PostgresDatabase): Map<string, TargetColumn[]> {
  const { rows } = db.send({
    text: `SELECT table_name, column_name, data_type, identity_generation FROM information_schema.columns
           WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    values: null,
  });
  const tables = new Map<string, TargetColumn[]>();
  for (const row of rows) {
    const table = String(row.table_name);
    if (!tables.has(table)) tables.set(table, []);
    const identity = row.identity_generation === 'ALWAYS' || row.identity_generation === 'BY DEFAULT' ? row.identity_generation : null;
    tables.get(table)!.push({ name: String(row.column_name), type: String(row.data_type), identity });
  }
  return tables;
}

/**
 * Matches SQLite tables to the target's by name. The target may only add identity columns
 * (the `rowid` insertion-order columns); any other difference means the two builds disagree
 * about the schema, and copying would lose or invent data.
 */
export function planTables(source: readonly SourceTable[], target: Map<string, TargetColumn[]>): TablePlan[] {
  const problems: string[] = [];
  const extraTables = [...target.keys()].filter((t) => t !== 'schema_migrations' && !source.some((s) => s.name === t));
  if (extraTables.length > 0) problems.push(`tables only in PostgreSQL: ${extraTables.join(', ')}`);
  const plans = source.map((table) => {
    const columns = target.get(table.name);
    if (!columns) {
      problems.push(`table ${table.name} is missing in PostgreSQL`);
      return null;
    }
    const missing = table.columns.filter((c) => !columns.some((t) => t.name === c));
    const extra = columns.filter((t) => !table.columns.includes(t.name) && t.identity === null);
    if (missing.length > 0) problems.push(`${table.name}: columns missing in PostgreSQL: ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`${table.name}: columns only in PostgreSQL: ${extra.map((c) => c.name).join(', ')}`);
    const copied = table.columns.map((c) => columns.find((t) => t.name === c)).filter((c): c is TargetColumn => c !== undefined);
    return { name: table.name, columns: copied, orderBy: table.orderBy };
  });
  if (problems.length > 0) throw new CopyError('SCHEMA_MISMATCH', `the SQLite and PostgreSQL schemas differ: ${problems.join('; ')}`);
  return plans.filter((p): p is TablePlan => p !== null);
}

/** PostgreSQL's limit on the parameters of one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * A multi-row INSERT of `rows` rows with `$n` parameters, columns by name. Rows go in in the
 * listed (SQLite) order, so identity columns the target fills itself (`rowid`) number them in
 * the order SQLite inserted them. Plain parameters beat one array per column (`unnest`) about
 * threefold on the samples table: nothing to escape into array literals.
 */
function insertSql(plan: TablePlan, rows: number): string {
  const names = plan.columns.map((c) => quote(c.name)).join(', ');
  const overriding = plan.columns.some((c) => c.identity === 'ALWAYS') ? ' OVERRIDING SYSTEM VALUE' : '';
  const width = plan.columns.length;
  const tuples = Array.from({ length: rows }, (_, r) => `(${plan.columns.map((_c, i) => `$${r * width + i + 1}`).join(', ')})`);
  return `INSERT INTO ${quote(plan.name)} (${names})${overriding} VALUES ${tuples.join(', ')}`;
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit SQLite integer as a number where that is exact, else as decimal text PostgreSQL parses exactly. */
const exactInteger = (value: bigint): number | string => (value <= SAFE_MAX && value >= -SAFE_MAX ? Number(value) : value.toString());

/**
 * Copies one table in statements of up to `batchRows` rows (fewer for a wide table, to stay
 * under the parameter limit); calls `onBatch` with the rows copied so far.
 */
export function copyTable(source: SqliteDatabase, target: PostgresDatabase, plan: TablePlan, batchRows: number, onBatch: (copied: number) => void): number {
  const select = source.prepare(`SELECT ${plan.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(plan.name)} ORDER BY ${plan.orderBy}`).raw(true).safeIntegers(true);
  const perStatement = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / plan.columns.length)));
  const fullSql = insertSql(plan, perStatement);
  let values: unknown[] = [];
  let pending = 0;
  let copied = 0;
  const flush = () => {
    if (pending === 0) return;
    target.send({ text: pending === perStatement ? fullSql : insertSql(plan, pending), values });
    copied += pending;
    pending = 0;
    values = [];
    onBatch(copied);
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    for (const value of row) values.push(typeof value === 'bigint' ? exactInteger(value) : value);
    if (++pending === perStatement) flush();
  }
  flush();
  return copied;
}

/** Moves every identity sequence past the copied ids, so the next insert gets a fresh one. */
export function resetIdentities(target: PostgresDatabase, plans: readonly TablePlan[]): void {
  for (const plan of plans) {
    for (const column of plan.columns.filter((c) => c.identity !== null)) {
      const sequence = `pg_get_serial_sequence('${quote(plan.name)}', '${column.name}')`;
      target.send({ text: `SELECT setval(${sequence}, max(${quote(column.name)})) FROM ${quote(plan.name)} HAVING max(${quote(column.name)}) IS NOT NULL`, values: null });
    }
  }
}

/** A modulus that keeps sums of epoch-ms columns far from 64-bit overflow on both sides. */
const MODULUS = 1_000_000_007;

/**
 * The checksum query of a table, valid SQL on both sides: the row count, the sum of every
 * integer column (instants, ids, counters) reduced modulo a prime, and the total length of
 * every text column. Sums are compared as text so no side rounds them through a double.
 */
export function checksumSql(plan: TablePlan): string {
  const parts = ['CAST(count(*) AS TEXT)'];
  for (const column of plan.columns) {
    if (column.type === 'bigint' || column.type === 'integer') parts.push(`CAST(sum(${quote(column.name)} % ${MODULUS}) AS TEXT)`);
    else if (column.type === 'text') parts.push(`CAST(sum(length(${quote(column.name)})) AS TEXT)`);
  }
  return `SELECT ${parts.map((p, i) => `${p} AS c${i}`).join(', ')} FROM ${quote(plan.name)}`;
}

/** Per-table verification result. */
export interface TableCheck {
  table: string;
  sqliteRows: number;
  postgresRows: number;
  /** Checked columns whose checksums differ. */
  mismatched: string[];
}

/** Compares one table's checksum rows (from `checksumSql`) of both sides. */
export function compareChecksums(plan: TablePlan, sqlite: Record<string, unknown>, postgres: Record<string, unknown>): TableCheck {
  const checked = ['row count', ...plan.columns.filter((c) => ['bigint', 'integer', 'text'].includes(c.type)).map((c) => c.name)];
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    table: plan.name,
    sqliteRows: Number(sqlite.c0),
    postgresRows: Number(postgres.c0),
    mismatched: checked.filter((_, i) => text(sqlite[`c${i}`]) !== text(postgres[`c${i}`])),
  };
}
