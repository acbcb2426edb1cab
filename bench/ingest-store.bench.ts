/**
 * Store-level ingest: sample records committed through the SQLite ingest store (batched,
 * WAL, synchronous=FULL, dedupe bookkeeping) against a bare better-sqlite3 batched insert of
 * the same rows into the same table, in the same run. Also measures what a host-first
 * index on the hot table would cost, the choice DESIGN.md warns about.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../control-plane/store/sqlite/index.ts';
import { sampleColumns } from '../control-plane/store/sqlite/ingest.ts';
import type { IngestItem } from '../control-plane/store/types.ts';
import { sampleRecord } from '../test/helpers/records.ts';
import { median, writeBenchResult } from './lib/report.ts';

const HOSTS = 2000;
const BATCH = 500;
const BATCHES = 200;

function items(batch: number): IngestItem[] {
  const out: IngestItem[] = [];
  for (let i = 0; i < BATCH; i += 1) {
    const n = batch * BATCH + i;
    const host = n % HOSTS;
    const seq = Math.floor(n / HOSTS) + 1;
    out.push({
      agentId: `agt_${host}`, hostId: `hst_${host}`, streamId: 'stream-01', receivedAt: n, intervalSeconds: 15,
      samples: [sampleRecord(seq, 1_780_000_000_000 + n * 7, n % 100)], facts: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: seq,
    });
  }
  return out;
}

function measureStore(hostFirstIndex: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-'));
  const store = createSqliteStore(join(dir, 'tideway.db'));
  if (hostFirstIndex) store.db.exec('CREATE INDEX samples_host_at ON samples(host_id, at)');
  const batches = Array.from({ length: BATCHES }, (_, b) => items(b));
  const started = performance.now();
  for (const batch of batches) store.ingest.commit(batch);
  const seconds = (performance.now() - started) / 1000;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return Math.round((BATCH * BATCHES) / seconds);
}

function measureBareInsert(): number {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-'));
  const store = createSqliteStore(join(dir, 'tideway.db'));
  const insert = store.db.prepare(
    `INSERT INTO samples (at, host_id, seq, cpu_percent, memory_percent, load1, swap_used_bytes, disk_max_percent,
       net_rx_bps, net_tx_bps, process_count, failing_checks, interval_seconds, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = Array.from({ length: BATCHES }, (_, b) => items(b).map((item) => item.samples[0]).map((s, i) => ({ s, host: `hst_${(b * BATCH + i) % HOSTS}` })));
  const commit = store.db.transaction((batch: typeof rows[number]) => {
    for (const { s, host } of batch) {
      const c = sampleColumns(s);
      insert.run(s.at, host, s.seq, c.cpuPercent, c.memoryPercent, c.load1, c.swapUsedBytes, c.diskMaxPercent, c.netRxBps, c.netTxBps, c.processCount, c.failingChecks, 15, JSON.stringify(s));
    }
  });
  const started = performance.now();
  for (const batch of rows) commit(batch);
  const seconds = (performance.now() - started) / 1000;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return Math.round((BATCH * BATCHES) / seconds);
}

// Interleaved rounds, median of each, so warm-up and page-cache effects fall on all alike.
const rounds = { bare: [] as number[], store: [] as number[], hostFirst: [] as number[] };
for (let round = 0; round < 3; round += 1) {
  rounds.bare.push(measureBareInsert());
  rounds.store.push(measureStore(false));
  rounds.hostFirst.push(measureStore(true));
}
const bare = median(rounds.bare);
const store = median(rounds.store);
const hostFirst = median(rounds.hostFirst);
writeBenchResult('ingest-store', [
  { what: `SQLite ingest store, batches of ${BATCH} samples from ${HOSTS} hosts`, value: store, unit: 'records/s', baseline: { what: 'bare better-sqlite3 batched insert', value: bare }, ratio: store / bare },
  { what: 'same, with an extra host-first index on samples', value: hostFirst, unit: 'records/s', baseline: { what: 'ts-first index only', value: store }, ratio: hostFirst / store },
]);
