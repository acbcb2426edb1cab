/** SQLite materialised windows, their coverage, and the maintenance periods they keep. */
import type { PatchWindow, WindowCoverage, WindowStatus } from '../../scheduling/model.ts';
import type { WindowFilter, WindowStore } from '../scheduling-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { whereOf } from './filters.ts';

interface WindowRow {
  id: string;
  track_key: string;
  track_id: string;
  owner_tenant_id: string | null;
  occurrence_key: string;
  local_date: string;
  zone: string;
  start_at: number;
  end_at: number;
  previous_start_at: number | null;
  previous_end_at: number | null;
  cutoff_at: number;
  notice_by: string | null;
  status: WindowStatus;
  reason: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

interface CoverageRow {
  window_id: string;
  tenant_id: string;
  status: WindowCoverage['status'];
  reason: string | null;
  host_ids: string;
  via: WindowCoverage['via'];
  booking_ids: string;
  revision: number;
}

const toCoverage = (r: CoverageRow): WindowCoverage => ({
  tenantId: r.tenant_id,
  status: r.status,
  reason: r.reason === null ? null : JSON.parse(r.reason),
  hostIds: JSON.parse(r.host_ids),
  via: r.via,
  bookingIds: JSON.parse(r.booking_ids),
  revision: r.revision,
});

const toWindow = (r: WindowRow, coverage: WindowCoverage[]): PatchWindow => ({
  id: r.id,
  trackId: r.track_id,
  trackKey: r.track_key,
  ownerTenantId: r.owner_tenant_id,
  occurrenceKey: r.occurrence_key,
  localDate: r.local_date,
  zone: r.zone,
  startAt: r.start_at,
  endAt: r.end_at,
  previousStartAt: r.previous_start_at,
  previousEndAt: r.previous_end_at,
  cutoffAt: r.cutoff_at,
  noticeBy: r.notice_by,
  status: r.status,
  reason: r.reason === null ? null : JSON.parse(r.reason),
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  coverage,
});

/** Windows with their coverage rows attached (coverage rows come ordered by tenant). */
function assemble(rows: WindowRow[], coverage: CoverageRow[]): PatchWindow[] {
  const byWindow = new Map<string, WindowCoverage[]>();
  for (const row of coverage) {
    const list = byWindow.get(row.window_id) ?? [];
    list.push(toCoverage(row));
    byWindow.set(row.window_id, list);
  }
  return rows.map((row) => toWindow(row, byWindow.get(row.id) ?? []));
}

export function sqliteWindowStore(db: SqlDatabase): WindowStore {
  const upsert = db.prepare(
    `INSERT INTO windows (id, track_key, track_id, owner_tenant_id, occurrence_key, local_date, zone, start_at, end_at, previous_start_at, previous_end_at,
       cutoff_at, notice_by, status, reason, version, created_at, updated_at)
     VALUES (@id, @trackKey, @trackId, @ownerTenantId, @occurrenceKey, @localDate, @zone, @startAt, @endAt, @previousStartAt, @previousEndAt,
       @cutoffAt, @noticeBy, @status, @reason, @version, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET local_date = excluded.local_date, zone = excluded.zone, start_at = excluded.start_at, end_at = excluded.end_at,
       previous_start_at = excluded.previous_start_at, previous_end_at = excluded.previous_end_at, cutoff_at = excluded.cutoff_at, notice_by = excluded.notice_by, status = excluded.status, reason = excluded.reason,
       version = excluded.version, updated_at = excluded.updated_at`,
  );
  const clearCoverage = db.prepare('DELETE FROM window_coverage WHERE window_id = ?');
  const insertCoverage = db.prepare(
    `INSERT INTO window_coverage (window_id, tenant_id, status, reason, host_ids, via, booking_ids, revision)
     VALUES (@windowId, @tenantId, @status, @reason, @hostIds, @via, @bookingIds, @revision)`,
  );
  const getOne = db.prepare<[string], WindowRow>('SELECT * FROM windows WHERE id = ?');
  const coverageOf = db.prepare<[string], CoverageRow>('SELECT * FROM window_coverage WHERE window_id = ? ORDER BY tenant_id');
  const ofTrack = db.prepare<[string, number], WindowRow>('SELECT * FROM windows WHERE track_key = ? AND start_at > ? ORDER BY start_at, id');
  const coverageOfTrack = db.prepare<[string, number], CoverageRow>(
    'SELECT c.* FROM window_coverage c JOIN windows w ON w.id = c.window_id WHERE w.track_key = ? AND w.start_at > ? ORDER BY c.tenant_id',
  );
  const coverageOfIds = db.prepare<[string], CoverageRow>('SELECT * FROM window_coverage WHERE window_id IN (SELECT value FROM json_each(?)) ORDER BY tenant_id');
  const trackKeys = db.prepare<[number], string>('SELECT DISTINCT track_key FROM windows WHERE start_at > ? ORDER BY track_key').pluck();
  const periodIds = db.prepare<[string], string>('SELECT id FROM maintenance_periods WHERE source = ?').pluck();
  const upsertPeriod = db.prepare(
    `INSERT INTO maintenance_periods (id, tenant_id, host_ids, starts_at, ends_at, reason, source, created_at)
     VALUES (@id, @tenantId, @hostIds, @startsAt, @endsAt, @reason, @source, @now)
     ON CONFLICT (id) DO UPDATE SET host_ids = excluded.host_ids, starts_at = excluded.starts_at, ends_at = excluded.ends_at, reason = excluded.reason`,
  );
  const deleteFuturePeriod = db.prepare('DELETE FROM maintenance_periods WHERE id = ? AND starts_at > ?');
  const endPeriod = db.prepare('UPDATE maintenance_periods SET ends_at = ? WHERE id = ? AND ends_at > ?');

  const list = (filter: WindowFilter) => {
    const { where, params } = whereOf(
      [
        ['start_at >= @fromAt', 'fromAt', filter.fromAt],
        ['start_at < @toAt', 'toAt', filter.toAt],
        ['track_id = @trackId', 'trackId', filter.trackId],
        ['status = @status', 'status', filter.status],
        ['(owner_tenant_id = @tenantId OR id IN (SELECT window_id FROM window_coverage WHERE tenant_id = @tenantId))', 'tenantId', filter.tenantId],
      ],
      { limit: filter.limit },
    );
    const rows = db.prepare(`SELECT * FROM windows ${where} ORDER BY start_at, id LIMIT @limit`).all(params) as WindowRow[];
    return assemble(rows, coverageOfIds.all(JSON.stringify(rows.map((r) => r.id))));
  };

  return {
    get: (id) => {
      const row = getOne.get(id);
      return row ? toWindow(row, coverageOf.all(id).map(toCoverage)) : undefined;
    },
    forTrack: (key, sinceAt) => assemble(ofTrack.all(key, sinceAt), coverageOfTrack.all(key, sinceAt)),
    list,
    trackKeys: (sinceAt) => trackKeys.all(sinceAt),
    save: (window) => {
      upsert.run({ ...window, reason: window.reason === null ? null : JSON.stringify(window.reason) });
      clearCoverage.run(window.id);
      for (const c of window.coverage) {
        insertCoverage.run({
          windowId: window.id,
          tenantId: c.tenantId,
          status: c.status,
          reason: c.reason === null ? null : JSON.stringify(c.reason),
          hostIds: JSON.stringify(c.hostIds),
          via: c.via,
          bookingIds: JSON.stringify(c.bookingIds),
          revision: c.revision,
        });
      }
    },
    syncMaintenance: (windowId, periods, now) => {
      const wanted = new Set(periods.map((p) => p.id));
      for (const id of periodIds.all(`window:${windowId}`)) {
        if (wanted.has(id)) continue;
        if (deleteFuturePeriod.run(id, now).changes === 0) endPeriod.run(now, id, now);
      }
      for (const p of periods) upsertPeriod.run({ ...p, hostIds: JSON.stringify(p.hostIds), now });
    },
  };
}
