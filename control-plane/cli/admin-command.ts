/**
 * `tideway admin ...`: tenants, tokens, users, backup and restore, straight on the
 * database (WAL lets these run while the server does), and the copy into PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { createApiToken, createUser } from '../services/accounts.ts';
import { createEnrollmentToken } from '../services/enrollment.ts';
import { createTenant } from '../services/tenants.ts';
import { newPassword } from '../auth/secrets.ts';
import { createSqliteStore, databasePath } from '../store/sqlite/index.ts';
import { ROLES, type Role, type Store } from '../store/types.ts';
import { createPostgresStore, isPostgresUrl } from '../store/postgres/index.ts';
import { ephemeralSecretKey } from '../notices/secret-box.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { COPY_USAGE, copyToPostgres, formatReport } from './copy-to-postgres.ts';
import { UsageError, type CliIo } from './io.ts';

const USAGE = `usage: tideway admin <command> [--data DIR] [--store sqlite|postgres://...] [--json]
  tenant create --name N [--plan standard|advanced] [--tz ZONE]
  tenant list
  enrollment-token create --tenant ID [--max-uses N] [--expires-in-hours H] [--product P]
  api-token create --role ROLE [--tenant ID] [--name N] [--expires-in-days D]
  user create --username U --role ROLE [--tenant ID]     (prints a generated password once)
  backup --to FILE
  restore --from FILE                                     (with the server stopped)
  copy-to-postgres --data-dir DIR --to postgres://... [--batch N]   (server stopped; see --help)
roles: ${ROLES.join(', ')}
--store (or TIDEWAY_STORE) names the PostgreSQL database replicas share; the default is the
SQLite file in the data dir. backup and restore are for SQLite (on PostgreSQL: pg_dump).`;

const options = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  plan: { type: 'string' },
  tz: { type: 'string' },
  tenant: { type: 'string' },
  'max-uses': { type: 'string' },
  'expires-in-hours': { type: 'string' },
  'expires-in-days': { type: 'string' },
  product: { type: 'string' },
  role: { type: 'string' },
  username: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  'data-dir': { type: 'string' },
  batch: { type: 'string' },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function required(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required\n${USAGE}`);
  return value;
}

function optionalNumber(flags: Flags, name: keyof Flags): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`--${name} must be a positive number`);
  return parsed;
}

function role(flags: Flags): Role {
  const value = required(flags, 'role');
  if (!ROLES.includes(value as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

type Handler = (store: Store, flags: Flags, now: number) => Promise<{ json: unknown; text: string }>;

const handlers: Record<string, Handler> = {
  'tenant create': async (store, flags, now) => {
    const tenant = createTenant(store, { name: required(flags, 'name'), plan: flags.plan, timeZone: flags.tz }, now);
    return { json: { ...tenant, createdAt: new Date(tenant.createdAt).toISOString() }, text: `created tenant ${tenant.name}: ${tenant.id}` };
  },
  'tenant list': async (store) => {
    const tenants = store.tenants.list();
    return { json: tenants.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() })), text: tenants.map((t) => `${t.id}\t${t.name}\t${t.plan}\t${t.timeZone}`).join('\n') || '(no tenants)' };
  },
  'enrollment-token create': async (store, flags, now) => {
    const hours = optionalNumber(flags, 'expires-in-hours');
    const { token, record } = createEnrollmentToken(
      store,
      { tenantId: required(flags, 'tenant'), maxUses: optionalNumber(flags, 'max-uses'), expiresInMs: hours && hours * 3_600_000, product: flags.product },
      now,
    );
    const json = { token, id: record.id, tenantId: record.tenantId, maxUses: record.maxUses, expiresAt: new Date(record.expiresAt).toISOString() };
    return { json, text: `enrolment token (shown once): ${token}\nexpires ${json.expiresAt}, ${record.maxUses} use(s)` };
  },
  'api-token create': async (store, flags, now) => {
    const days = optionalNumber(flags, 'expires-in-days');
    const r = role(flags);
    const { token, record } = createApiToken(store, { name: flags.name ?? `${r} token`, role: r, tenantId: flags.tenant, expiresInMs: days ? days * 86_400_000 : null }, now);
    return { json: { token, id: record.id, role: record.role, tenantId: record.tenantId }, text: `API token (shown once): ${token}` };
  },
  'user create': async (store, flags, now) => {
    const password = newPassword();
    const user = await createUser(store, { username: required(flags, 'username'), password, role: role(flags), tenantId: flags.tenant }, now);
    return { json: { id: user.id, username: user.username, role: user.role, password }, text: `user ${user.username} created; password (shown once): ${password}` };
  },
};

function copyCommand(dataDir: string, flags: Flags, io: CliIo): number {
  if (flags.help) {
    io.out(COPY_USAGE);
    return 0;
  }
  const url = required(flags, 'to');
  if (!isPostgresUrl(url)) throw new UsageError(`--to must be a postgres:// URL\n${COPY_USAGE}`);
  const batchRows = optionalNumber(flags, 'batch');
  if (batchRows !== undefined && !Number.isInteger(batchRows)) throw new UsageError('--batch must be a whole number of rows');
  const report = copyToPostgres({ dataDir, url, batchRows, progress: (line) => io.err(line) });
  io.out(flags.json ? JSON.stringify(report) : formatReport(report));
  return 0;
}

export async function adminCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values: flags, positionals } = parsed;
  const dataDir = flags['data-dir'] ?? flags.data ?? process.env.TIDEWAY_DATA ?? './data';
  const command = positionals.join(' ');
  if (command === 'copy-to-postgres') return copyCommand(dataDir, flags, io);
  if (flags.help || positionals.length === 0) {
    io.out(USAGE);
    return flags.help ? 0 : 2;
  }
  const storeUrl = flags.store ?? process.env.TIDEWAY_STORE ?? 'sqlite';
  if (storeUrl !== 'sqlite' && !isPostgresUrl(storeUrl)) throw new UsageError(`--store must be sqlite or a postgres:// URL\n${USAGE}`);
  if ((command === 'backup' || command === 'restore') && storeUrl !== 'sqlite') {
    throw new UsageError(`${command} copies the SQLite file; back up PostgreSQL with pg_dump or continuous archiving (docs/deployment.md)`);
  }
  if (command === 'backup') {
    const result = await backupDatabase(databasePath(dataDir), required(flags, 'to'));
    const keys = result.keys ? `; keys in ${result.keys} (keep them with it, as secret as the database)` : '';
    io.out(flags.json ? JSON.stringify(result) : `backup written to ${result.file} (${result.bytes} bytes, integrity ok)${keys}`);
    return 0;
  }
  if (command === 'restore') {
    const result = restoreDatabase(dataDir, required(flags, 'from'));
    io.out(flags.json ? JSON.stringify(result) : `restored ${result.file} into ${dataDir} (schema ${result.schemaVersion})`);
    return 0;
  }
  const handler = handlers[command];
  if (!handler) throw new UsageError(`unknown admin command '${command}'\n${USAGE}`);
  // Admin commands never touch contact credentials, so no key file is needed (or made) for PostgreSQL.
  const store = storeUrl === 'sqlite' ? createSqliteStore(databasePath(dataDir)) : createPostgresStore(storeUrl, { contactsKey: ephemeralSecretKey(), applicationName: 'tideway-admin' });
  try {
    const result = await handler(store, flags, Date.now());
    io.out(flags.json ? JSON.stringify(result.json) : result.text);
    return 0;
  } finally {
    store.close();
  }
}
