/**
 * On-disk record framing: [u32 LE payload length][u32 LE crc32 of payload][payload JSON].
 * A torn or corrupt record fails the length or checksum test, and everything from it on is
 * treated as the unwritten tail of the file.
 */
import { crc32 } from 'node:zlib';

/** Bytes before each payload. */
export const RECORD_HEADER_BYTES = 8;

/** Largest payload the outbox accepts; keeps any single record far below MAX_FRAME_BYTES. */
export const MAX_RECORD_BYTES = 256 * 1024;

/** Record kinds as small numbers, so the in-memory index holds no strings. */
export const KIND_CODES = { sample: 0, facts: 1, 'check-change': 2, gap: 3 } as const;

/** A record's kind code; unknown kinds get 255 and are treated as never droppable. */
export function kindCode(kind: string): number {
  return (KIND_CODES as Record<string, number>)[kind] ?? 255;
}

/** Frames one JSON payload. */
export function encodeRecord(json: string): Buffer {
  const payload = Buffer.from(json, 'utf8');
  const framed = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  framed.writeUInt32LE(payload.length, 0);
  framed.writeUInt32LE(crc32(payload), 4);
  payload.copy(framed, RECORD_HEADER_BYTES);
  return framed;
}

/** What the scanner learns about each intact record. */
export interface ScannedRecord {
  seq: number;
  kind: number;
  at: number;
  /** Offset of the record header in the file. */
  offset: number;
  /** Payload length (without the header). */
  length: number;
  /** For gap records, the range of sample sequence numbers they cover. */
  gap?: { fromSeq: number; toSeq: number };
}

function parseMeta(payload: Buffer): Omit<ScannedRecord, 'offset' | 'length'> | null {
  try {
    const record = JSON.parse(payload.toString('utf8')) as { seq?: unknown; kind?: unknown; at?: unknown; fromSeq?: unknown; toSeq?: unknown };
    if (typeof record.seq !== 'number' || typeof record.kind !== 'string' || typeof record.at !== 'number') return null;
    const meta: Omit<ScannedRecord, 'offset' | 'length'> = { seq: record.seq, kind: kindCode(record.kind), at: record.at };
    if (record.kind === 'gap' && typeof record.fromSeq === 'number' && typeof record.toSeq === 'number') {
      meta.gap = { fromSeq: record.fromSeq, toSeq: record.toSeq };
    }
    return meta;
  } catch {
    return null;
  }
}

/**
 * Reads records from a segment's bytes until the first torn, corrupt or out-of-order one.
 * `validBytes` is where intact data ends; the caller truncates the file there.
 */
export function scanRecords(bytes: Buffer, afterSeq = 0): { records: ScannedRecord[]; validBytes: number } {
  const records: ScannedRecord[] = [];
  let offset = 0;
  let lastSeq = afterSeq;
  while (offset + RECORD_HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const end = offset + RECORD_HEADER_BYTES + length;
    if (length === 0 || length > MAX_RECORD_BYTES || end > bytes.length) break;
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) break;
    const meta = parseMeta(payload);
    if (!meta || meta.seq <= lastSeq) break;
    records.push({ ...meta, offset, length });
    lastSeq = meta.seq;
    offset = end;
  }
  return { records, validBytes: offset };
}
