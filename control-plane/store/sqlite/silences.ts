/** SQLite silences and maintenance periods. */
import type { MaintenancePeriod, Silence } from '../../alerts/model.ts';
import type { MaintenanceStore, SilenceStore } from '../alerting-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface SilenceRow {
  id: string;
  tenant_id: string | null;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
  expired_at: number | null;
}

const toSilence = (r: SilenceRow): Silence => ({
  id: r.id,
  tenantId: r.tenant_id,
  matchers: JSON.parse(r.matchers),
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdBy: r.created_by,
  comment: r.comment,
  createdAt: r.created_at,
  expiredAt: r.expired_at,
});

export function sqliteSilenceStore(db: SqlDatabase): SilenceStore {
  const insert = db.prepare(
    `INSERT INTO silences (id, tenant_id, matchers, starts_at, ends_at, created_by, comment, created_at, expired_at)
     VALUES (@id, @tenantId, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @expiredAt)`,
  );
  const all = allOf(db.prepare<[], SilenceRow>('SELECT * FROM silences ORDER BY created_at DESC LIMIT 1000'), toSilence);
  const ofTenant = allOf(db.prepare<[string], SilenceRow>('SELECT * FROM silences WHERE tenant_id = ? ORDER BY created_at DESC LIMIT 1000'), toSilence);
  const expire = db.prepare('UPDATE silences SET expired_at = ? WHERE id = ? AND expired_at IS NULL AND ends_at > ?');
  return {
    create: (silence) => void insert.run({ ...silence, matchers: JSON.stringify(silence.matchers) }),
    get: oneOf(db.prepare<[string], SilenceRow>('SELECT * FROM silences WHERE id = ?'), toSilence),
    active: allOf(db.prepare<[number], SilenceRow>('SELECT * FROM silences WHERE expired_at IS NULL AND ends_at > ?'), toSilence),
    list: (tenantId) => (tenantId ? ofTenant(tenantId) : all()),
    expire: (id, now) => expire.run(now, id, now).changes > 0,
  };
}

interface MaintenanceRow {
  id: string;
  tenant_id: string;
  host_ids: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  source: string;
}

const toPeriod = (r: MaintenanceRow): MaintenancePeriod => ({
  id: r.id,
  tenantId: r.tenant_id,
  hostIds: JSON.parse(r.host_ids),
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  reason: r.reason,
  source: r.source,
});

export function sqliteMaintenanceStore(db: SqlDatabase): MaintenanceStore {
  const insert = db.prepare(
    `INSERT INTO maintenance_periods (id, tenant_id, host_ids, starts_at, ends_at, reason, source, created_at)
     VALUES (@id, @tenantId, @hostIds, @startsAt, @endsAt, @reason, @source, @startsAt)`,
  );
  const all = allOf(db.prepare<[number], MaintenanceRow>('SELECT * FROM maintenance_periods ORDER BY starts_at DESC LIMIT ?'), toPeriod);
  const ofTenant = allOf(
    db.prepare<[string, number], MaintenanceRow>('SELECT * FROM maintenance_periods WHERE tenant_id = ? ORDER BY starts_at DESC LIMIT ?'),
    toPeriod,
  );
  const end = db.prepare('UPDATE maintenance_periods SET ends_at = ? WHERE id = ? AND ends_at > ?');
  return {
    create: (period) => void insert.run({ ...period, hostIds: JSON.stringify(period.hostIds) }),
    get: oneOf(db.prepare<[string], MaintenanceRow>('SELECT * FROM maintenance_periods WHERE id = ?'), toPeriod),
    current: allOf(db.prepare<[number], MaintenanceRow>('SELECT * FROM maintenance_periods WHERE ends_at > ?'), toPeriod),
    list: (tenantId, limit) => (tenantId ? ofTenant(tenantId, limit) : all(limit)),
    end: (id, now) => end.run(now, id, now).changes > 0,
  };
}
