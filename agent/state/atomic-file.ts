/** Whole-file replacement that a crash can never leave half-written. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to a temp file beside `path` and renames it over `path`, so readers see
 * the old or the new content, never a mix. With `durable`, the file and its directory are
 * fsynced too, which also survives power loss (used for rare, important state only).
 */
export function writeFileAtomic(path: string, data: string | Buffer, options: { mode?: number; durable?: boolean } = {}): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', options.mode ?? 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (options.durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
  if (options.durable) fsyncDirectory(dirname(path));
}

/** Flushes a directory entry (a rename or an unlink) to disk. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
