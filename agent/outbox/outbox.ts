/**
 * Durable outbox: every record is on disk, with its stream seq, before it is sent; records
 * leave only when the server acknowledges them or, for `sample` records, when the outbox is
 * over its cap (a `gap` record then tells the server what was dropped).
 *
 * Durability: each record is framed and written with a single write(2) and no fsync. Data in
 * the page cache survives `kill -9` of the agent at any instant; a torn tail (power loss, disk
 * full) fails its length/crc check and is cut off at open, keeping every record before it.
 * The state file (ack and last seq) is replaced atomically and fsynced; it changes rarely.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DROPPABLE_RECORD_KINDS, type NewReportRecord } from '../../protocol/index.ts';
import { silentLogger, type Logger } from '../log.ts';
import { KIND_CODES, MAX_RECORD_BYTES, RECORD_HEADER_BYTES, encodeRecord, kindCode, type ScannedRecord } from './codec.ts';
import { Segment, isSegmentFileName, segmentPath } from './segment.ts';
import { newStreamId, readStreamState, writeStreamState, type StreamState } from './stream-state.ts';

/** Default cap on the outbox's bytes on disk. */
export const DEFAULT_OUTBOX_MAX_BYTES = 64 * 1024 * 1024;

/** Outbox tuning; tests use small sizes to reach rollover and the cap quickly. */
export interface OutboxOptions {
  maxBytes?: number;
  /** A segment is closed for appends past this size; acknowledged segments are deleted whole. */
  segmentBytes?: number;
  now?: () => number;
  log?: Logger;
}

const DROPPABLE_CODES = new Set([...DROPPABLE_RECORD_KINDS].map((kind) => kindCode(kind)));
const SAMPLE = KIND_CODES.sample;

/** Bytes kept free for a gap record (about 200 framed); see makeRoom. */
const GAP_RECORD_RESERVE_BYTES = 512;

/** The on-disk outbox of one state directory. Not safe for two processes at once. */
export class Outbox {
  private segments: Segment[] = [];
  private fd: number | null = null;
  private totalBytes = 0;
  private warnedOverCap = false;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly now: () => number;
  private readonly log: Logger;

  private constructor(private readonly dir: string, private readonly state: StreamState, options: OutboxOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_OUTBOX_MAX_BYTES;
    this.segmentBytes = options.segmentBytes ?? Math.max(64 * 1024, Math.min(1024 * 1024, Math.floor(this.maxBytes / 16)));
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
  }

  /** Opens (or creates) the outbox in `dir`, recovering from whatever a crash left behind. */
  static open(dir: string, options: OutboxOptions = {}): Outbox {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const statePath = join(dir, 'state.json');
    const state = readStreamState(statePath) ?? { streamId: '', ackedSeq: 0, lastSeq: 0 };
    const outbox = new Outbox(dir, state, options);
    if (!state.streamId) outbox.createStream();
    const gaps = outbox.loadSegments();
    outbox.redoGapDrops(gaps);
    for (const segment of outbox.segments) segment.advanceHead(state.ackedSeq);
    outbox.deleteAckedSegments(true);
    return outbox;
  }

  /** The stream id sent in `hello`. */
  get streamId(): string {
    return this.state.streamId;
  }

  /** Highest seq ever assigned by this state directory. */
  get lastSeq(): number {
    return this.state.lastSeq;
  }

  /** Highest seq the server acknowledged. */
  get ackedSeq(): number {
    return this.state.ackedSeq;
  }

  /** Records written and not yet acknowledged. */
  get pendingCount(): number {
    return this.segments.reduce((sum, segment) => sum + segment.liveCount, 0);
  }

  /** Bytes of segment files on disk. */
  get sizeBytes(): number {
    return this.totalBytes;
  }

  /** Assigns the next seq, writes the record to disk and returns the seq. */
  append(record: NewReportRecord): number {
    const estimate = Buffer.byteLength(JSON.stringify(record)) + RECORD_HEADER_BYTES + 32;
    if (estimate > MAX_RECORD_BYTES) {
      throw Object.assign(new Error(`outbox record of ${estimate} bytes exceeds ${MAX_RECORD_BYTES}`), { code: 'OUTBOX_RECORD_TOO_LARGE' });
    }
    this.makeRoom(estimate);
    return this.write(record);
  }

