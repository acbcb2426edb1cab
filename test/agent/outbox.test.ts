import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ReportRecordSchema, type ReportRecord } from '../../protocol/index.ts';
import { Outbox } from '../../agent/outbox/outbox.ts';
import { changeRecord, sampleRecord, tempDir } from './helpers.ts';

const T0 = Date.UTC(2026, 0, 10, 14, 0, 0);

function all(outbox: Outbox): ReportRecord[] {
  return outbox.readAfter(0, { maxRecords: 1_000_000, maxBytes: 1e12 }).payloads.map((p) => JSON.parse(p) as ReportRecord);
}

function segments(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('seg-')).sort();
}

describe('outbox', () => {
  it('assigns increasing seqs from 1 and reads records back in order', () => {
    const outbox = Outbox.open(tempDir());
    expect([0, 1, 2].map((i) => outbox.append(sampleRecord(T0 + i)))).toEqual([1, 2, 3]);
    const records = all(outbox);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records.map((r) => r.at)).toEqual([T0, T0 + 1, T0 + 2]);
    for (const record of records) expect(Value.Check(ReportRecordSchema, record)).toBe(true);
  });

  it('generates a protocol-valid stream id once per directory and keeps it across opens', () => {
    const dir = tempDir();
    const first = Outbox.open(dir);
    first.close();
    expect(first.streamId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(Outbox.open(dir).streamId).toBe(first.streamId);
    expect(Outbox.open(tempDir()).streamId).not.toBe(first.streamId);
  });

  it('reads at most maxRecords and about maxBytes per batch, starting after the given seq', () => {
    const outbox = Outbox.open(tempDir(), { segmentBytes: 2048 });
    for (let i = 0; i < 40; i += 1) outbox.append(sampleRecord(T0 + i));
    const batch = outbox.readAfter(10, { maxRecords: 5, maxBytes: 1e9 });
    expect(batch.payloads.map((p) => (JSON.parse(p) as ReportRecord).seq)).toEqual([11, 12, 13, 14, 15]);
    expect(batch.lastSeq).toBe(15);
    const size = Buffer.byteLength(batch.payloads[0]);
    const small = outbox.readAfter(0, { maxRecords: 100, maxBytes: size * 3 + 1 });
    expect(small.payloads).toHaveLength(3);
    expect(outbox.readAfter(40, { maxRecords: 5, maxBytes: 1e9 })).toEqual({ payloads: [], lastSeq: 40 });
  });

  it('drops acknowledged records and deletes segments only once all their records are acknowledged', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { segmentBytes: 2048 });
    for (let i = 0; i < 30; i += 1) outbox.append(sampleRecord(T0 + i));
    const before = segments(dir).length;
    expect(before).toBeGreaterThan(3);
    outbox.ack(12);
    expect(outbox.pendingCount).toBe(18);
    expect(outbox.readAfter(0, { maxRecords: 100, maxBytes: 1e9 }).payloads.map((p) => (JSON.parse(p) as ReportRecord).seq)[0]).toBe(13);
    expect(segments(dir).length).toBeLessThan(before);
    outbox.ack(5);
    expect(outbox.ackedSeq).toBe(12);
    outbox.ack(30);
    expect(outbox.pendingCount).toBe(0);
    expect(segments(dir).length).toBeLessThanOrEqual(1);
  });

  it('keeps pending records, the ack and the seq counter across a restart', () => {
    const dir = tempDir();
    const first = Outbox.open(dir, { segmentBytes: 2048 });
    for (let i = 0; i < 20; i += 1) first.append(sampleRecord(T0 + i));
    first.ack(7);
    first.close();
    const second = Outbox.open(dir, { segmentBytes: 2048 });
    expect(second.ackedSeq).toBe(7);
    expect(all(second).map((r) => r.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 8));
    expect(second.append(sampleRecord(T0 + 99))).toBe(21);
  });

  it('never reuses a seq after everything was acknowledged and the segments deleted, even without close()', () => {
    const dir = tempDir();
    const first = Outbox.open(dir, { segmentBytes: 1024 });
    for (let i = 0; i < 10; i += 1) first.append(sampleRecord(T0 + i));
    first.ack(10);
    const second = Outbox.open(dir, { segmentBytes: 1024 });
    expect(segments(dir)).toEqual([]);
    expect(second.pendingCount).toBe(0);
    expect(second.append(sampleRecord(T0 + 10))).toBe(11);
  });

  it('keeps every record before a torn tail and continues the seqs after it', () => {
    const dir = tempDir();
    const first = Outbox.open(dir);
    for (let i = 0; i < 5; i += 1) first.append(sampleRecord(T0 + i));
    const [segment] = segments(dir);
    const size = statSync(join(dir, segment)).size;
    truncateSync(join(dir, segment), size - 7);
    const second = Outbox.open(dir);
    expect(all(second).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(second.append(sampleRecord(T0 + 5))).toBe(5);
    expect(all(Outbox.open(dir)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('cuts a record whose checksum does not match, and everything after it', () => {
    const dir = tempDir();
    const first = Outbox.open(dir);
    for (let i = 0; i < 3; i += 1) first.append(sampleRecord(T0 + i));
    const path = join(dir, segments(dir)[0]);
    const bytes = readFileSync(path);
    const secondStart = 8 + bytes.readUInt32LE(0);
    bytes[secondStart + 20] ^= 0xff;
    writeFileSync(path, bytes);
    expect(all(Outbox.open(dir)).map((r) => r.seq)).toEqual([1]);
  });

  it('removes a half-written temp file left by a crash during a rewrite', () => {
    const dir = tempDir();
    Outbox.open(dir).append(sampleRecord(T0));
    writeFileSync(join(dir, 'seg-0000000000000001.log.123.tmp'), 'partial');
    Outbox.open(dir);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('drops the oldest samples when full, keeps other kinds, and writes a gap record saying what went', () => {
    const outbox = Outbox.open(tempDir(), { maxBytes: 16 * 1024, segmentBytes: 4096 });
    outbox.append(changeRecord(T0));
    for (let i = 1; i <= 200; i += 1) outbox.append(sampleRecord(T0 + i * 1000));
    expect(outbox.sizeBytes).toBeLessThanOrEqual(16 * 1024);
    const records = all(outbox);
    const gaps = records.filter((r) => r.kind === 'gap');
    expect(gaps.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ seq: 1, kind: 'check-change' });
    const present = new Set(records.map((r) => r.seq));
    const covered = new Set<number>();
    for (const gap of gaps) {
      if (gap.kind !== 'gap') continue;
      expect(gap).toMatchObject({ reason: 'outbox-full' });
      expect(gap.fromAt).toBeLessThanOrEqual(gap.toAt);
      for (let s = gap.fromSeq; s <= gap.toSeq; s += 1) if (!present.has(s)) covered.add(s);
    }
    const droppedTotal = gaps.reduce((n, g) => n + (g.kind === 'gap' ? g.droppedCount : 0), 0);
    expect(covered.size).toBe(droppedTotal);
    const maxSeq = Math.max(...present);
    for (let s = 1; s <= maxSeq; s += 1) expect(present.has(s) || covered.has(s)).toBe(true);
    for (const record of records) expect(Value.Check(ReportRecordSchema, record)).toBe(true);
  });

  it('grows past its cap rather than drop records that are never droppable', () => {
    const outbox = Outbox.open(tempDir(), { maxBytes: 4096, segmentBytes: 1024 });
    for (let i = 0; i < 60; i += 1) outbox.append(changeRecord(T0 + i));
    expect(all(outbox)).toHaveLength(60);
    expect(outbox.sizeBytes).toBeGreaterThan(4096);
  });

  it('finishes a drop whose gap record was written before a crash stopped the rewrite', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    for (let i = 0; i < 4; i += 1) outbox.append(sampleRecord(T0 + i));
    outbox.append({ kind: 'gap', at: T0 + 10, reason: 'outbox-full', fromSeq: 1, toSeq: 3, droppedCount: 3, fromAt: T0, toAt: T0 + 2 });
    const reopened = Outbox.open(dir);
    expect(all(reopened).map((r) => `${r.seq}:${r.kind}`)).toEqual(['4:sample', '5:gap']);
  });

  it('skips past the server when the server acknowledged more than this outbox wrote', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    outbox.append(sampleRecord(T0));
    outbox.resume(41);
    expect(outbox.pendingCount).toBe(0);
    expect(outbox.append(sampleRecord(T0 + 1))).toBe(42);
    expect(Outbox.open(dir).append(sampleRecord(T0 + 2))).toBe(43);
  });

  it('refuses a record larger than the per-record limit', () => {
    const outbox = Outbox.open(tempDir());
    const huge = { ...changeRecord(T0), message: 'x'.repeat(300 * 1024) };
    expect(() => outbox.append(huge)).toThrow(/exceeds/);
    expect(outbox.lastSeq).toBe(0);
  });
});
