/**
 * Turns the store modules' SQL (SQLite's placeholders and a few SQLite spellings) into
 * PostgreSQL's. Pure and cached by the caller: each statement is translated once, when prepared.
 */

/** A translated statement: its text and which parameter feeds each `$n`. */
export interface TranslatedSql {
  text: string;
  /** Positional statements: null. Named ones: the name behind `$1`, `$2`, ... */
  names: string[] | null;
  /** How many `$n` the text has. */
  count: number;
}

/** Splits `sql` into code and quoted parts so rewrites never touch literals or quoted names. */
function segments(sql: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const quote = sql[i];
    if (quote === "'" || quote === '"') {
      if (i > start) parts.push({ code: true, text: sql.slice(start, i) });
      let end = i + 1;
      // A doubled quote inside a literal is an escaped quote.
      while (end < sql.length && !(sql[end] === quote && sql[end + 1] !== quote)) end += sql[end] === quote ? 2 : 1;
      parts.push({ code: false, text: sql.slice(i, end + 1) });
      start = i = end + 1;
    } else i++;
  }
  if (start < sql.length) parts.push({ code: true, text: sql.slice(start) });
  return parts;
}

const CODE_REWRITES: Array<[RegExp, string]> = [
  // PostgreSQL folds unquoted names to lower case: keep camelCase result columns as written.
  [/\bAS\s+([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, 'AS "$1"'],
  // A JSON array parameter as a set of text values (column `value` in both dialects).
  [/\bjson_each\(/g, 'jsonb_array_elements_text(CAST('],
];

/** Translates one statement. Throws on a construct PostgreSQL cannot be given safely. */
export function translateSql(sql: string): TranslatedSql {
  let ignoreConflicts = false;
  const names: string[] = [];
  let positional = 0;
  const parts = segments(sql);
  const body = parts
    .map((part) => {
      if (!part.code) return part.text;
      let text = part.text;
      if (/\bINSERT\s+OR\s+REPLACE\b/i.test(text)) throw new Error('INSERT OR REPLACE has no PostgreSQL form: write ON CONFLICT (key) DO UPDATE');
      text = text.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, () => {
        ignoreConflicts = true;
        return 'INSERT INTO';
      });
      for (const [pattern, replacement] of CODE_REWRITES) text = text.replace(pattern, replacement);
      text = closeJsonEach(text);
      // `::type` is PostgreSQL's cast, not a parameter named `type`.
      return text.replace(/\?|(?<![:\w])[@:$]([A-Za-z_][A-Za-z0-9_]*)/g, (match, name: string | undefined) => {
        if (name === undefined) return `$${++positional}`;
        let index = names.indexOf(name);
        if (index < 0) index = names.push(name) - 1;
        return `$${index + 1}`;
      });
    });
  if (positional > 0 && names.length > 0) throw new Error('a statement mixes ? and named parameters');
  const text = ignoreConflicts ? ignoringConflicts(body, parts) : body.join('');
  return { text, names: names.length > 0 ? names : null, count: names.length || positional };
}

/**
 * Adds `ON CONFLICT DO NOTHING` before the statement's RETURNING, or at its end (before a final
 * `;`). Only code is searched: a literal that says "returning" is data.
 */
function ignoringConflicts(body: string[], parts: ReadonlyArray<{ code: boolean }>): string {
  const at = body.findIndex((text, i) => parts[i]!.code && /\bRETURNING\b/i.test(text));
  if (at >= 0) body[at] = body[at]!.replace(/\bRETURNING\b/i, 'ON CONFLICT DO NOTHING RETURNING');
  else {
    const last = body.length - 1;
    const end = parts[last]!.code ? /[\s;]*$/.exec(body[last]!)![0] : '';
    body[last] = `${body[last]!.slice(0, body[last]!.length - end.length)} ON CONFLICT DO NOTHING${end.includes(';') ? ';' : ''}`;
  }
  return body.join('');
}

/** `jsonb_array_elements_text(CAST(x` from the rewrite above gets its `AS jsonb)` at x's closing bracket. */
function closeJsonEach(text: string): string {
  const marker = 'jsonb_array_elements_text(CAST(';
  let at = text.indexOf(marker);
  while (at >= 0) {
    let depth = 1;
    let i = at + marker.length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    if (depth !== 0) throw new Error('json_each( without its closing bracket in the same code segment');
    const close = i - 1;
    text = `${text.slice(0, close)} AS jsonb))${text.slice(close + 1)}`;
    at = text.indexOf(marker, close);
  }
  return text;
}

/** The values for `$1..$n`, in order, from a statement's arguments. */
export function bindValues(translated: TranslatedSql, args: readonly unknown[]): unknown[] {
  if (translated.names === null) {
    if (args.length !== translated.count) throw new Error(`statement takes ${translated.count} parameters, got ${args.length}`);
    return args.map(toParam);
  }
  const named = args[0];
  if (args.length !== 1 || typeof named !== 'object' || named === null) throw new Error('a statement with named parameters takes one object');
  return translated.names.map((name) => {
    if (!(name in named)) throw new Error(`missing named parameter "${name}"`);
    return toParam((named as Record<string, unknown>)[name]);
  });
}

/** As better-sqlite3: numbers, strings, bigints, buffers and null; booleans are a caller's bug. */
function toParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') throw new TypeError('booleans cannot be bound: store them as 0 or 1');
  return value;
}
