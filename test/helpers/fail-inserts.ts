/** Makes a table's inserts fail, as a full disk or a crash part-way through a transaction would. */
import { dialectOf, type SqlDatabase } from '../../control-plane/store/sql/database.ts';

/**
 * Inserts into `table` fail with `message` while `condition` (SQL over `NEW`) holds, on the
 * connection of `db` alone; returns the function that lets them through again.
 */
export function failInserts(db: SqlDatabase, table: string, message: string, condition = 'true'): () => void {
  const name = `fail_${table}`;
  if (dialectOf(db) === 'sqlite') {
    // A temporary trigger lives on this connection only, so a reopened database is clean.
    db.exec(`CREATE TEMP TRIGGER ${name} BEFORE INSERT ON main.${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    return () => db.exec(`DROP TRIGGER IF EXISTS temp.${name}`);
  }
  // The trigger stays in the schema, but it fails inserts only while a setting of this session
  // is on, so, as on SQLite, another or a reopened connection is not affected.
  const flag = `tideway.${name}`;
  db.exec(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF current_setting('${flag}', true) = 'on' AND ${condition} THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$;
    DROP TRIGGER IF EXISTS ${name} ON ${table};
    CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}();
    SET ${flag} = 'on'`);
  return () => db.exec(`RESET ${flag}`);
}
