import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tidewayCli } from '../helpers/tideway-cli.ts';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../control-plane/store/sqlite/index.ts';
import { testStoreKind } from '../helpers/test-store.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tideway = tidewayCli;

describe('tideway admin', () => {
  it('creates a tenant, an enrolment token and an API token with the documented JSON shapes', async () => {
    const tenant = JSON.parse((await tideway('admin', 'tenant', 'create', '--name', 'Acme', '--plan', 'advanced', '--tz', 'Asia/Shanghai', '--json', '--data', dir)).stdout);
    expect(tenant).toMatchObject({ id: expect.stringMatching(/^ten_/), plan: 'advanced' });
    const enrollment = JSON.parse((await tideway('admin', 'enrollment-token', 'create', '--tenant', tenant.id, '--json', '--data', dir)).stdout);
    expect(enrollment.token).toMatch(/^twe_/);
    const api = JSON.parse((await tideway('admin', 'api-token', 'create', '--role', 'ops-admin', '--json', '--data', dir)).stdout);
    expect(api.token).toMatch(/^twa_/);
  });

  it.each([
    [['admin', 'tenant', 'create', '--json'], 2, '--name is required'],
    [['admin', 'api-token', 'create', '--role', 'root'], 2, '--role must be one of'],
    [['admin', 'tenant', 'create', '--name', 'X', '--tz', 'Mars/Olympus'], 1, "VALIDATION_FAILED: time zone 'Mars/Olympus' is not an IANA zone"],
    [['admin', 'enrollment-token', 'create', '--tenant', 'ten_missing'], 1, 'NOT_FOUND'],
    [['admin', 'frobnicate'], 2, "unknown admin command 'frobnicate'"],
  ])('answers %j with exit %i and a message', async (args, code, message) => {
    const result = await tideway(...args, '--data', dir);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('refuses to restore a file that is not a sound database', async () => {
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, 'this is not sqlite');
    const result = await tideway('admin', 'restore', '--from', bad, '--data', dir);
    expect(result.code).toBe(1);
  });
});

// Backup and restore copy the SQLite file; a PostgreSQL deployment uses the server's own tools.
describe.skipIf(testStoreKind === 'postgres')('tideway admin backup and restore (SQLite only: they copy the database file)', () => {
  it('backs up a database that is being written with its keys, and restores both only with the server stopped', async () => {
    const store = createSqliteStore(join(dir, 'tideway.db'));
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'plan-signing-ed25519.pem'), 'the signing key');
    const tenant = JSON.parse((await tideway('admin', 'tenant', 'create', '--name', 'Acme', '--json', '--data', dir)).stdout);
    const writer = setInterval(() => store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`k${Math.random()}`, 'v'), 1);
    const backup = join(dir, 'backup.db');
    const result = await tideway('admin', 'backup', '--to', backup, '--json', '--data', dir);
    clearInterval(writer);
    expect(result.code).toBe(0);
    expect(readFileSync(join(`${backup}.keys`, 'plan-signing-ed25519.pem'), 'utf8')).toBe('the signing key');
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare('SELECT id FROM tenants').pluck().all()).toEqual([tenant.id]);
    copy.close();

    await tideway('admin', 'tenant', 'create', '--name', 'Created after the backup', '--data', dir);
    writeFileSync(join(dir, 'server.pid'), `${process.pid === 1 ? 2 : 1}\n`);
    const refused = await tideway('admin', 'restore', '--from', backup, '--data', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('stop it before restoring');
    store.close();

    rmSync(join(dir, 'server.pid'));
    rmSync(join(dir, 'keys'), { recursive: true });
    expect((await tideway('admin', 'restore', '--from', backup, '--data', dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'keys', 'plan-signing-ed25519.pem'), 'utf8')).toBe('the signing key');
    const restored = createSqliteStore(join(dir, 'tideway.db'));
    expect(restored.tenants.list().map((t) => t.name)).toEqual(['Acme']);
    restored.close();
  });
});
