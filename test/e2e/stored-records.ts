/**
 * What a control plane's database holds of an agent's stream, read from the file (read-only)
 * while or after the server runs: the exactly-once checks of the end-to-end suites.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { databasePath } from '../../control-plane/store/sqlite/index.ts';

/** One table per record kind an agent can send: sample, facts, check-change, gap, plan-status. */
export const RECORD_TABLES = ['samples', 'host_facts', 'check_events', 'outbox_gaps', 'plan_events'] as const;

/** Runs `read` on the data directory's database, opened read-only. */
export function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every stored record's seq for a host, whatever its kind, in order (repeats kept). */
export function storedSeqs(dataDir: string, hostId: string): number[] {
  const union = RECORD_TABLES.map((table) => `SELECT seq FROM ${table} WHERE host_id = @h`).join(' UNION ALL ');
  return readDb(dataDir, (db) => db.prepare(`${union} ORDER BY 1`).pluck().all({ h: hostId }) as number[]);
}

/** Fails unless `seqs` (sorted) are exactly 1..max, each once. */
export function expectExactlyOnceWithoutHoles(seqs: number[]): void {
  const max = seqs[seqs.length - 1];
  expect(new Set(seqs).size, 'no sequence number stored twice').toBe(seqs.length);
  expect(seqs.length, `no hole in 1..${max}`).toBe(max);
}
