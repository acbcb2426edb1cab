/** Users, sessions and API tokens, and resolving a request's credential to a principal. */
import { AppError } from '../errors.ts';
import { hashPassword, newId, newPassword, newSecret, sha256, verifyPassword } from '../auth/secrets.ts';
import type { Principal } from '../auth/principal.ts';
import { ROLES, isTenantRole, type ApiToken, type Role, type Store, type User } from '../store/types.ts';

export const SESSION_TTL_MS = 12 * 3_600_000;
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  tenantId?: string | null;
}

function checkRoleScope(store: Store, role: Role, tenantId: string | null): void {
  if (!ROLES.includes(role)) throw new AppError('VALIDATION_FAILED', `role must be one of ${ROLES.join(', ')}`);
  if (isTenantRole(role) && !tenantId) throw new AppError('VALIDATION_FAILED', `role ${role} needs a tenant`);
  if (!isTenantRole(role) && tenantId) throw new AppError('VALIDATION_FAILED', `role ${role} is for ops staff and takes no tenant`);
  if (tenantId && !store.tenants.get(tenantId)) throw new AppError('NOT_FOUND', 'tenant not found');
}

export async function createUser(store: Store, input: NewUser, now: number): Promise<User> {
  const tenantId = input.tenantId ?? null;
  if (!USERNAME.test(input.username)) {
    throw new AppError('VALIDATION_FAILED', 'username must be 2-64 lower-case letters, digits or . _ @ -');
  }
  if (input.password.length < 12) throw new AppError('VALIDATION_FAILED', 'password must have at least 12 characters');
  checkRoleScope(store, input.role, tenantId);
  const passwordHash = await hashPassword(input.password);
  return store.transaction(() => {
    if (store.users.findByUsername(input.username)) throw new AppError('CONFLICT', `user '${input.username}' exists`);
    const user: User = { id: newId('usr'), username: input.username, passwordHash, role: input.role, tenantId, createdAt: now };
    store.users.create(user);
    return user;
  });
}

/** On a new installation, creates `admin` with a generated password and returns it once. */
export async function ensureFirstAdmin(store: Store, now: number): Promise<{ username: string; password: string } | null> {
  if (store.users.count() > 0) return null;
  const password = newPassword();
  try {
    await createUser(store, { username: 'admin', password, role: 'ops-admin' }, now);
  } catch (error) {
    // Replicas starting together on one database: the first one made the admin.
    if (store.users.findByUsername('admin')) return null;
    throw error;
  }
  return { username: 'admin', password };
}

/** Checks a password and opens a session; the cookie value is returned, its hash stored. */
export async function login(store: Store, username: string, password: string, now: number) {
  const user = store.users.findByUsername(username);
  // Verify against a dummy hash when the user is unknown so timing does not reveal names.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
  const sessionToken = newSecret('tws_');
  store.sessions.create({ idHash: sha256(sessionToken), userId: user.id, createdAt: now, expiresAt: now + SESSION_TTL_MS });
  return { sessionToken, user, expiresAt: now + SESSION_TTL_MS };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function logout(store: Store, sessionToken: string): void {
  store.sessions.delete(sha256(sessionToken));
}

export interface NewApiToken {
  name: string;
  role: Role;
  tenantId?: string | null;
  expiresInMs?: number | null;
}

export function createApiToken(store: Store, input: NewApiToken, now: number): { token: string; record: ApiToken } {
  const tenantId = input.tenantId ?? null;
  checkRoleScope(store, input.role, tenantId);
  const token = newSecret('twa_');
  const record: ApiToken = {
    id: newId('tok'),
    name: input.name,
    tokenHash: sha256(token),
    role: input.role,
    tenantId,
    createdAt: now,
    // Instants are whole milliseconds (integer columns); a fractional day rounds up, never to now.
    expiresAt: input.expiresInMs ? now + Math.ceil(input.expiresInMs) : null,
    revokedAt: null,
  };
  store.apiTokens.create(record);
  return { token, record };
}

/** The principal behind a session cookie or a bearer API token, or null. */
export function resolvePrincipal(store: Store, credential: { session?: string; bearer?: string }, now: number): Principal | null {
  if (credential.bearer) {
    const token = store.apiTokens.findByHash(sha256(credential.bearer));
    if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now)) return null;
    return { kind: 'api-token', id: token.id, actor: `token:${token.name}`, role: token.role, tenantId: token.tenantId };
  }
  if (credential.session) {
    const session = store.sessions.get(sha256(credential.session));
    if (!session || session.expiresAt <= now) return null;
    const user = store.users.get(session.userId);
    if (!user) return null;
    return { kind: 'user', id: user.id, actor: `user:${user.username}`, role: user.role, tenantId: user.tenantId };
  }
  return null;
}
