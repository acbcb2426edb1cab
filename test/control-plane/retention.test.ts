import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestPipeline } from '../../control-plane/services/ingest-pipeline.ts';
import { runRetention, DEFAULT_RETENTION } from '../../control-plane/services/retention.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.parse('2026-06-01T00:00:00Z');
let cp: TestControlPlane;
let host: { agentId: string; hostId: string };

beforeEach(async () => {
  cp = await startControlPlane();
  host = cp.enroll(cp.tenant('Acme'), 'erp-01');
});
afterEach(async () => cp.close());

/** Stores one sample every 15 s for `hours` hours from `from`, cpu ramping 0..99. */
async function ingestHours(from: number, hours: number, receivedAt: number, firstSeq = 1) {
  const pipeline = new IngestPipeline(cp.store, { maxBatchRecords: 100_000, maxDelayMs: 0 }, { committed: () => {}, failed: () => {} });
  const records = Array.from({ length: hours * 240 }, (_, i) => sampleRecord(firstSeq + i, from + i * 15_000, (i % 100) * 1.0));
  for (let i = 0; i < records.length; i += 500) {
    await pipeline.submit({ ...host, streamId: 'stream-01', intervalSeconds: 15, receivedAt, records: records.slice(i, i + 500) });
  }
}

describe('rollups and retention', () => {
  it('rolls each finished hour up into min, mean, max and seconds up per host', async () => {
    await ingestHours(t0, 2, t0 + 2 * HOUR);
    const run = await runRetention(cp.store, DEFAULT_RETENTION, t0 + 2 * HOUR + 11 * 60_000);
    expect(run.hoursRolledUp).toBe(2);
    const rows = cp.store.rollups.range(host.hostId, t0, t0 + HOUR);
    const cpu = rows.find((r) => r.metric === 'cpu_percent');
    expect(cpu).toMatchObject({ min: 0, max: 99, count: 240 });
    expect(cpu!.mean).toBeCloseTo((0 + 99) / 2 * (200 / 240) + (0 + 39) / 2 * (40 / 240), 6);
    expect(rows.find((r) => r.metric === 'seconds_up')).toMatchObject({ min: 3600, max: 3600 });
    expect(rows.find((r) => r.metric === 'disk_used_percent:/var')).toMatchObject({ min: 50, max: 50 });
  });

  it('re-rolls an hour that received samples late, after it was first rolled up', async () => {
    await ingestHours(t0, 1, t0 + HOUR);
    await ingestHours(t0 + HOUR, 1, t0 + 2 * HOUR, 241);
    await runRetention(cp.store, DEFAULT_RETENTION, t0 + 3 * HOUR);
    const before = cp.store.rollups.range(host.hostId, t0, t0 + HOUR).find((r) => r.metric === 'seconds_up');
    expect(before?.count).toBe(240);
    // A replayed outbox delivers extra samples of the first hour hours later (new seqs).
    const pipeline = new IngestPipeline(cp.store, { maxBatchRecords: 10, maxDelayMs: 0 }, { committed: () => {}, failed: () => {} });
    await pipeline.submit({ ...host, streamId: 'stream-02', intervalSeconds: 15, receivedAt: t0 + 5 * HOUR, records: [sampleRecord(1, t0 + 7_500, 100)] });
    await runRetention(cp.store, DEFAULT_RETENTION, t0 + 5 * HOUR);
    const cpu = cp.store.rollups.range(host.hostId, t0, t0 + HOUR).find((r) => r.metric === 'cpu_percent');
    expect(cpu).toMatchObject({ max: 100, count: 241 });
  });

  it('deletes raw samples past retention only after their hours are rolled up', async () => {
    await ingestHours(t0, 1, t0 + HOUR);
    const later = t0 + 15 * DAY;
    const run = await runRetention(cp.store, { ...DEFAULT_RETENTION, chunkRows: 50 }, later);
    expect(run.samplesDeleted).toBe(240);
    expect(cp.store.rollups.range(host.hostId, t0, t0 + HOUR).length).toBeGreaterThan(0);
    expect(cp.store.db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(0);
  });

  it('keeps raw samples that no rollup covers yet, whatever their age', async () => {
    await ingestHours(t0, 1, t0 + HOUR);
    const run = await runRetention(cp.store, { ...DEFAULT_RETENTION, hoursPerRun: 0 }, t0 + 30 * DAY);
    expect(run.samplesDeleted).toBe(0);
  });
});