  /** The server committed every record up to `seq`: forget them and delete finished segments. */
  ack(seq: number): void {
    const target = Math.min(seq, this.state.lastSeq);
    if (target <= this.state.ackedSeq) return;
    this.state.ackedSeq = target;
    for (const segment of this.segments) segment.advanceHead(target);
    this.deleteAckedSegments(false);
  }

  /** Applies a `welcome`'s ackedSeq; a server ahead of this outbox moves its seqs past the server's. */
  resume(serverAckedSeq: number): void {
    if (serverAckedSeq > this.state.lastSeq) {
      // The server holds seqs this directory no longer remembers (restored from an older
      // copy, say): jump past them, because a reused seq would be deduplicated away.
      this.log.warn('server acknowledged more than this outbox ever wrote; skipping ahead', {
        serverAckedSeq,
        lastSeq: this.state.lastSeq,
      });
      this.state.lastSeq = serverAckedSeq;
      writeStreamState(this.statePath, this.state);
    }
    this.ack(serverAckedSeq);
  }

  /** Raw JSON payloads of the records after `afterSeq`, oldest first, within the limits. */
  readAfter(afterSeq: number, limits: { maxRecords: number; maxBytes: number }): { payloads: string[]; lastSeq: number } {
    const payloads: string[] = [];
    let bytes = 0;
    let lastSeq = afterSeq;
    for (const segment of this.segments) {
      if (segment.lastSeq <= afterSeq) continue;
      const from = segment.indexAfter(afterSeq);
      let to = from;
      while (to < segment.count && payloads.length + (to - from) < limits.maxRecords) {
        const first = payloads.length === 0 && to === from;
        if (!first && bytes + segment.lengths[to] > limits.maxBytes) break;
        bytes += segment.lengths[to];
        to += 1;
      }
      payloads.push(...segment.readPayloads(from, to));
      if (to > from) lastSeq = segment.seqs[to - 1];
      if (to < segment.count) break;
    }
    return { payloads, lastSeq };
  }

  /** Closes the append handle and saves the state file. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    writeStreamState(this.statePath, this.state);
  }

  private get statePath(): string {
    return join(this.dir, 'state.json');
  }

  private createStream(): void {
    this.state.streamId = newStreamId();
    writeStreamState(this.statePath, this.state);
  }

  private loadSegments(): ScannedRecord[] {
    const names = readdirSync(this.dir);
    for (const name of names) if (name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
    const gaps: ScannedRecord[] = [];
    let lastSeq = 0;
    for (const name of names.filter(isSegmentFileName).sort()) {
      const loaded = Segment.load(join(this.dir, name), lastSeq);
      if (loaded.truncatedBytes > 0) {
        this.log.warn('outbox segment had a torn or corrupt tail; cut it off', { segment: name, bytes: loaded.truncatedBytes });
      }
      if (loaded.segment.count === 0) {
        loaded.segment.remove();
        continue;
      }
      this.segments.push(loaded.segment);
      this.totalBytes += loaded.segment.sizeBytes;
      gaps.push(...loaded.gaps);
      lastSeq = loaded.segment.lastSeq;
    }
    this.state.lastSeq = Math.max(this.state.lastSeq, this.state.ackedSeq, lastSeq);
    return gaps;
  }

  /** Finishes drops whose gap record reached the disk before a crash stopped the rewrite. */
  private redoGapDrops(gaps: ScannedRecord[]): void {
    for (const gap of gaps) {
      const range = gap.gap!;
      for (const segment of this.segments) {
        if (segment.lastSeq >= range.fromSeq && segment.seqs[0] <= range.toSeq) this.dropSamples(segment, range.fromSeq, range.toSeq);
      }
    }
  }

