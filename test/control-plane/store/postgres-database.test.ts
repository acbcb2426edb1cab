/**
 * The synchronous PostgreSQL database under the store modules, on a real server: statements,
 * transactions (all or nothing, savepoints when nested), writes sent together with the next
 * read, server errors with their SQLSTATE, and a connection the server dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../../control-plane/store/postgres/database.ts';
import { PostgresError } from '../../../control-plane/store/postgres/sync-connection.ts';
import { adminQuery, createTestSchema } from '../../helpers/test-store.ts';

let db: PostgresDatabase;
let drop: () => Promise<void>;

beforeEach(async () => {
  const schema = await createTestSchema();
  drop = schema.drop;
  db = new PostgresDatabase({ connectionString: schema.url, applicationName: 'tideway-db-test' });
  db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)');
});
afterEach(async () => {
  db.close();
  await drop();
});

const count = () => db.prepare<[], number>('SELECT count(*) FROM items').pluck().get();
const insert = () => db.prepare<{ id: string; n: number; note: string | null }>('INSERT INTO items (id, n, note) VALUES (@id, @n, @note)');

describe('PostgreSQL database', () => {
  it('binds positional and named parameters and gives counts and big integers back as numbers', () => {
    insert().run({ id: 'a', n: 1_795_785_409_698, note: "it's" });
    db.prepare('INSERT INTO items (id, n) VALUES (?, ?)').run('b', 2);
    expect(db.prepare('SELECT id, n, note FROM items ORDER BY id').all()).toEqual([
      { id: 'a', n: 1_795_785_409_698, note: "it's" },
      { id: 'b', n: 2, note: null },
    ]);
    expect(count()).toBe(2);
    expect(db.prepare<[], number>('SELECT sum(n) FROM items').pluck().get()).toBe(1_795_785_409_700);
    expect(db.prepare('UPDATE items SET note = ? WHERE n > ?').run('x', 0).changes).toBe(2);
  });

  it('commits a transaction whole, and leaves nothing of one that throws', () => {
    const add = insert();
    db.transaction(() => {
      add.run({ id: 'a', n: 1, note: null });
      add.run({ id: 'b', n: 2, note: null });
    })();
    expect(() =>
      db.transaction(() => {
        add.run({ id: 'c', n: 3, note: null });
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(db.prepare('SELECT id FROM items ORDER BY id').pluck().all()).toEqual(['a', 'b']);
  });

  it('fails a transaction whose queued write the server refuses, with the SQLSTATE, and keeps nothing of it', () => {
    const add = insert();
    add.run({ id: 'a', n: 1, note: null });
    let caught: unknown;
    try {
      db.transaction(() => {
        add.run({ id: 'b', n: 2, note: null });
        add.run({ id: 'a', n: 3, note: null }); // duplicate key, sent with the commit
      })();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PostgresError);
    expect((caught as PostgresError).code).toBe('23505');
    expect(db.prepare('SELECT id FROM items ORDER BY id').pluck().all()).toEqual(['a']);
  });

  it('reads its own queued writes inside a transaction, and counts a queued write when asked', () => {
    const add = insert();
    const seen = db.transaction(() => {
      const result = add.run({ id: 'a', n: 1, note: null });
      const during = count();
      return { during, changes: result.changes };
    })();
    expect(seen).toEqual({ during: 1, changes: 1 });
  });

  it('rolls back only a nested block that throws (a savepoint), keeping the outer work', () => {
    const add = insert();
    const inner = db.transaction(() => {
      add.run({ id: 'inner', n: 2, note: null });
      throw new Error('inner fails');
    });
    db.transaction(() => {
      add.run({ id: 'outer', n: 1, note: null });
      expect(() => inner()).toThrow('inner fails');
    })();
    expect(db.prepare('SELECT id FROM items').pluck().all()).toEqual(['outer']);
  });

  it('opens a new connection after the server ended the old one', async () => {
    insert().run({ id: 'a', n: 1, note: null });
    await adminQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tideway-db-test'");
    // The first query finds the connection gone; the next one reconnects.
    try {
      count();
    } catch (error) {
      expect(String(error)).toMatch(/terminat|connection/i);
    }
    expect(count()).toBe(1);
  });
});
