/** SQLite tenants. */
import type { Tenant, TenantStore } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface TenantRow {
  id: string;
  name: string;
  plan: string;
  time_zone: string;
  created_at: number;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  plan: row.plan,
  timeZone: row.time_zone,
  createdAt: row.created_at,
});

export function sqliteTenantStore(db: SqlDatabase): TenantStore {
  const insert = db.prepare('INSERT INTO tenants (id, name, plan, time_zone, created_at) VALUES (@id, @name, @plan, @timeZone, @createdAt)');
  return {
    create: (tenant) => void insert.run(tenant),
    get: oneOf(db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?'), toTenant),
    findByName: oneOf(db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE name = ?'), toTenant),
    list: allOf(db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY name'), toTenant),
  };
}
