/**
 * The ingest write path: one transaction per batch of agent reports, with prepared
 * statements and no per-row reads. The stream's resume point moves in the same
 * transaction, so a report is either stored and acknowledgeable or not stored at all.
 */
import fastJson from 'fast-json-stringify';
import { SampleRecordSchema, type SampleRecord } from '../../../protocol/index.ts';
import type { IngestItem, IngestStore } from '../types.ts';
import { dialectOf, type SqlDatabase } from '../sql/database.ts';
import type { PostgresDatabase } from '../postgres/database.ts';
import { HOUR_MS, hourStart } from '../../domain/rollup-hours.ts';
import { WATERMARK_KEY } from './rollups.ts';

/**
 * A sample as stored JSON. Records arrive checked against the protocol schema, so a
 * serialiser compiled from that schema writes the same object in about a third of
 * JSON.stringify's time, once per stored report.
 */
export const sampleJson: (record: SampleRecord) => string = fastJson(SampleRecordSchema);

/** The headline figures of a sample, kept in columns for queries and rollups. */
export function sampleColumns(record: SampleRecord) {
  const { cpu, memory, disks, network } = record.metrics;
  let diskMax = 0;
  for (const disk of disks) if (disk.usedPercent > diskMax) diskMax = disk.usedPercent;
  let rx = 0;
  let tx = 0;
  for (const nic of network) {
    rx += nic.rxBytesPerSecond;
    tx += nic.txBytesPerSecond;
  }
  let failing = 0;
  for (const check of record.checks) if (check.status !== 'ok') failing += 1;
  return {
    cpuPercent: cpu.usagePercent,
    memoryPercent: memory.usedPercent,
    load1: cpu.load1,
    swapUsedBytes: memory.swapUsedBytes,
    diskMaxPercent: diskMax,
    netRxBps: rx,
    netTxBps: tx,
    processCount: record.metrics.processCount,
    failingChecks: failing,
  };
}

/** Rows a multi-row statement carries (SQLite). */
const ROWS_PER_STATEMENT = 32;
/** Values of one sample row. */
const SAMPLE_VALUES = 14;

