/**
 * A pid file in the data directory marks a running server, so `tideway admin restore`
 * can refuse to replace the database under it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const lockPath = (dataDir: string) => join(dataDir, 'server.pid');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live server using `dataDir`, or null. */
export function runningServerPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function acquireServerLock(dataDir: string): () => void {
  const other = runningServerPid(dataDir);
  if (other !== null) throw new Error(`another Tideway server (pid ${other}) is using ${dataDir}`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(lockPath(dataDir), `${process.pid}\n`);
  return () => rmSync(lockPath(dataDir), { force: true });
}
