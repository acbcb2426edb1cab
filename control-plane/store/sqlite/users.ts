/** SQLite users and dashboard sessions. */
import type { Role, Session, SessionStore, User, UserStore } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  tenant_id: string | null;
  created_at: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  tenantId: row.tenant_id,
  createdAt: row.created_at,
});

export function sqliteUserStore(db: SqlDatabase): UserStore {
  const insert = db.prepare(
    'INSERT INTO users (id, username, password_hash, role, tenant_id, created_at) VALUES (@id, @username, @passwordHash, @role, @tenantId, @createdAt)',
  );
  const all = allOf(db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username'), toUser);
  const ofTenant = allOf(db.prepare<[string], UserRow>('SELECT * FROM users WHERE tenant_id = ? ORDER BY username'), toUser);
  const count = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  return {
    create: (user) => void insert.run(user),
    get: oneOf(db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'), toUser),
    findByUsername: oneOf(db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'), toUser),
    list: (tenantId) => (tenantId ? ofTenant(tenantId) : all()),
    count: () => count.get() ?? 0,
  };
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export function sqliteSessionStore(db: SqlDatabase): SessionStore {
  const insert = db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (@idHash, @userId, @createdAt, @expiresAt)');
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const expired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  return {
    create: (session: Session) => void insert.run(session),
    get: oneOf(db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?'), (row) => ({
      idHash: row.id_hash,
      userId: row.user_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    })),
    delete: (idHash) => void remove.run(idHash),
    deleteExpired: (now) => expired.run(now).changes,
  };
}
