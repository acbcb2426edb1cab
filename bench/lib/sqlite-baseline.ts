/**
 * The rows the control plane stores for agents' sample reports, and the bare better-sqlite3
 * batched insert of them that ingest figures are compared with (same table, same columns,
 * same JSON record, no dedupe bookkeeping).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../control-plane/store/sqlite/index.ts';
import { sampleColumns } from '../../control-plane/store/sqlite/ingest.ts';
import type { IngestItem } from '../../control-plane/store/types.ts';
import { sampleRecord } from '../../test/helpers/records.ts';

/** Batch number `batch` of `size` one-sample ingest items, round-robin over `hosts` hosts. */
export function sampleItems(batch: number, size: number, hosts: number): IngestItem[] {
  const out: IngestItem[] = [];
  for (let i = 0; i < size; i += 1) {
    const n = batch * size + i;
    const host = n % hosts;
    const seq = Math.floor(n / hosts) + 1;
    out.push({
      agentId: `agt_${host}`, hostId: `hst_${host}`, streamId: 'stream-01', receivedAt: n, intervalSeconds: 15,
      samples: [sampleRecord(seq, 1_780_000_000_000 + n * 7, n % 100)], facts: [], checkChanges: [], gaps: [], planStatuses: [], lastSeq: seq,
    });
  }
  return out;
}

/** Rows per second of a bare prepared INSERT of `batches` x `size` sample rows, one transaction a batch. */
export function bareInsertRate(size: number, batches: number, hosts: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-'));
  const store = createSqliteStore(join(dir, 'tideway.db'));
  const insert = store.db.prepare(
    `INSERT INTO samples (at, host_id, seq, cpu_percent, memory_percent, load1, swap_used_bytes, disk_max_percent,
       net_rx_bps, net_tx_bps, process_count, failing_checks, interval_seconds, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = Array.from({ length: batches }, (_, b) => sampleItems(b, size, hosts).map((item) => ({ s: item.samples[0], host: item.hostId })));
  const commit = store.db.transaction((batch: (typeof rows)[number]) => {
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
  return Math.round((size * batches) / seconds);
}
