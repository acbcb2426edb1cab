/**
 * PostgreSQL behind the `SqlDatabase` interface the store modules use. Statements are
 * translated once (`translate.ts`) and prepared on the server. Writes inside a transaction go
 * to the connection's worker together with the next read or the commit: one hand-off, and the
 * main thread waits once. Every transaction but ingest's first takes one advisory lock (per
 * schema): replicas then write one at a time, as SQLite's writers do, and check-then-write code
 * keeps its meaning on several nodes.
 */
import type { SqlDatabase, SqlStatement, SqlTransaction } from '../sql/database.ts';
import { SyncConnection, type SyncConnectionOptions, type SyncQuery, type SyncResult } from './sync-connection.ts';
import { bindValues, translateSql, type TranslatedSql } from './translate.ts';

/**
 * The advisory lock every write transaction takes. Advisory locks are database-wide, so the
 * key includes the schema: deployments (and tests) in separate schemas do not wait on each other.
 */
export const WRITE_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('tideway.write.' || current_schema()))";

/** A `run()` result whose row count is fetched only when asked for. */
interface RunResult {
  readonly changes: number;
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly connection: SyncConnection;
  private depth = 0;
  /** Statements sent with the next round trip (inside a transaction only). */
  private pending: SyncQuery[] = [];
  private pendingResults: Array<(result: SyncResult) => void> = [];
  private readonly translated = new Map<string, TranslatedSql>();

  /** Where it connects: tools and tests open a second connection to the same schema with it. */
  readonly connectionString: string;

  constructor(options: SyncConnectionOptions) {
    this.connectionString = options.connectionString;
    this.connection = new SyncConnection(options);
  }

  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R> {
    let translated = this.translated.get(source);
    if (!translated) this.translated.set(source, (translated = translateSql(source)));
    return new PostgresStatement(this, translated) as unknown as P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<F extends (...params: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run = (...params: unknown[]) => this.inTransaction(() => fn(...params) as ReturnType<F>, true);
    return Object.assign(run, { immediate: run }) as SqlTransaction<F>;
  }

  /**
   * A transaction without the write lock: it relies on the row locks its own statements take
   * (`SELECT ... FOR UPDATE`). For ingest, whose batches touch disjoint rows on each replica.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rowLockedTransaction<F extends (...params: any[]) => unknown>(fn: F): (...params: Parameters<F>) => ReturnType<F> {
    return (...params) => this.inTransaction(() => fn(...params) as ReturnType<F>, false);
  }

  exec(source: string): this {
    this.send({ text: source, values: null });
    return this;
  }

  /** Sends the queued writes and `query` now; returns `query`'s result. */
  send(query: SyncQuery): SyncResult {
    const queries = [...this.pending, query];
    const callbacks = this.pendingResults;
    this.pending = [];
    this.pendingResults = [];
    const results = this.connection.batch(queries);
    callbacks.forEach((deliver, i) => deliver(results[i]!));
    return results[results.length - 1]!;
  }

  /** Runs a write: queued inside a transaction, sent at once outside one. */
  write(query: SyncQuery): RunResult {
    if (this.depth === 0) return { changes: this.send(query).rowCount };
    let result: SyncResult | undefined;
    this.pending.push(query);
    this.pendingResults.push((r) => (result = r));
    const database = this;
    return {
      get changes() {
        if (!result) database.flush();
        return result!.rowCount;
      },
    };
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const last = this.pending.pop()!;
    const deliver = this.pendingResults.pop()!;
    deliver(this.send(last));
  }

  private inTransaction<T>(fn: () => T, writeLock: boolean): T {
    const savepoint = this.depth > 0 ? `tw_${this.depth}` : null;
    this.queue(savepoint ? `SAVEPOINT ${savepoint}` : writeLock ? `BEGIN; ${WRITE_LOCK_SQL}` : 'BEGIN');
    // A nested block starts on the server at once: if it fails, only its own queued writes are dropped.
    if (savepoint) this.flush();
    this.depth++;
    try {
      const value = fn();
      if (savepoint) {
        this.queue(`RELEASE SAVEPOINT ${savepoint}`);
        this.flush(); // a nested block's failure must surface inside it, as on SQLite
      } else this.send({ text: 'COMMIT', values: null });
      return value;
    } catch (error) {
      this.pending = [];
      this.pendingResults = [];
      const undo = savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK';
      try {
        this.connection.query(undo);
      } catch {
        // The connection itself failed; the server rolls back when the session ends.
      }
      throw error;
    } finally {
      this.depth--;
    }
  }

  private queue(text: string): void {
    this.pending.push({ text, values: null });
    this.pendingResults.push(() => {});
  }

  close(): void {
    this.connection.close();
  }
}

class PostgresStatement {
  private plucked = false;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly sql: TranslatedSql,
  ) {}

  pluck(toggleState = true): this {
    this.plucked = toggleState;
    return this;
  }

  run(...params: unknown[]): RunResult {
    return this.db.write({ text: this.sql.text, values: bindValues(this.sql, params) });
  }

  get(...params: unknown[]): unknown {
    return this.all(...params)[0];
  }

  all(...params: unknown[]): unknown[] {
    const { rows } = this.db.send({ text: this.sql.text, values: bindValues(this.sql, params) });
    return this.plucked ? rows.map((row) => Object.values(row)[0]) : rows;
  }
}
