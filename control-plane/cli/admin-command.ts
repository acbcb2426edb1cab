/**
 * `tideway admin ...`: tenants, tokens, users, backup and restore, straight on the
 * database (WAL lets these run while the server does).
 */
import { parseArgs } from 'node:util';
import { createApiToken, createUser } from '../services/accounts.ts';
import { createEnrollmentToken } from '../services/enrollment.ts';
import { createTenant } from '../services/tenants.ts';
import { newPassword } from '../auth/secrets.ts';
import { createSqliteStore, databasePath } from '../store/sqlite/index.ts';
import { ROLES, type Role, type Store } from '../store/types.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { UsageError, type CliIo } from './io.ts';

const USAGE = `usage: tideway admin <command> [--data DIR] [--json]
  tenant create --name N [--plan standard|advanced] [--tz ZONE]
  tenant list
  enrollment-token create --tenant ID [--max-uses N] [--expires-in-hours H] [--product P]
  api-token create --role ROLE [--tenant ID] [--name N] [--expires-in-days D]
  user create --username U --role ROLE [--tenant ID]     (prints a generated password once)
  backup --to FILE
  restore --from FILE                                     (with the server stopped)
roles: ${ROLES.join(', ')}`;

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

export async function adminCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values: flags, positionals } = parsed;
  const dataDir = flags.data ?? process.env.TIDEWAY_DATA ?? './data';
  const command = positionals.join(' ');
  if (flags.help || positionals.length === 0) {
    io.out(USAGE);
    return flags.help ? 0 : 2;
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
  const store = createSqliteStore(databasePath(dataDir));
  try {
    const result = await handler(store, flags, Date.now());
    io.out(flags.json ? JSON.stringify(result.json) : result.text);
    return 0;
  } finally {
    store.close();
  }
}
