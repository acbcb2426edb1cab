/**
 * The outbox's small state file: the stream id (made once per state directory), the highest
 * acknowledged seq and the highest assigned seq. It is what keeps sequence numbers from being
 * reused after every segment has been acknowledged and deleted.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../state/atomic-file.ts';

/** Persisted outbox state. */
export interface StreamState {
  streamId: string;
  ackedSeq: number;
  lastSeq: number;
}

/** A fresh stream id matching the protocol's `^[A-Za-z0-9_-]{8,64}$`. */
export function newStreamId(): string {
  return randomBytes(16).toString('base64url');
}

function isStreamState(value: unknown): value is StreamState {
  const v = value as StreamState;
  return (
    typeof v === 'object' && v !== null && typeof v.streamId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v.streamId) &&
    Number.isSafeInteger(v.ackedSeq) && v.ackedSeq >= 0 && Number.isSafeInteger(v.lastSeq) && v.lastSeq >= v.ackedSeq
  );
}

/** Reads the state file; null when it does not exist. A damaged file is an error, never a silent reset. */
export function readStreamState(path: string): StreamState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isStreamState(parsed)) throw Object.assign(new Error(`outbox state file ${path} is damaged`), { code: 'OUTBOX_STATE_INVALID' });
  return parsed;
}

/**
 * Replaces the state file durably (fsync): it is written only before segments are deleted,
 * on resume and at close, so the cost is small and a power loss cannot roll seqs back.
 */
export function writeStreamState(path: string, state: StreamState): void {
  writeFileAtomic(path, `${JSON.stringify(state)}\n`, { durable: true });
}
