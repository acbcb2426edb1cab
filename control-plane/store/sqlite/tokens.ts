/** SQLite API tokens and enrolment tokens (hashes only). */
import type { ApiToken, ApiTokenStore, EnrollmentToken, EnrollmentTokenStore, Role } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface ApiTokenRow {
  id: string;
  name: string;
  token_hash: string;
  role: Role;
  tenant_id: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

const toApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  tokenHash: row.token_hash,
  role: row.role,
  tenantId: row.tenant_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export function sqliteApiTokenStore(db: SqlDatabase): ApiTokenStore {
  const insert = db.prepare(
    `INSERT INTO api_tokens (id, name, token_hash, role, tenant_id, created_at, expires_at, revoked_at)
     VALUES (@id, @name, @tokenHash, @role, @tenantId, @createdAt, @expiresAt, @revokedAt)`,
  );
  const all = allOf(db.prepare<[], ApiTokenRow>('SELECT * FROM api_tokens ORDER BY created_at'), toApiToken);
  const ofTenant = allOf(db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE tenant_id = ? ORDER BY created_at'), toApiToken);
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    create: (token) => void insert.run(token),
    get: oneOf(db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE id = ?'), toApiToken),
    findByHash: oneOf(db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE token_hash = ?'), toApiToken),
    list: (tenantId) => (tenantId ? ofTenant(tenantId) : all()),
    revoke: (id, now) => revoke.run(now, id).changes > 0,
  };
}

interface EnrollmentRow {
  id: string;
  tenant_id: string;
  token_hash: string;
  product: string | null;
  max_uses: number;
  uses: number;
  expires_at: number;
  revoked_at: number | null;
  created_at: number;
}

const toEnrollment = (row: EnrollmentRow): EnrollmentToken => ({
  id: row.id,
  tenantId: row.tenant_id,
  tokenHash: row.token_hash,
  product: row.product,
  maxUses: row.max_uses,
  uses: row.uses,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export function sqliteEnrollmentTokenStore(db: SqlDatabase): EnrollmentTokenStore {
  const insert = db.prepare(
    `INSERT INTO enrollment_tokens (id, tenant_id, token_hash, product, max_uses, uses, expires_at, revoked_at, created_at)
     VALUES (@id, @tenantId, @tokenHash, @product, @maxUses, @uses, @expiresAt, @revokedAt, @createdAt)`,
  );
  const all = allOf(db.prepare<[], EnrollmentRow>('SELECT * FROM enrollment_tokens ORDER BY created_at'), toEnrollment);
  const ofTenant = allOf(db.prepare<[string], EnrollmentRow>('SELECT * FROM enrollment_tokens WHERE tenant_id = ? ORDER BY created_at'), toEnrollment);
  const countUse = db.prepare('UPDATE enrollment_tokens SET uses = uses + 1 WHERE id = ?');
  const revoke = db.prepare('UPDATE enrollment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    create: (token) => void insert.run(token),
    get: oneOf(db.prepare<[string], EnrollmentRow>('SELECT * FROM enrollment_tokens WHERE id = ?'), toEnrollment),
    findByHash: oneOf(db.prepare<[string], EnrollmentRow>('SELECT * FROM enrollment_tokens WHERE token_hash = ?'), toEnrollment),
    list: (tenantId) => (tenantId ? ofTenant(tenantId) : all()),
    countUse: (id) => void countUse.run(id),
    revoke: (id, now) => revoke.run(now, id).changes > 0,
  };
}
