/**
 * One outbox segment file and its in-memory index. The index holds numbers only (seq, offset,
 * length, kind, at), never payloads: payloads are read back from disk when sent.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.ts';
import { RECORD_HEADER_BYTES, scanRecords, type ScannedRecord } from './codec.ts';

/** Segment file name for a segment whose first record has `seq`; names sort in seq order. */
export function segmentFileName(seq: number): string {
  return `seg-${String(seq).padStart(16, '0')}.log`;
}

/** True for names written by segmentFileName. */
export function isSegmentFileName(name: string): boolean {
  return /^seg-\d{16}\.log$/.test(name);
}

/** A segment's index; entries before `head` are acknowledged but still in the file. */
export class Segment {
  readonly seqs: number[] = [];
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  readonly kinds: number[] = [];
  readonly ats: number[] = [];
  head = 0;
  sizeBytes = 0;

  constructor(readonly path: string) {}

  /** Indexes an existing file, truncating a torn or corrupt tail; returns the gap records found. */
  static load(path: string, afterSeq: number): { segment: Segment; gaps: ScannedRecord[]; truncatedBytes: number } {
    const bytes = readFileSync(path);
    const { records, validBytes } = scanRecords(bytes, afterSeq);
    if (validBytes < bytes.length) {
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, validBytes);
      } finally {
        closeSync(fd);
      }
    }
    const segment = new Segment(path);
    for (const record of records) segment.add(record);
    segment.sizeBytes = validBytes;
    return { segment, gaps: records.filter((r) => r.gap), truncatedBytes: bytes.length - validBytes };
  }

  get name(): string {
    return basename(this.path);
  }

  get count(): number {
    return this.seqs.length;
  }

  get liveCount(): number {
    return this.seqs.length - this.head;
  }

  get lastSeq(): number {
    return this.seqs.length ? this.seqs[this.seqs.length - 1] : 0;
  }

  /** Adds an index entry for a record just written at `offset`. */
  add(record: Pick<ScannedRecord, 'seq' | 'kind' | 'at' | 'offset' | 'length'>): void {
    this.seqs.push(record.seq);
    this.offsets.push(record.offset);
    this.lengths.push(record.length);
    this.kinds.push(record.kind);
    this.ats.push(record.at);
  }

  /** Marks entries with seq <= ackedSeq as acknowledged. */
  advanceHead(ackedSeq: number): void {
    while (this.head < this.seqs.length && this.seqs[this.head] <= ackedSeq) this.head += 1;
  }

  /** Index of the first entry with seq > `seq` (binary search; seqs are increasing). */
  indexAfter(seq: number): number {
    let low = this.head;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid] <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Reads the payloads of entries [from, to) with one read call. */
  readPayloads(from: number, to: number): string[] {
    if (from >= to) return [];
    const start = this.offsets[from];
    const end = this.offsets[to - 1] + RECORD_HEADER_BYTES + this.lengths[to - 1];
    const buffer = Buffer.allocUnsafe(end - start);
    const fd = openSync(this.path, 'r');
    try {
      let read = 0;
      while (read < buffer.length) {
        const n = readSync(fd, buffer, read, buffer.length - read, start + read);
        if (n === 0) throw Object.assign(new Error(`outbox segment ${this.path} is shorter than its index`), { code: 'OUTBOX_CORRUPT' });
        read += n;
      }
    } finally {
      closeSync(fd);
    }
    const payloads: string[] = [];
    for (let i = from; i < to; i += 1) {
      const at = this.offsets[i] - start + RECORD_HEADER_BYTES;
      payloads.push(buffer.toString('utf8', at, at + this.lengths[i]));
    }
    return payloads;
  }

  /**
   * Replaces the file with only the live entries `keep` accepts (temp file + rename, so a
   * crash leaves the old or the new file) and rebuilds the index. Acknowledged entries go too.
   */
  rewrite(keep: (index: number) => boolean): void {
    const old = readFileSync(this.path);
    const kept: number[] = [];
    for (let i = this.head; i < this.seqs.length; i += 1) if (keep(i)) kept.push(i);
    const parts = kept.map((i) => old.subarray(this.offsets[i], this.offsets[i] + RECORD_HEADER_BYTES + this.lengths[i]));
    writeFileAtomic(this.path, Buffer.concat(parts));
    const columns = kept.map((i) => ({ seq: this.seqs[i], kind: this.kinds[i], at: this.ats[i], length: this.lengths[i] }));
    for (const column of [this.seqs, this.offsets, this.lengths, this.kinds, this.ats]) column.length = 0;
    this.head = 0;
    let offset = 0;
    for (const entry of columns) {
      this.add({ ...entry, offset });
      offset += RECORD_HEADER_BYTES + entry.length;
    }
    this.sizeBytes = offset;
  }

  /** Deletes the file. */
  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** Full path of a segment file in `dir`. */
export function segmentPath(dir: string, seq: number): string {
  return join(dir, segmentFileName(seq));
}
