/**
 * Pieces of the crash-loop suite: a data directory with enrolled hosts, an agent started with
 * its own config file, read-only looks at the database and at an agent's outbox on disk, and
 * the RELIABILITY summary line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_CODES, RECORD_HEADER_BYTES, scanRecords } from '../../agent/outbox/codec.ts';
import { isSegmentFileName } from '../../agent/outbox/segment.ts';
import { createEnrollmentToken, enrollAgent } from '../../control-plane/services/enrollment.ts';
import { createTenant } from '../../control-plane/services/tenants.ts';
import { createSqliteStore, databasePath } from '../../control-plane/store/sqlite/index.ts';
import type { GapRecord } from '../../protocol/index.ts';
import { readDb } from './stored-records.ts';
import { hostFacts } from '../helpers/records.ts';
import type { LoadHost } from './report-load.ts';
import { AGENT_BUNDLE } from './processes.ts';

/** `TIDEWAY_SOAK=1` selects the long versions of the runs. */
export const SOAK = process.env.TIDEWAY_SOAK === '1';

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A whole number of milliseconds drawn evenly from [minMs, maxMs]. */
export const randomMs = (minMs: number, maxMs: number) => minMs + Math.floor(Math.random() * (maxMs - minMs + 1));

/**
 * Creates the data directory with one tenant, `loadHosts` hosts enrolled straight in the
 * database (before the server starts) and an enrolment token the real agents use.
 */
export function prepareDataDir(dataDir: string, loadHosts: number): { hosts: LoadHost[]; agentToken: string } {
  mkdirSync(dataDir, { recursive: true });
  const store = createSqliteStore(databasePath(dataDir));
  try {
    const now = Date.now();
    const tenant = createTenant(store, { name: 'Crash Loops' }, now);
    const { token } = createEnrollmentToken(store, { tenantId: tenant.id, maxUses: loadHosts }, now);
    const hosts = Array.from({ length: loadHosts }, (_, i) => {
      const enrolled = enrollAgent(store, { token, facts: hostFacts(`load-${i}`) }, 'unused', now);
      return { agentId: enrolled.agentId, agentSecret: enrolled.agentSecret, hostId: enrolled.hostId };
    });
    const agentToken = createEnrollmentToken(store, { tenantId: tenant.id, maxUses: 10 }, now).token;
    return { hosts, agentToken };
  } finally {
    store.close();
  }
}

/** The highest seq the control plane committed for an agent (its streams' resume point). */
export function committedSeq(dataDir: string, agentId: string): number {
  return readDb(dataDir, (db) => (db.prepare('SELECT MAX(last_seq) FROM streams WHERE agent_id = ?').pluck().get(agentId) as number | null) ?? 0);
}

/** What a gap record says about the drop (its `at` is not stored). */
export type GapFigures = Pick<GapRecord, 'seq' | 'fromSeq' | 'toSeq' | 'droppedCount' | 'fromAt' | 'toAt'>;

/** The figures of a gap record, for comparing the agent's with the stored ones. */
export const gapFigures = ({ seq, fromSeq, toSeq, droppedCount, fromAt, toAt }: GapFigures): GapFigures => ({ seq, fromSeq, toSeq, droppedCount, fromAt, toAt });

/** The gap records stored for a host, in seq order. */
export function storedGaps(dataDir: string, hostId: string): GapFigures[] {
  return readDb(dataDir, (db) =>
    db
      .prepare(
        `SELECT seq, from_seq AS fromSeq, to_seq AS toSeq, dropped_count AS droppedCount, from_at AS fromAt, to_at AS toAt
         FROM outbox_gaps WHERE host_id = ? ORDER BY seq`,
      )
      .all(hostId) as GapFigures[],
  );
}

/** `PRAGMA integrity_check` of the database as a crash left it: 'ok' or the problems found. */
export function integrityCheck(dataDir: string): string {
  return readDb(dataDir, (db) => (db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; '));
}

/** Counts of stored seqs and of repeats among them. */
export function countRepeats(seqs: readonly number[]): { stored: number; duplicated: number } {
  return { stored: new Set(seqs).size, duplicated: seqs.length - new Set(seqs).size };
}

/** Seqs in 1..upTo missing from `seqs`. */
export function missingUpTo(seqs: readonly number[], upTo: number): number[] {
  const have = new Set(seqs);
  const missing: number[] = [];
  for (let seq = 1; seq <= upTo; seq += 1) if (!have.has(seq)) missing.push(seq);
  return missing;
}

/** Starts the bundled agent with a config file (the suite's checks and outbox cap). */
export function startAgentWithConfig(stateDir: string, configPath: string, intervalSeconds: number): { child: ChildProcess; output(): string } {
  const child = spawn(process.execPath, [AGENT_BUNDLE, 'run', '--state', stateDir, '--config', configPath, '--interval', String(intervalSeconds)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (chunk: Buffer) => void (text = (text + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => text };
}

/** Bytes of the outbox's segment files now (files vanishing mid-look count as gone). */
export function outboxBytes(outboxDir: string): number {
  let total = 0;
  for (const name of readdirSync(outboxDir).filter(isSegmentFileName)) {
    try {
      total += statSync(join(outboxDir, name)).size;
    } catch {
      // Deleted after an ack between readdir and stat.
    }
  }
  return total;
}

/** What an outbox holds on disk: every intact record's seq and kind code, and its gap records in full. */
export function readOutbox(outboxDir: string): { seqs: number[]; gaps: GapRecord[] } {
  const seqs: number[] = [];
  const gaps: GapRecord[] = [];
  for (const name of readdirSync(outboxDir).filter(isSegmentFileName).sort()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(outboxDir, name));
    } catch (error) {
      // An emptied or acknowledged segment deleted between readdir and read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const record of scanRecords(bytes).records) {
      seqs.push(record.seq);
      if (record.kind !== KIND_CODES.gap) continue;
      const start = record.offset + RECORD_HEADER_BYTES;
      gaps.push(JSON.parse(bytes.subarray(start, start + record.length).toString('utf8')) as GapRecord);
    }
  }
  return { seqs, gaps };
}

/** The outbox state file: highest assigned and acknowledged seq. */
export function outboxState(outboxDir: string): { lastSeq: number; ackedSeq: number } {
  return JSON.parse(readFileSync(join(outboxDir, 'state.json'), 'utf8')) as { lastSeq: number; ackedSeq: number };
}

/** Prints the one summary line the lead collects for docs/reliability.md. */
export function printReliability(figures: Record<string, unknown>): void {
  console.log(`RELIABILITY ${JSON.stringify(figures)}`);
}
