/** SQLite tenant subscriptions, freeze periods and private tracks. */
import type { PrivateTrack, Subscription, TenantFreeze } from '../../scheduling/model.ts';
import type { TenantScheduleStore } from '../scheduling-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface SubscriptionRow {
  tenant_id: string;
  track_id: string;
  deployment_kind: Subscription['deploymentKind'];
  host_ids: string | null;
  created_at: number;
  updated_at: number;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  tenantId: r.tenant_id,
  trackId: r.track_id,
  deploymentKind: r.deployment_kind,
  hostIds: r.host_ids === null ? null : (JSON.parse(r.host_ids) as string[]),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface FreezeRow {
  id: string;
  tenant_id: string;
  kind: TenantFreeze['kind'];
  label: string;
  params: string;
  created_at: number;
  created_by: string;
  updated_at: number;
}

const toFreeze = (r: FreezeRow): TenantFreeze =>
  ({
    id: r.id,
    tenantId: r.tenant_id,
    kind: r.kind,
    label: r.label,
    params: JSON.parse(r.params),
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
  }) as TenantFreeze;

const freezeRow = (f: TenantFreeze) => ({ ...f, params: JSON.stringify(f.params) });

interface PrivateTrackRow {
  tenant_id: string;
  track_id: string;
  spec: string;
  version: number;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

const toPrivateTrack = (r: PrivateTrackRow): PrivateTrack => ({
  tenantId: r.tenant_id,
  trackId: r.track_id,
  spec: JSON.parse(r.spec) as PrivateTrack['spec'],
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function sqliteTenantScheduleStore(db: SqlDatabase): TenantScheduleStore {
  const deleteSubscriptions = db.prepare('DELETE FROM track_subscriptions WHERE tenant_id = ?');
  const insertSubscription = db.prepare(
    `INSERT INTO track_subscriptions (tenant_id, track_id, deployment_kind, host_ids, created_at, updated_at)
     VALUES (@tenantId, @trackId, @deploymentKind, @hostIds, @createdAt, @updatedAt)`,
  );
  const replaceSubscriptions = db.transaction((tenantId: string, subscriptions: readonly Subscription[]) => {
    deleteSubscriptions.run(tenantId);
    for (const s of subscriptions) insertSubscription.run({ ...s, hostIds: s.hostIds === null ? null : JSON.stringify(s.hostIds) });
  });
  const insertFreeze = db.prepare(
    `INSERT INTO tenant_freezes (id, tenant_id, kind, label, params, created_at, created_by, updated_at)
     VALUES (@id, @tenantId, @kind, @label, @params, @createdAt, @createdBy, @updatedAt)`,
  );
  const updateFreeze = db.prepare('UPDATE tenant_freezes SET label = @label, params = @params, updated_at = @updatedAt WHERE id = @id');
  const deleteFreeze = db.prepare('DELETE FROM tenant_freezes WHERE id = ?');
  const upsertTrack = db.prepare(
    `INSERT INTO private_tracks (tenant_id, track_id, spec, version, created_at, updated_at, updated_by)
     VALUES (@tenantId, @trackId, @spec, @version, @createdAt, @updatedAt, @updatedBy)
     ON CONFLICT (tenant_id, track_id) DO UPDATE SET spec = excluded.spec, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const tracksOf = allOf(db.prepare<[string], PrivateTrackRow>('SELECT * FROM private_tracks WHERE tenant_id = ? ORDER BY track_id'), toPrivateTrack);
  const allTracks = allOf(db.prepare<[], PrivateTrackRow>('SELECT * FROM private_tracks ORDER BY tenant_id, track_id'), toPrivateTrack);
  return {
    subscriptions: allOf(db.prepare<[string], SubscriptionRow>('SELECT * FROM track_subscriptions WHERE tenant_id = ? ORDER BY track_id'), toSubscription),
    subscribersOf: allOf(db.prepare<[string], SubscriptionRow>('SELECT * FROM track_subscriptions WHERE track_id = ? ORDER BY tenant_id'), toSubscription),
    replaceSubscriptions: (tenantId, subscriptions) => replaceSubscriptions(tenantId, subscriptions),
    freezes: allOf(db.prepare<[string], FreezeRow>('SELECT * FROM tenant_freezes WHERE tenant_id = ? ORDER BY created_at, rowid'), toFreeze),
    getFreeze: oneOf(db.prepare<[string], FreezeRow>('SELECT * FROM tenant_freezes WHERE id = ?'), toFreeze),
    createFreeze: (freeze) => void insertFreeze.run(freezeRow(freeze)),
    updateFreeze: (freeze) => void updateFreeze.run(freezeRow(freeze)),
    deleteFreeze: (id) => deleteFreeze.run(id).changes > 0,
    privateTracks: (tenantId) => (tenantId === null ? allTracks() : tracksOf(tenantId)),
    getPrivateTrack: oneOf(db.prepare<[string, string], PrivateTrackRow>('SELECT * FROM private_tracks WHERE tenant_id = ? AND track_id = ?'), toPrivateTrack),
    savePrivateTrack: (track) => void upsertTrack.run({ ...track, spec: JSON.stringify(track.spec) }),
  };
}
