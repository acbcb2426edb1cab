/** `tideway admin` against a PostgreSQL deployment (`--store`), as run beside replicas. */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tidewayCli } from '../helpers/tideway-cli.ts';
import { ephemeralSecretKey } from '../../control-plane/notices/secret-box.ts';
import { createPostgresStore } from '../../control-plane/store/postgres/index.ts';
import { createTestSchema } from '../helpers/test-store.ts';

let dir: string;
let schema: Awaited<ReturnType<typeof createTestSchema>>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-cli-pg-'));
  schema = await createTestSchema();
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema.drop();
});

const tideway = tidewayCli;

describe('tideway admin on PostgreSQL', () => {
  it('creates a tenant and a token in the shared database, and no SQLite file in the data dir', async () => {
    const created = await tideway('admin', 'tenant', 'create', '--name', 'Acme', '--json', '--data', dir, '--store', schema.url);
    expect(created.code, created.stderr).toBe(0);
    const tenant = JSON.parse(created.stdout) as { id: string };
    const token = JSON.parse((await tideway('admin', 'enrollment-token', 'create', '--tenant', tenant.id, '--json', '--data', dir, '--store', schema.url)).stdout);
    expect(token.token).toMatch(/^twe_/);
    const store = createPostgresStore(schema.url, { contactsKey: ephemeralSecretKey(), migrate: false });
    try {
      expect(store.tenants.get(tenant.id)?.name).toBe('Acme');
      expect(store.enrollmentTokens.list(tenant.id)).toHaveLength(1);
    } finally {
      store.close();
    }
    expect(existsSync(join(dir, 'tideway.db'))).toBe(false);
  });

  it('refuses backup on PostgreSQL and names what to use instead', async () => {
    const result = await tideway('admin', 'backup', '--to', join(dir, 'b.db'), '--data', dir, '--store', schema.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/pg_dump/);
  });
});
