/** SQLite reads of raw samples, check events and outbox gaps, and raw-sample retention. */
import type { SampleRecord } from '../../../protocol/index.ts';
import type { CheckEvent, OutboxGap, SampleStore, StoredSample } from '../types.ts';
import { dialectOf, type SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface SampleRow {
  seq: number;
  at: number;
  record: string;
}

const toSample = (row: SampleRow): StoredSample => ({ seq: row.seq, at: row.at, record: JSON.parse(row.record) as SampleRecord });

interface CheckEventRow {
  host_id: string;
  at: number;
  check_name: string;
  check_kind: string;
  from_status: string;
  to_status: string;
  message: string;
}

interface GapRow {
  host_id: string;
  agent_id: string;
  stream_id: string;
  from_seq: number;
  to_seq: number;
  dropped_count: number;
  from_at: number;
  to_at: number;
  reported_at: number;
}

export function sqliteSampleStore(db: SqlDatabase): SampleStore {
  // The time range leads so the (at, host_id) index narrows the scan before the host filter.
  const range = db.prepare<[number, number, string, number], SampleRow>(
    'SELECT seq, at, record FROM samples WHERE at >= ? AND at < ? AND host_id = ? ORDER BY at, seq LIMIT ?',
  );
  // Samples have no key: each database's own row address picks the oldest rows.
  const rowAddress = dialectOf(db) === 'postgres' ? 'ctid' : 'rowid';
  // The time bound leads, so the (at, host_id) index keeps this to recent rows.
  const latestOf = db.prepare<[number, string, string, number], SampleRow & { host_id: string }>(
    `SELECT s.host_id, s.seq, s.at, s.record FROM samples s
     JOIN (SELECT host_id, max(at) AS at FROM samples WHERE at >= ? AND host_id IN (SELECT value FROM json_each(?)) GROUP BY host_id) newest
       ON s.host_id = newest.host_id AND s.at = newest.at
     WHERE s.host_id IN (SELECT value FROM json_each(?)) AND s.at >= ?`,
  );
  const deleteOld = db.prepare(`DELETE FROM samples WHERE ${rowAddress} IN (SELECT ${rowAddress} FROM samples WHERE at < ? ORDER BY at LIMIT ?)`);
  return {
    range: (hostId, fromAt, toAt, limit) => range.all(fromAt, toAt, hostId, limit).map(toSample),
    latest: oneOf(
      db.prepare<[string], SampleRow>('SELECT seq, at, record FROM samples WHERE host_id = ? ORDER BY at DESC LIMIT 1'),
      toSample,
    ),
    latestSince: allOf(
      db.prepare<[number], SampleRow & { host_id: string }>(
        `SELECT s.host_id, s.seq, s.at, s.record FROM samples s
         JOIN (SELECT host_id, max(at) AS at FROM samples WHERE at >= ? GROUP BY host_id) newest
           ON s.host_id = newest.host_id AND s.at = newest.at`,
      ),
      (row) => ({ ...toSample(row), hostId: row.host_id }),
    ),
    latestOf: (hostIds, sinceAt) => latestOf.all(sinceAt, JSON.stringify(hostIds), JSON.stringify(hostIds), sinceAt).map((row) => ({ ...toSample(row), hostId: row.host_id })),
    checkEvents: allOf(
      db.prepare<[string, number, number, number], CheckEventRow>(
        'SELECT * FROM check_events WHERE host_id = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?',
      ),
      (row): CheckEvent => ({
        hostId: row.host_id,
        at: row.at,
        check: row.check_name,
        checkKind: row.check_kind,
        from: row.from_status,
        to: row.to_status,
        message: row.message,
      }),
    ),
    gaps: allOf(
      db.prepare<[string], GapRow>('SELECT * FROM outbox_gaps WHERE host_id = ? ORDER BY from_at'),
      (row): OutboxGap => ({
        hostId: row.host_id,
        agentId: row.agent_id,
        streamId: row.stream_id,
        fromSeq: row.from_seq,
        toSeq: row.to_seq,
        droppedCount: row.dropped_count,
        fromAt: row.from_at,
        toAt: row.to_at,
        reportedAt: row.reported_at,
      }),
    ),
    deleteOlderThan: (before, limit) => deleteOld.run(before, limit).changes,
  };
}
