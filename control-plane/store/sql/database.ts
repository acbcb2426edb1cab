/**
 * The part of a SQL database the store modules use: prepared statements and synchronous
 * transactions. better-sqlite3 provides it as is; `store/postgres/database.ts` provides it
 * over PostgreSQL. The modules write SQL both dialects accept, or ask `dialectOf`.
 */

/** One prepared statement. */
export interface SqlStatement<A extends unknown[], R> {
  run(...params: A): { changes: number };
  get(...params: A): R | undefined;
  all(...params: A): R[];
  /** Rows become their first column's value. */
  pluck(toggleState?: boolean): this;
}

/** Wraps `fn` so that each call runs in one transaction (a savepoint when nested). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SqlTransaction<F extends (...params: any[]) => unknown> {
  (...params: ArgumentsOf<F>): ReturnType<F>;
  /** Takes the write lock at the start rather than at the first write. */
  immediate(...params: ArgumentsOf<F>): ReturnType<F>;
}

// As better-sqlite3 spells it, so its transactions fit this interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ArgumentsOf<F extends (...params: any[]) => unknown> = F extends (...args: infer A) => unknown ? A : never;

export type SqlDialect = 'sqlite' | 'postgres';

/** A database the store modules run on. */
export interface SqlDatabase {
  /** `P`: positional parameter types, or the one object of named parameters (as better-sqlite3). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  // `any` as in better-sqlite3's own typing: transactions wrap functions of any arguments.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<F extends (...params: any[]) => unknown>(fn: F): SqlTransaction<F>;
  /** Runs one or more statements without parameters. */
  exec(source: string): unknown;
}

/** Which SQL a database speaks; PostgreSQL databases say so, better-sqlite3 has no marker. */
export const dialectOf = (db: SqlDatabase): SqlDialect => ((db as { dialect?: SqlDialect }).dialect === 'postgres' ? 'postgres' : 'sqlite');
