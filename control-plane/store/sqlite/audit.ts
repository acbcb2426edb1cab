/** SQLite audit log: who did what, when, to which tenant's object. */
import type { AuditEntry, AuditStore } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';

interface AuditRow {
  at: number;
  actor: string;
  action: string;
  tenant_id: string | null;
  target: string | null;
  details: string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  at: row.at,
  actor: row.actor,
  action: row.action,
  tenantId: row.tenant_id,
  target: row.target,
  details: JSON.parse(row.details) as Record<string, unknown>,
});

export function sqliteAuditStore(db: SqlDatabase): AuditStore {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, tenant_id, target, details) VALUES (?, ?, ?, ?, ?, ?)');
  const all = db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const ofTenant = db.prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY id DESC LIMIT ?');
  return {
    append: (entry) => void insert.run(entry.at, entry.actor, entry.action, entry.tenantId, entry.target, JSON.stringify(entry.details)),
    list: (tenantId, limit) => (tenantId ? ofTenant.all(tenantId, limit) : all.all(limit)).map(toEntry),
  };
}