  private makeRoom(needBytes: number): void {
    // Room for the write-ahead gap record as well, so the outbox stays within its cap even
    // between writing a gap and dropping the samples it names.
    while (this.totalBytes + needBytes + GAP_RECORD_RESERVE_BYTES > this.maxBytes) {
      const segment = this.segments.find((s) => this.liveDroppable(s).length > 0);
      if (!segment) {
        if (!this.warnedOverCap) this.log.warn('outbox holds only records that are never dropped; growing past its cap', { sizeBytes: this.totalBytes });
        this.warnedOverCap = true;
        return;
      }
      const dropped = this.liveDroppable(segment);
      const fromSeq = segment.seqs[dropped[0]];
      const toSeq = segment.seqs[dropped[dropped.length - 1]];
      const ats = dropped.map((i) => segment.ats[i]);
      // Write-ahead: the gap record is on disk before the samples go; open() redoes the drop
      // for any gap whose samples are still there, so a crash in between loses nothing.
      this.write({
        kind: 'gap', at: this.now(), reason: 'outbox-full', fromSeq, toSeq,
        droppedCount: dropped.length, fromAt: Math.min(...ats), toAt: Math.max(...ats),
      });
      this.dropSamples(segment, fromSeq, toSeq);
    }
  }

  private liveDroppable(segment: Segment): number[] {
    const found: number[] = [];
    for (let i = segment.head; i < segment.count; i += 1) if (DROPPABLE_CODES.has(segment.kinds[i])) found.push(i);
    return found;
  }

  private dropSamples(segment: Segment, fromSeq: number, toSeq: number): void {
    const inRange = (i: number) => segment.kinds[i] === SAMPLE && segment.seqs[i] >= fromSeq && segment.seqs[i] <= toSeq;
    if (!segment.seqs.some((_, i) => i >= segment.head && inRange(i))) return;
    if (this.isLast(segment)) this.closeFd();
    const before = segment.sizeBytes;
    segment.rewrite((i) => !inRange(i));
    this.totalBytes += segment.sizeBytes - before;
    if (segment.count === 0 && !this.isLast(segment)) {
      segment.remove();
      this.segments = this.segments.filter((s) => s !== segment);
    }
  }

  private write(record: NewReportRecord): number {
    const seq = this.state.lastSeq + 1;
    const framed = encodeRecord(JSON.stringify({ seq, ...record }));
    let segment = this.segments[this.segments.length - 1];
    if (!segment || (segment.count > 0 && segment.sizeBytes + framed.length > this.segmentBytes)) segment = this.startSegment(seq);
    const fd = this.appendFd(segment);
    try {
      let written = 0;
      while (written < framed.length) written += writeSync(fd, framed, written, framed.length - written);
    } catch (error) {
      // A partial write (disk full) would hide every later record behind a torn one: cut it.
      ftruncateSync(fd, segment.sizeBytes);
      throw error;
    }
    segment.add({ seq, kind: kindCode(record.kind), at: record.at, offset: segment.sizeBytes, length: framed.length - RECORD_HEADER_BYTES });
    segment.sizeBytes += framed.length;
    this.totalBytes += framed.length;
    this.state.lastSeq = seq;
    return seq;
  }

  private startSegment(seq: number): Segment {
    this.closeFd();
    const segment = new Segment(segmentPath(this.dir, seq));
    this.segments.push(segment);
    return segment;
  }

  private appendFd(segment: Segment): number {
    this.fd ??= openSync(segment.path, 'a', 0o600);
    return this.fd;
  }

  private closeFd(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private isLast(segment: Segment): boolean {
    return this.segments[this.segments.length - 1] === segment;
  }

  /**
   * Deletes fully acknowledged segments. The last (append) segment stays until it is full, so
   * a connected agent does not create, fsync and delete a file for every record; at open it
   * goes too, so restarts start clean.
   */
  private deleteAckedSegments(includeLast: boolean): void {
    const done = this.segments.filter(
      (s) => s.lastSeq <= this.state.ackedSeq && (includeLast || !this.isLast(s) || s.sizeBytes >= this.segmentBytes),
    );
    if (done.length === 0) return;
    // The state file must hold ackedSeq (>= every deleted seq) before the files go, or a
    // restart could hand out those seqs again.
    writeStreamState(this.statePath, this.state);
    for (const segment of done) {
      if (this.isLast(segment)) this.closeFd();
      segment.remove();
      this.totalBytes -= segment.sizeBytes;
    }
    this.segments = this.segments.filter((s) => !done.includes(s));
  }
}
