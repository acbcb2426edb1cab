/** The SQLite-to-PostgreSQL statement translation the PostgreSQL store prepares every statement through. */
import { describe, expect, it } from 'vitest';
import { bindValues, translateSql } from '../../../control-plane/store/postgres/translate.ts';

describe('translateSql', () => {
  it.each([
    ['numbers ? placeholders in order', 'SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ['gives each @, : or $ name one number, reused where the name repeats', 'SELECT * FROM t WHERE a = @a AND b = :b OR c = $c OR d = @a', 'SELECT * FROM t WHERE a = $1 AND b = $2 OR c = $3 OR d = $1'],
    [
      'leaves string literals and quoted names alone, doubled quotes included',
      `SELECT * FROM t WHERE a = '?' AND b = 'it''s @x' AND c = ? AND "odd?col" = 1`,
      `SELECT * FROM t WHERE a = '?' AND b = 'it''s @x' AND c = $1 AND "odd?col" = 1`,
    ],
    ['keeps ::casts as casts, not parameters', 'SELECT x::text, CAST(@v AS TEXT) FROM t WHERE y = @v', 'SELECT x::text, CAST($1 AS TEXT) FROM t WHERE y = $1'],
    ['turns INSERT OR IGNORE into ON CONFLICT DO NOTHING at the end', 'INSERT OR IGNORE INTO t (a) VALUES (?)', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING'],
    ['puts ON CONFLICT DO NOTHING before RETURNING', 'INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING a', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a'],
    ['puts ON CONFLICT DO NOTHING before a final semicolon', 'INSERT OR IGNORE INTO t (a) VALUES (?);\n', 'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING;'],
    [
      'does not take a literal saying RETURNING for the clause',
      `INSERT OR IGNORE INTO t (a) VALUES ('no RETURNING here')`,
      `INSERT INTO t (a) VALUES ('no RETURNING here') ON CONFLICT DO NOTHING`,
    ],
    ['reads json_each of a JSON array as its text elements', 'SELECT value FROM json_each(@ids)', 'SELECT value FROM jsonb_array_elements_text(CAST($1 AS jsonb))'],
    [
      'closes each json_each at its own bracket, calls inside included',
      'SELECT 1 WHERE a IN (SELECT value FROM json_each(?)) AND b IN (SELECT value FROM json_each(lower(?)))',
      'SELECT 1 WHERE a IN (SELECT value FROM jsonb_array_elements_text(CAST($1 AS jsonb))) AND b IN (SELECT value FROM jsonb_array_elements_text(CAST(lower($2) AS jsonb)))',
    ],
    [
      'quotes camelCase aliases so PostgreSQL keeps their case, and only those',
      'SELECT host_id AS hostId, count(*) AS n, x AS "keptAs", CAST(y AS TEXT) AS t FROM t',
      'SELECT host_id AS "hostId", count(*) AS n, x AS "keptAs", CAST(y AS TEXT) AS t FROM t',
    ],
  ])('%s', (_, sqlite, postgres) => {
    expect(translateSql(sqlite).text).toBe(postgres);
  });

  it('says which name feeds each number, or null for positional statements', () => {
    expect(translateSql('SELECT @b, @a, @b')).toEqual({ text: 'SELECT $1, $2, $1', names: ['b', 'a'], count: 2 });
    expect(translateSql('SELECT ?, ?')).toEqual({ text: 'SELECT $1, $2', names: null, count: 2 });
    expect(translateSql("SELECT 1 FROM t WHERE a = '@x'")).toEqual({ text: "SELECT 1 FROM t WHERE a = '@x'", names: null, count: 0 });
  });

  it.each([
    ['INSERT OR REPLACE, which deletes and cascades on SQLite', 'INSERT OR REPLACE INTO t (a) VALUES (?)', /INSERT OR REPLACE has no PostgreSQL form/],
    ['a statement mixing ? and named parameters', 'SELECT * FROM t WHERE a = ? AND b = @b', /mixes \? and named parameters/],
    ['a json_each whose bracket closes in another segment', 'SELECT value FROM json_each(?', /json_each\( without its closing bracket/],
  ])('refuses %s', (_, sql, message) => {
    expect(() => translateSql(sql)).toThrow(message);
  });
});

describe('bindValues', () => {
  it('orders named values by their numbers and ignores extra keys, as better-sqlite3 does', () => {
    expect(bindValues(translateSql('SELECT @b, @a, @b'), [{ a: 1, b: 'x', unused: 3 }])).toEqual(['x', 1]);
  });

  it('binds undefined as null and passes buffers through', () => {
    const blob = Buffer.from('blob');
    expect(bindValues(translateSql('SELECT ?, ?, ?'), [undefined, null, blob])).toEqual([null, null, blob]);
  });

  it.each([
    ['a missing named value', 'SELECT @a, @b', [{ a: 1 }], /missing named parameter "b"/],
    ['named values not given as one object', 'SELECT @a', [1], /takes one object/],
    ['the wrong number of positional values', 'SELECT ?', [1, 2], /takes 1 parameters, got 2/],
    ['a boolean, which SQLite would store as 0 or 1', 'SELECT ?', [true], /booleans cannot be bound/],
  ])('refuses %s', (_, sql, values, message) => {
    expect(() => bindValues(translateSql(sql), values)).toThrow(message);
  });
});
