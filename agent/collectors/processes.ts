/**
 * Processes from /proc: the pid directories and each process's names, read at most once per
 * collection round and shared by the process count and every process check of that round.
 */
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';

/** A process's names: its comm (as the kernel keeps it, up to 15 characters) and its argv[0]. */
export interface ProcessNames {
  comm: string;
  argv0: string;
}

const HEAD_BYTES = 4096;
const head = Buffer.alloc(HEAD_BYTES);

// One open/read/close into a reused buffer: /proc files report size 0, so readFileSync would
// fstat, allocate and read until a second, empty read. comm and argv[0] fit the first read.
function readHead(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, head, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
}

function readNames(dir: string): ProcessNames {
  const commBytes = readHead(`${dir}/comm`);
  const comm = head.toString('utf8', 0, head[commBytes - 1] === 0x0a ? commBytes - 1 : commBytes);
  const cmdlineBytes = readHead(`${dir}/cmdline`);
  const nul = head.subarray(0, cmdlineBytes).indexOf(0);
  if (nul >= 0 || cmdlineBytes < HEAD_BYTES) return { comm, argv0: head.toString('utf8', 0, nul >= 0 ? nul : cmdlineBytes) };
  // An argv[0] longer than the first read: rare enough to read the whole file.
  return { comm, argv0: readFileSync(`${dir}/cmdline`, 'utf8').split('\0')[0] };
}

/** One round's view of /proc, each part read lazily and then kept. */
export class ProcessTable {
  private pidList: string[] | undefined;
  private nameList: ProcessNames[] | undefined;

  constructor(private readonly procRoot = '/proc') {}

  /** The pids running now (the numeric entries of /proc). */
  pids(): readonly string[] {
    this.pidList ??= readdirSync(this.procRoot).filter((entry) => /^\d+$/.test(entry));
    return this.pidList;
  }

  /** Names of the processes that still ran when they were read (one that exited is left out). */
  names(): readonly ProcessNames[] {
    if (this.nameList) return this.nameList;
    const names: ProcessNames[] = [];
    for (const pid of this.pids()) {
      try {
        names.push(readNames(`${this.procRoot}/${pid}`));
      } catch {
        // The process exited between readdir and read: it is simply not there.
      }
    }
    this.nameList = names;
    return names;
  }
}
