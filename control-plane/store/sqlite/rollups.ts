/**
 * Hourly rollups: min, mean and max per metric per host, plus seconds up (the sum of the
 * collection intervals of the samples received, at most an hour), kept for two years.
 */
import type { HourlyRollup, RollupStore } from '../types.ts';
import { dialectOf, type SqlDatabase, type SqlDialect } from '../sql/database.ts';
import { allOf } from './rows.ts';
import { HOUR_MS } from '../../domain/rollup-hours.ts';

/** Settings key of the last hour rolled up; ingest reads it to spot late samples. */
export const WATERMARK_KEY = 'rollup.watermark';

/** Sample columns rolled up under the same metric name. */
export const ROLLED_UP_COLUMNS = [
  'cpu_percent',
  'memory_percent',
  'load1',
  'swap_used_bytes',
  'disk_max_percent',
  'net_rx_bps',
  'net_tx_bps',
  'process_count',
  'failing_checks',
] as const;

const columnSelects = ROLLED_UP_COLUMNS.map(
  (column) =>
    `SELECT host_id, CAST(@hourAt AS BIGINT), '${column}', min(${column}), max(${column}), avg(${column}), count(*)
     FROM samples WHERE at >= @hourAt AND at < @endAt GROUP BY host_id`,
);

const DISK_FIELDS = [
  ['disk_used_percent', 'usedPercent'],
  ['disk_used_bytes', 'usedBytes'],
] as const;

/** Per-mount disk figures from each sample's JSON: SQLite's and PostgreSQL's JSON functions differ. */
const diskSelects = (dialect: SqlDialect) =>
  DISK_FIELDS.map(([metric, field]) =>
    dialect === 'postgres'
      ? `SELECT s.host_id, CAST(@hourAt AS BIGINT), '${metric}:' || (d.value ->> 'mount'),
           min(CAST(d.value ->> '${field}' AS DOUBLE PRECISION)), max(CAST(d.value ->> '${field}' AS DOUBLE PRECISION)),
           avg(CAST(d.value ->> '${field}' AS DOUBLE PRECISION)), count(*)
         FROM samples s, jsonb_array_elements(CAST(s.record AS jsonb) -> 'metrics' -> 'disks') d
         WHERE s.at >= @hourAt AND s.at < @endAt GROUP BY s.host_id, d.value ->> 'mount'`
      : `SELECT s.host_id, @hourAt, '${metric}:' || json_extract(d.value, '$.mount'),
           min(json_extract(d.value, '$.${field}')), max(json_extract(d.value, '$.${field}')), avg(json_extract(d.value, '$.${field}')), count(*)
         FROM samples s, json_each(s.record, '$.metrics.disks') d
         WHERE s.at >= @hourAt AND s.at < @endAt GROUP BY s.host_id, json_extract(d.value, '$.mount')`,
  );

// Seconds up in an hour, capped at the hour (late and overlapping samples can sum past it).
const cappedUp = 'CASE WHEN sum(interval_seconds) > 3600 THEN 3600 ELSE sum(interval_seconds) END';
const secondsUp = `SELECT host_id, CAST(@hourAt AS BIGINT), 'seconds_up', ${cappedUp}, ${cappedUp}, ${cappedUp}, count(*)
   FROM samples WHERE at >= @hourAt AND at < @endAt GROUP BY host_id`;

interface RollupRow {
  host_id: string;
  hour_at: number;
  metric: string;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export function sqliteRollupStore(db: SqlDatabase): RollupStore {
  const insert = db.prepare(
    `INSERT INTO rollups_hourly (host_id, hour_at, metric, min, max, mean, count)
     ${[...columnSelects, ...diskSelects(dialectOf(db)), secondsUp].join('\nUNION ALL\n')}
     ON CONFLICT (host_id, metric, hour_at) DO UPDATE SET min = excluded.min, max = excluded.max, mean = excluded.mean, count = excluded.count`,
  );
  const getSetting = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const setSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const dirty = db.prepare<[number], number>('SELECT hour_at FROM rollup_dirty_hours ORDER BY hour_at LIMIT ?').pluck();
  const clearDirty = db.prepare('DELETE FROM rollup_dirty_hours WHERE hour_at = ?');
  const earliest = db.prepare<[], number | null>('SELECT min(at) FROM samples').pluck();
  const deleteOld = db.prepare(
    `DELETE FROM rollups_hourly WHERE (host_id, metric, hour_at) IN
       (SELECT host_id, metric, hour_at FROM rollups_hourly WHERE hour_at < ? LIMIT ?)`,
  );
  return {
    rollUpHour: (hourAt) => insert.run({ hourAt, endAt: hourAt + HOUR_MS }).changes,
    watermark: () => {
      const value = getSetting.get(WATERMARK_KEY);
      return value === undefined ? null : Number(value);
    },
    setWatermark: (hourAt) => void setSetting.run(WATERMARK_KEY, String(hourAt)),
    earliestSampleAt: () => earliest.get() ?? null,
    dirtyHours: (limit) => dirty.all(limit),
    clearDirtyHour: (hourAt) => void clearDirty.run(hourAt),
    range: allOf(
      db.prepare<[string, number, number], RollupRow>(
        'SELECT * FROM rollups_hourly WHERE host_id = ? AND hour_at >= ? AND hour_at < ? ORDER BY metric, hour_at',
      ),
      (row): HourlyRollup => ({
        hostId: row.host_id,
        hourAt: row.hour_at,
        metric: row.metric,
        min: row.min,
        max: row.max,
        mean: row.mean,
        count: row.count,
      }),
    ),
    diskUseSince: allOf(
      db.prepare<[number], { host_id: string; metric: string; hour_at: number; mean: number }>(
        "SELECT host_id, metric, hour_at, mean FROM rollups_hourly WHERE hour_at >= ? AND metric LIKE 'disk_used_percent:%' ORDER BY hour_at",
      ),
      (row) => ({ hostId: row.host_id, mount: row.metric.slice('disk_used_percent:'.length), hourAt: row.hour_at, usedPercent: row.mean }),
    ),
    deleteOlderThan: (before, limit) => deleteOld.run(before, limit).changes,
  };
}
