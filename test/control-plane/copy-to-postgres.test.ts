/**
 * `tideway admin copy-to-postgres`: a SQLite deployment written through the real services is
 * copied into a fresh PostgreSQL schema, and the PostgreSQL store then answers every read as
 * the SQLite store did. Refusals and a failed copy leave the target as they found it.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../control-plane/cli/main.ts';
import { compareChecksums, foreignKeyOrder, type TablePlan } from '../../control-plane/cli/copy-tables.ts';
import { sqliteNotificationStore } from '../../control-plane/notify/store.ts';
import { loadOrCreateSecretKey } from '../../control-plane/notices/secret-box.ts';
import { createPostgresStore } from '../../control-plane/store/postgres/index.ts';
import { createSqliteStore, databasePath } from '../../control-plane/store/sqlite/index.ts';
import { createTestSchema } from '../helpers/test-store.ts';
import { populateDeployment, readDeployment, type Deployment } from './copy-fixture.ts';

/** Runs `tideway admin copy-to-postgres` in process. */
async function copy(dataDir: string, url: string, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['admin', 'copy-to-postgres', '--data-dir', dataDir, '--to', url, ...extra], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Rows per table of the schema the URL points at (schema_migrations aside). */
async function targetRows(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_migrations' ORDER BY 1");
    const counts: Record<string, number> = {};
    for (const { table_name: table } of tables.rows) counts[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

let source: string;
let deployment: Deployment;
beforeAll(async () => {
  source = mkdtempSync(join(tmpdir(), 'tideway-copy-'));
  deployment = await populateDeployment(source);
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

let target: Awaited<ReturnType<typeof createTestSchema>>;
beforeEach(async () => {
  target = await createTestSchema();
});
afterEach(async () => target.drop());

describe('copy-to-postgres', () => {
  it('copies every table so the PostgreSQL store answers every read as the SQLite store did', async () => {
    const result = await copy(source, target.url, '--batch', '7');
    expect(result.stderr).toMatch(/samples: 360\/360 rows \(\d+ rows\/s\)/);
    expect(result.stderr).toMatch(/samples: 7\/360 rows/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^samples\s+360\s+360\s+ok$/m);
    expect(result.stdout).toContain('keys/');

    const sqlite = createSqliteStore(databasePath(source));
    const postgres = createPostgresStore(target.url, { contactsKey: loadOrCreateSecretKey(source), migrate: false });
    try {
      const before = readDeployment(sqlite, deployment);
      expect(before.samples[0]).toHaveLength(180);
      expect(before.rollups[0]!.length).toBeGreaterThan(0);
      expect(before.alertEvents).toHaveLength(4);
      expect(before.rolloutHosts).toHaveLength(1);
      expect(before.report).toBeDefined();
      expect(before.release!.artifacts).toHaveLength(2);
      expect(before.outbox).toHaveLength(3);
      expect(before.contact!.url).toBe('https://example.com/hook');
      expect(readDeployment(postgres, deployment)).toEqual(before);
    } finally {
      sqlite.close();
      postgres.close();
    }
  });

  it('keeps insertion order where the store relies on it and gives new rows fresh ids', async () => {
    expect((await copy(source, target.url)).code).toBe(0);
    const postgres = createPostgresStore(target.url, { contactsKey: loadOrCreateSecretKey(source), migrate: false });
    try {
      // Three freezes share created_at: only the copied insertion order lists them as written.
      expect(postgres.tenantSchedules.freezes(deployment.tenantIds[0]!).map((f) => f.label)).toEqual(['frz_1', 'frz_2', 'frz_3']);
      const copiedIds = postgres.reportData.auditEntries(deployment.tenantIds[0]!, 0, Number.MAX_SAFE_INTEGER, 100).map((e) => e.id);
      const outbox = sqliteNotificationStore(postgres.db);
      const maxOutboxId = Math.max(...outbox.list(null, 100).map((row) => row.id));
      postgres.audit.append({ at: deployment.toAt + 1, actor: 'user:ops', action: 'after.copy', tenantId: deployment.tenantIds[0]!, target: null, details: {} });
      outbox.enqueue({ idempotencyKey: 'after-copy', receiver: 'ops-webhook', kind: 'webhook', url: 'x', groupKey: 'g2', status: 'firing', alertCount: 1, body: '{}', createdAt: deployment.toAt });
      const newest = postgres.reportData.auditEntries(deployment.tenantIds[0]!, 0, Number.MAX_SAFE_INTEGER, 100).find((e) => e.action === 'after.copy')!;
      expect(newest.id).toBeGreaterThan(Math.max(...copiedIds));
      expect(outbox.list(null, 100).find((row) => row.idempotencyKey === 'after-copy')!.id).toBe(maxOutboxId + 1);
      const release = postgres.releases.get(deployment.releaseId)!;
      postgres.releases.addAudit({ id: 'aud_new', releaseId: release.id, state: 'submitted', notes: '', findings: '', submittedAt: 1, submittedBy: 'ops', decidedAt: null, decidedBy: null });
      expect(postgres.releases.get(release.id)!.audits.map((a) => a.id)).toContain('aud_new');
    } finally {
      postgres.close();
    }
  });

  it('refuses a target that already has rows, and leaves it unchanged', async () => {
    expect((await copy(source, target.url)).code).toBe(0);
    const before = await targetRows(target.url);
    const again = await copy(source, target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('TARGET_NOT_EMPTY');
    expect(again.stderr).toContain('tenants');
    expect(await targetRows(target.url)).toEqual(before);
  });

  it('refuses while a server holds the data directory', async () => {
    writeFileSync(join(source, 'server.pid'), `${process.ppid}\n`);
    try {
      const result = await copy(source, target.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('SERVER_RUNNING');
      expect(await targetRows(target.url)).toEqual({});
    } finally {
      rmSync(join(source, 'server.pid'));
    }
  });

  it('refuses a SQLite schema older than this build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tideway-copy-old-'));
    try {
      createSqliteStore(databasePath(dir)).close();
      const db = new Database(databasePath(dir));
      db.exec('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
      db.close();
      const result = await copy(dir, target.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/SCHEMA_VERSION_MISMATCH: .* has schema \d+, this Tideway has \d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves every table of the target empty when a row fails a constraint mid-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tideway-copy-bad-'));
    try {
      await populateDeployment(dir);
      const db = new Database(databasePath(dir));
      db.pragma('foreign_keys = OFF');
      // A booking of a tenant that does not exist: SQLite keeps it with its checks off; PostgreSQL may not.
      db.prepare("UPDATE bookings SET tenant_id = 'ten_gone' WHERE rowid = (SELECT max(rowid) FROM bookings)").run();
      db.close();
      createPostgresStore(target.url, { contactsKey: loadOrCreateSecretKey(dir) }).close();
      const result = await copy(dir, target.url, '--batch', '2');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('bookings');
      expect(result.stderr).toMatch(/tenants: \d+\/\d+ rows/);
      const rows = await targetRows(target.url);
      expect(Object.keys(rows).length).toBeGreaterThan(40);
      expect(total(rows)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies 64-bit integers beyond 2^53 exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tideway-copy-big-'));
    try {
      createSqliteStore(databasePath(dir)).close();
      const db = new Database(databasePath(dir));
      db.prepare("INSERT INTO audit_log (id, at, actor, action, details) VALUES (?, ?, 'ops', 'x', '{}')").run(2n ** 53n + 1n, 2n ** 63n - 1n);
      db.close();
      expect((await copy(dir, target.url)).code).toBe(0);
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        expect((await client.query('SELECT id::text AS id, at::text AS at FROM audit_log')).rows).toEqual([{ id: '9007199254740993', at: '9223372036854775807' }]);
      } finally {
        await client.end();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains in --help that the keys must be copied to every replica', async () => {
    const out: string[] = [];
    expect(await main(['admin', 'copy-to-postgres', '--help'], { out: (t) => out.push(t), err: () => {} })).toBe(0);
    expect(out.join('\n')).toMatch(/keys\/[\s\S]*every replica[\s\S]*contact-secrets\.key[\s\S]*signing key/);
  });

  it('answers a URL that is not PostgreSQL with a usage error', async () => {
    expect((await copy(source, 'mysql://localhost/x')).code).toBe(2);
  });
});

describe('foreign key order', () => {
  const t = (name: string, ...parents: string[]) => ({ name, parents });

  it.each([
    ['puts parents before children, ties by name', [t('hosts', 'tenants'), t('agents', 'hosts', 'tenants'), t('tenants'), t('audit_log')], ['audit_log', 'tenants', 'hosts', 'agents']],
    ['ignores self-references and parents outside the set', [t('a', 'a', 'missing'), t('b', 'a')], ['a', 'b']],
  ])('%s', (_name, tables, order) => {
    expect(foreignKeyOrder(tables).map((x) => x.name)).toEqual(order);
  });

  it('refuses a cycle with a stable code', () => {
    expect(() => foreignKeyOrder([t('a', 'b'), t('b', 'a'), t('c')])).toThrow(expect.objectContaining({ code: 'FOREIGN_KEY_CYCLE' }));
  });
});

describe('checksum comparison', () => {
  const plan: TablePlan = {
    name: 'audit_log',
    orderBy: 'rowid',
    columns: [
      { name: 'id', type: 'bigint', identity: 'BY DEFAULT' },
      { name: 'value', type: 'double precision', identity: null },
      { name: 'actor', type: 'text', identity: null },
    ],
  };

  it('names the columns whose checksums differ and reads counts from either side', () => {
    const check = compareChecksums(plan, { c0: '3', c1: '6', c2: '12' }, { c0: '3', c1: '7', c2: '12' });
    expect(check).toEqual({ table: 'audit_log', sqliteRows: 3, postgresRows: 3, mismatched: ['id'] });
  });

  it('treats null sums of empty tables alike and finds a row count difference', () => {
    expect(compareChecksums(plan, { c0: '0', c1: null, c2: null }, { c0: '0', c1: null, c2: null }).mismatched).toEqual([]);
    expect(compareChecksums(plan, { c0: '2', c1: '1', c2: '1' }, { c0: '1', c1: '1', c2: '1' }).mismatched).toEqual(['row count']);
  });
});
