/** Small adapters from prepared statements to mapped results. */
import type { SqlStatement } from '../sql/database.ts';

/** A lookup that maps the row when there is one. */
export function oneOf<A extends unknown[], R, T>(statement: SqlStatement<A, R>, map: (row: R) => T): (...args: A) => T | undefined {
  return (...args) => {
    const row = statement.get(...args);
    return row === undefined ? undefined : map(row);
  };
}

/** A query that maps every row. */
export function allOf<A extends unknown[], R, T>(statement: SqlStatement<A, R>, map: (row: R) => T): (...args: A) => T[] {
  return (...args) => statement.all(...args).map(map);
}
