// The PostgreSQL connection behind `sync-connection.ts`. The store interfaces are
// synchronous (SQLite's are), so the main thread posts a batch of queries and sleeps on a
// shared flag; this worker runs them on one `pg` client and wakes it. Plain JavaScript so it
// loads the same under tsx, vitest and node.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { port, flag, connectionString, applicationName, statementTimeoutMs } = workerData;
const signal = new Int32Array(flag);

// int8 (counts, epoch milliseconds) and numeric (sums, averages) as JS numbers, as SQLite gives them.
const toNumber = (text) => (text === null ? null : Number(text));
const types = {
  getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? toNumber : pg.types.getTypeParser(oid, format)),
};

let client = null;
/** Statement text -> prepared statement name, per connection. */
let prepared = new Map();

async function connected() {
  if (client) return client;
  const next = new pg.Client({
    connectionString, types, application_name: applicationName, keepAlive: true, keepAliveInitialDelayMillis: 10_000, statement_timeout: statementTimeoutMs,
  });
  // A dropped connection fails the query under way; the next batch opens a new one.
  next.on('error', () => {
    if (client === next) client = null;
  });
  await next.connect();
  client = next;
  prepared = new Map();
  return client;
}

async function runOne(db, query) {
  if (!query.values) return db.query(query.text);
  let name = prepared.get(query.text);
  if (name === undefined) prepared.set(query.text, (name = `tw${prepared.size + 1}`));
  return db.query({ name, text: query.text, values: query.values });
}

async function runBatch(queries) {
  const db = await connected();
  const results = [];
  for (const query of queries) {
    const result = await runOne(db, query);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    results.push({ rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
  }
  return results;
}

function describe(error) {
  const { message, code, detail, constraint, table, column } = error ?? {};
  return { message: String(message ?? error), code, detail, constraint, table, column };
}

port.on('message', async (message) => {
  let reply;
  try {
    if (message.op === 'close') {
      await client?.end().catch(() => {});
      client = null;
      reply = { id: message.id, results: [] };
    } else reply = { id: message.id, results: await runBatch(message.queries) };
  } catch (error) {
    // An error without a SQLSTATE is the connection's own (reset, refused): open a new one
    // next time. A server error leaves the session usable; the caller rolls back.
    if (client && !error?.code) {
      const dead = client;
      client = null;
      dead.end().catch(() => {});
    }
    reply = { id: message.id, error: describe(error) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
