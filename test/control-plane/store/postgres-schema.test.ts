import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../../control-plane/store/sqlite/database.ts';
import { postgresTestUrl } from '../../helpers/postgres-url.ts';

const schemaSql = readFileSync(new URL('../../../control-plane/store/postgres/migrations/001-initial.sql', import.meta.url), 'utf8');

/** Tables given a trailing `rowid` identity because their queries order by SQLite's rowid. */
const rowidTables = ['bookings', 'releases', 'security_audits', 'tenant_freezes'];
/** Tables whose `INTEGER PRIMARY KEY` id the stores never supply. */
const autoIdTables = ['alert_events', 'audit_log', 'notification_outbox', 'plan_events'];

const sqliteToPostgresType: Record<string, string> = { INTEGER: 'bigint', REAL: 'double precision', TEXT: 'text', BLOB: 'bytea' };
const postgresAction: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  defaultValue: string | null;
}
interface ForeignKey {
  column: string;
  references: string;
  onDelete: string;
  onUpdate: string;
}
interface Index {
  name: string;
  table: string;
  unique: boolean;
  partial: boolean;
}
interface Schema {
  tables: string[];
  columns: Map<string, Column[]>;
  primaryKeys: Map<string, string[]>;
  foreignKeys: Map<string, ForeignKey[]>;
  uniqueConstraints: Map<string, string[]>;
  checkCounts: Map<string, number>;
  indexes: Index[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sqliteSchema(db: SqliteDatabase): Schema {
  const tableRows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
    .all() as Array<{ name: string; sql: string }>;
  const schema: Schema = { tables: tableRows.map((t) => t.name).sort(byText), columns: new Map(), primaryKeys: new Map(), foreignKeys: new Map(), uniqueConstraints: new Map(), checkCounts: new Map(), indexes: [] };
  for (const { name: table, sql } of tableRows) {
    const info = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
    // PostgreSQL makes every primary-key column NOT NULL; SQLite enforces that only for
    // WITHOUT ROWID tables and rowid aliases, but the stores never write a null key.
    schema.columns.set(table, info.map((c) => ({ name: c.name, type: sqliteToPostgresType[c.type] ?? c.type, notNull: c.notnull === 1 || c.pk > 0, defaultValue: c.dflt_value })));
    schema.primaryKeys.set(table, info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name));
    const keys = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as Array<{ table: string; from: string; to: string; on_delete: string; on_update: string }>;
    schema.foreignKeys.set(table, keys.map((k) => ({ column: k.from, references: `${k.table}.${k.to}`, onDelete: k.on_delete, onUpdate: k.on_update })));
    const indexList = db.prepare(`PRAGMA index_list("${table}")`).all() as Array<{ name: string; unique: number; origin: string; partial: number }>;
    const unique = indexList.filter((i) => i.origin === 'u').map((i) => (db.prepare(`PRAGMA index_info("${i.name}")`).all() as Array<{ name: string }>).map((c) => c.name).join(','));
    schema.uniqueConstraints.set(table, unique.sort(byText));
    schema.checkCounts.set(table, (sql.match(/\bCHECK\s*\(/gi) ?? []).length);
    for (const index of indexList.filter((i) => i.origin === 'c')) schema.indexes.push({ name: index.name, table, unique: index.unique === 1, partial: index.partial === 1 });
  }
  schema.indexes.sort((a, b) => byText(a.name, b.name));
  return schema;
}

async function postgresSchema(client: pg.Client, namespace: string): Promise<Schema> {
  const query = async <Row extends pg.QueryResultRow>(sql: string) => (await client.query<Row>(sql, [namespace])).rows;
  const tables = (await query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'")).map((t) => t.name).sort(byText);
  const group = <Row extends { table: string }, T>(rows: Row[], value: (row: Row) => T) => new Map(tables.map((t) => [t, rows.filter((r) => r.table === t).map(value)]));
  const columns = await query<{ table: string; name: string; type: string; nullable: string; default_value: string | null }>(
    `SELECT table_name AS table, column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS default_value
     FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
  );
  const keys = await query<{ table: string; name: string }>(
    `SELECT k.table_name AS table, k.column_name AS name FROM information_schema.table_constraints c
     JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
     WHERE c.table_schema = $1 AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`,
  );
  const constraints = await query<{ table: string; type: string; columns: string; references: string | null; on_delete: string; on_update: string }>(
    `SELECT t.relname AS table, c.contype AS type, c.confdeltype AS on_delete, c.confupdtype AS on_update,
       (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY AS k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
       (SELECT r.relname || '.' || a.attname FROM pg_class r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = c.confkey[1]
          WHERE r.oid = c.confrelid) AS references
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND c.contype IN ('f', 'u', 'c')`,
  );
  const indexes = await query<Index>(
    `SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, x.indpred IS NOT NULL AS partial
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))
     ORDER BY i.relname`,
  );
  const ofType = (type: string) => constraints.filter((c) => c.type === type);
  return {
    tables,
    columns: group(columns, (c) => ({ name: c.name, type: c.type, notNull: c.nullable === 'NO', defaultValue: c.default_value })),
    primaryKeys: group(keys, (k) => k.name),
    foreignKeys: group(ofType('f'), (k) => ({ column: k.columns, references: k.references ?? '', onDelete: postgresAction[k.on_delete] ?? k.on_delete, onUpdate: postgresAction[k.on_update] ?? k.on_update })),
    uniqueConstraints: new Map([...group(ofType('u'), (c) => c.columns)].map(([t, list]) => [t, list.sort(byText)])),
    checkCounts: new Map([...group(ofType('c'), () => 1)].map(([t, list]) => [t, list.length])),
    indexes: indexes.sort((a, b) => byText(a.name, b.name)),
  };
}

async function identityColumns(client: pg.Client, namespace: string): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT table_name || '.' || column_name || ' ' || identity_generation AS name FROM information_schema.columns
     WHERE table_schema = $1 AND is_identity = 'YES' ORDER BY 1`,
    [namespace],
  );
  return rows.rows.map((r) => r.name);
}

/** PostgreSQL spells a default with its cast (`'down'::text`); SQLite keeps the literal. */
const withoutCast = (value: string | null) => value?.replace(/::[a-z ]+$/, '') ?? null;

describe('PostgreSQL schema 001-initial', () => {
  const namespace = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresTestUrl });
  const db = openDatabase(':memory:');
  let postgres: Schema;
  let identities: string[];
  const sqlite = sqliteSchema(db);

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${namespace}`);
    await client.query(`SET search_path TO ${namespace}`);
    await client.query(schemaSql);
    postgres = await postgresSchema(client, namespace);
    identities = await identityColumns(client, namespace);
  });

  afterAll(async () => {
    db.close();
    await client.query(`DROP SCHEMA IF EXISTS ${namespace} CASCADE`);
    await client.end();
  });

  it('creates exactly the tables the SQLite migrations end with', () => {
    expect(sqlite.tables.length).toBeGreaterThan(40);
    expect(postgres.tables).toEqual(sqlite.tables);
  });

  it.each(sqlite.tables)('gives %s the same columns in the same order, with mapped types, NOT NULL flags and defaults', (table) => {
    const extra = rowidTables.includes(table) ? [{ name: 'rowid', type: 'bigint', notNull: true, defaultValue: null }] : [];
    const expected = [...(sqlite.columns.get(table) ?? []), ...extra];
    const actual = (postgres.columns.get(table) ?? []).map((c) => ({ ...c, defaultValue: withoutCast(c.defaultValue) }));
    expect(actual).toEqual(expected);
  });

  it.each(sqlite.tables)('gives %s the same primary key columns in the same order', (table) => {
    expect(postgres.primaryKeys.get(table)).toEqual(sqlite.primaryKeys.get(table));
  });

  it.each(sqlite.tables)('gives %s the same foreign keys, unique constraints and number of CHECK constraints', (table) => {
    const sortKeys = (keys: ForeignKey[] = []) => [...keys].sort((a, b) => byText(a.column, b.column));
    expect(sortKeys(postgres.foreignKeys.get(table))).toEqual(sortKeys(sqlite.foreignKeys.get(table)));
    expect(postgres.uniqueConstraints.get(table)).toEqual(sqlite.uniqueConstraints.get(table));
    expect(postgres.checkCounts.get(table)).toBe(sqlite.checkCounts.get(table));
  });

  it('creates the same named indexes on the same tables, unique and partial where SQLite has them', () => {
    expect(sqlite.indexes.length).toBeGreaterThan(50);
    expect(postgres.indexes).toEqual(sqlite.indexes);
  });

  it('numbers unsupplied ids by default and adds an always-generated rowid only to the tables that order by it', () => {
    const expected = [...autoIdTables.map((t) => `${t}.id BY DEFAULT`), ...rowidTables.map((t) => `${t}.rowid ALWAYS`)].sort(byText);
    expect(identities).toEqual(expected);
  });
});