export function sqliteIngestStore(db: SqlDatabase): IngestStore {
  const postgres = dialectOf(db) === 'postgres';
  const sampleInsert = (rows: number) =>
    `INSERT INTO samples (at, host_id, seq, cpu_percent, memory_percent, load1, swap_used_bytes, disk_max_percent,
       net_rx_bps, net_tx_bps, process_count, failing_checks, interval_seconds, record)
     VALUES ${placeholders(rows, SAMPLE_VALUES)}`;
  const insertSample = db.prepare(sampleInsert(1));
  // In process (SQLite), a statement's own cost is about a third of a one-row insert: rows go
  // in statements of ROWS_PER_STATEMENT (measured 14.4 us a row one by one, 8.9 us in 32s).
  const insertSampleRows = postgres ? null : db.prepare(sampleInsert(ROWS_PER_STATEMENT));
  // On PostgreSQL each statement is a round trip: a batch's samples and resume points go in one
  // statement each, as arrays (SQLite, in process, uses statements of ROWS_PER_STATEMENT rows).
  const insertSamples = postgres
    ? db.prepare(
        `INSERT INTO samples (at, host_id, seq, cpu_percent, memory_percent, load1, swap_used_bytes, disk_max_percent,
           net_rx_bps, net_tx_bps, process_count, failing_checks, interval_seconds, record)
         SELECT * FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]),
           CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS DOUBLE PRECISION[]),
           CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS DOUBLE PRECISION[]), CAST(? AS TEXT[]))`,
      )
    : null;
  const upsertStreams = postgres
    ? db.prepare(
        `INSERT INTO streams (agent_id, stream_id, last_seq, updated_at)
         SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]))
         ON CONFLICT (agent_id, stream_id) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at`,
      )
    : null;
  /** Sample rows not yet written: as columns on PostgreSQL, as one flat list of values on SQLite. */
  let columns: unknown[][] = [];
  let values: unknown[] = [];
  const flushSamples = () => {
    if (insertSamples) {
      if (columns.length > 0 && columns[0]!.length > 0) insertSamples.run(...columns);
      columns = [];
      return;
    }
    for (let at = 0; at < values.length; at += SAMPLE_VALUES) insertSample.run(...values.slice(at, at + SAMPLE_VALUES));
    values = [];
  };
  const addSample = (row: unknown[]) => {
    if (!insertSamples) {
      for (const value of row) values.push(value);
      if (values.length === ROWS_PER_STATEMENT * SAMPLE_VALUES) {
        insertSampleRows!.run(...values);
        values = [];
      }
      return;
    }
    if (columns.length === 0) columns = row.map(() => []);
    row.forEach((value, i) => columns[i]!.push(value));
  };
  const insertFacts = db.prepare('INSERT INTO host_facts (host_id, seq, at, facts) VALUES (?, ?, ?, ?)');
  const updateHostFacts = db.prepare('UPDATE hosts SET facts = ?, name = ? WHERE id = ?');
  const insertCheckEvent = db.prepare(
    'INSERT INTO check_events (host_id, seq, at, check_name, check_kind, from_status, to_status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertGap = db.prepare(
    `INSERT INTO outbox_gaps (host_id, seq, agent_id, stream_id, from_seq, to_seq, dropped_count, from_at, to_at, reported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The (at, host_id) index bounds this to the gap's own instants.
  const samplesInGap = db
    .prepare<[number, number, string, number, number], number>('SELECT count(*) FROM samples WHERE at BETWEEN ? AND ? AND host_id = ? AND seq BETWEEN ? AND ?')
    .pluck();
  const insertPlanEvent = db.prepare(
    `INSERT INTO plan_events (host_id, agent_id, seq, at, received_at, plan_id, rollout_id, version, state, step, phase, reason, output_tail, version_before, version_after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const streamUpsert = (rows: number) =>
    `INSERT INTO streams (agent_id, stream_id, last_seq, updated_at) VALUES ${placeholders(rows, 4)}
     ON CONFLICT (agent_id, stream_id) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at`;
  const upsertStream = db.prepare(streamUpsert(1));
  const upsertStreamRows = postgres ? null : db.prepare(streamUpsert(ROWS_PER_STATEMENT));
  // On PostgreSQL a batch locks its streams' rows (in key order, so two batches never wait on
  // each other in a cycle) instead of the database-wide write lock: replicas ingest side by side.
  // A stream's first batch makes its row first, so there is a row to lock.
  const ensureStreams = postgres
    ? db.prepare(
        `INSERT INTO streams (agent_id, stream_id, last_seq, updated_at)
         SELECT k ->> 0, k ->> 1, 0, CAST(? AS BIGINT) FROM jsonb_array_elements(CAST(? AS jsonb)) AS k ORDER BY 1, 2
         ON CONFLICT DO NOTHING`,
      )
    : null;
  const storedSeqs = db.prepare<[string], { agent_id: string; stream_id: string; last_seq: number }>(
    `SELECT agent_id, stream_id, last_seq FROM streams WHERE agent_id IN (SELECT value FROM json_each(?))${postgres ? ' ORDER BY agent_id, stream_id FOR UPDATE' : ''}`,
  );
  const markDirty = db.prepare('INSERT OR IGNORE INTO rollup_dirty_hours (hour_at) VALUES (?)');
  const watermark = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();

  /** `rolledUpThrough`: the last hour already rolled up; older samples make their hour dirty. */
  const writeItem = (item: IngestItem, rolledUpThrough: number) => {
    for (const sample of item.samples) {
      const c = sampleColumns(sample);
      addSample([
        sample.at, item.hostId, sample.seq, c.cpuPercent, c.memoryPercent, c.load1, c.swapUsedBytes, c.diskMaxPercent,
        c.netRxBps, c.netTxBps, c.processCount, c.failingChecks, item.intervalSeconds, sampleJson(sample),
      ]);
      if (sample.at < rolledUpThrough + HOUR_MS) markDirty.run(hourStart(sample.at));
    }
    for (const facts of item.facts) {
      const json = JSON.stringify(facts.facts);
      insertFacts.run(item.hostId, facts.seq, facts.at, json);
      updateHostFacts.run(json, facts.facts.hostname, item.hostId);
    }
    for (const change of item.checkChanges) {
      insertCheckEvent.run(item.hostId, change.seq, change.at, change.check, change.checkKind, change.from, change.to, change.message);
    }
    for (const gap of item.gaps) {
      // An agent may drop samples that were already on the wire (sent, not yet acked); those
      // arrived before the gap record (same stream, lower seqs), so the gap counts only what is missing.
      flushSamples(); // the count must see this batch's samples too
      const arrived = samplesInGap.get(gap.fromAt, gap.toAt, item.hostId, gap.fromSeq, gap.toSeq) ?? 0;
      const missing = Math.max(0, gap.droppedCount - arrived);
      insertGap.run(item.hostId, gap.seq, item.agentId, item.streamId, gap.fromSeq, gap.toSeq, missing, gap.fromAt, gap.toAt, item.receivedAt);
    }
    for (const s of item.planStatuses) {
      insertPlanEvent.run(
        item.hostId, item.agentId, s.seq, s.at, item.receivedAt, s.planId, s.rolloutId, s.version, s.state,
        s.step ?? null, s.phase ?? null, s.reason ?? null, s.outputTail ?? null, s.versionBefore ?? null, s.versionAfter ?? null,
      );
    }
  };

  /**
   * Drops records at or below the stream's stored resume point, read inside the write
   * transaction: with several replicas an agent that failed over may resend what another
   * replica already committed, and a replica's cached resume point may be behind.
   */
  const unstored = (items: readonly IngestItem[]): { fresh: IngestItem[]; skipped: number } => {
    if (ensureStreams) {
      const keys = [...new Set(items.map((i) => JSON.stringify([i.agentId, i.streamId])))].sort();
      ensureStreams.run(items[0]?.receivedAt ?? 0, `[${keys.join(',')}]`);
    }
    const stored = new Map<string, number>();
    for (const row of storedSeqs.all(JSON.stringify([...new Set(items.map((i) => i.agentId))]))) stored.set(`${row.agent_id}\u0000${row.stream_id}`, row.last_seq);
    let skipped = 0;
    const fresh: IngestItem[] = [];
    for (const item of items) {
      const floor = stored.get(`${item.agentId}\u0000${item.streamId}`) ?? 0;
      if (floor === 0) fresh.push(item);
      else if (item.lastSeq > floor) {
        const keep = <R extends { seq: number }>(records: R[]) => records.filter((r) => r.seq > floor);
        const kept = { ...item, samples: keep(item.samples), facts: keep(item.facts), checkChanges: keep(item.checkChanges), gaps: keep(item.gaps), planStatuses: keep(item.planStatuses) };
        skipped += recordCount(item) - recordCount(kept);
        fresh.push(kept);
      } else skipped += recordCount(item);
    }
    return { fresh, skipped };
  };

  const write = (items: readonly IngestItem[]) => {
    // Rows a failed commit left unwritten must not join the next one.
    columns = [];
    values = [];
    const rolledUpThrough = Number(watermark.get(WATERMARK_KEY) ?? -Infinity);
    const { fresh, skipped } = unstored(items);
    // A stream's resume point is written once a batch, from its last item (items keep arrival order).
    const lastOfStream = new Map<string, IngestItem>();
    for (const item of fresh) {
      writeItem(item, rolledUpThrough);
      lastOfStream.set(`${item.agentId}\u0000${item.streamId}`, item);
    }
    flushSamples();
    const last = [...lastOfStream.values()];
    if (upsertStreams) upsertStreams.run(last.map((i) => i.agentId), last.map((i) => i.streamId), last.map((i) => i.lastSeq), last.map((i) => i.receivedAt));
    else {
      // A batch's streams are distinct (one resume point each), so one statement may hold several.
      let at = 0;
      for (; at + ROWS_PER_STATEMENT <= last.length; at += ROWS_PER_STATEMENT) {
        upsertStreamRows!.run(...last.slice(at, at + ROWS_PER_STATEMENT).flatMap((i) => [i.agentId, i.streamId, i.lastSeq, i.receivedAt]));
      }
      for (const item of last.slice(at)) upsertStream.run(item.agentId, item.streamId, item.lastSeq, item.receivedAt);
    }
    return skipped;
  };
  const commit = postgres ? (db as PostgresDatabase).rowLockedTransaction(write) : db.transaction(write).immediate;
  return { commit: (items) => commit(items) };
}

/** `rows` parenthesised groups of `columns` placeholders, for a multi-row VALUES list. */
const placeholders = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');

const recordCount = (item: IngestItem) => item.samples.length + item.facts.length + item.checkChanges.length + item.gaps.length + item.planStatuses.length;
