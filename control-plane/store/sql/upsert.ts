/** Upserts in the spelling SQLite and PostgreSQL share. */

/**
 * `INSERT ... ON CONFLICT (key) DO UPDATE` of every non-key column from named parameters
 * `@column`. Unlike SQLite's `INSERT OR REPLACE` it updates the row in place (no delete, so
 * no cascade), and PostgreSQL accepts it.
 */
export function upsertStatement(table: string, columns: readonly string[], key: readonly string[], params: readonly string[] = columns): string {
  const updates = columns.filter((column) => !key.includes(column)).map((column) => `${column} = excluded.${column}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${params.map((p) => `@${p}`).join(', ')})
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}
