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
import { median, writeBenchResult } from './lib/report.ts';
import { bareInsertRate, sampleItems } from './lib/sqlite-baseline.ts';

const HOSTS = 2000;
const BATCH = 500;
const BATCHES = 200;

function measureStore(hostFirstIndex: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-'));
  const store = createSqliteStore(join(dir, 'tideway.db'));
  if (hostFirstIndex) store.db.exec('CREATE INDEX samples_host_at ON samples(host_id, at)');
  const batches = Array.from({ length: BATCHES }, (_, b) => sampleItems(b, BATCH, HOSTS));
  const started = performance.now();
  for (const batch of batches) store.ingest.commit(batch);
  const seconds = (performance.now() - started) / 1000;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return Math.round((BATCH * BATCHES) / seconds);
}

// Interleaved rounds, median of each, so warm-up and page-cache effects fall on all alike.
const rounds = { bare: [] as number[], store: [] as number[], hostFirst: [] as number[] };
for (let round = 0; round < 3; round += 1) {
  rounds.bare.push(bareInsertRate(BATCH, BATCHES, HOSTS));
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
