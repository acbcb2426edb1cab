/**
 * One running agent per state directory: two writers would hand out the same seqs. The lock
 * is a file holding the owner's pid; a lock whose pid is gone (kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the state directory's lock or throws STATE_LOCKED; returns the release function. */
export function lockStateDir(stateDir: string): () => void {
  const path = join(stateDir, 'agent.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path)) return () => rmSync(path, { force: true });
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
      throw Object.assign(new Error(`another agent (pid ${owner}) is running with state directory ${stateDir}`), { code: 'STATE_LOCKED' });
    }
    rmSync(path, { force: true });
  }
  throw Object.assign(new Error(`cannot take the lock ${path}`), { code: 'STATE_LOCKED' });
}
