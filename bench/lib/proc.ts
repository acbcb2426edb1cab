/** A process's memory and CPU as Linux reports them in /proc, for footprint figures. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of CPU times in /proc/PID/stat. */
export const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Resident set size (VmRSS) in bytes. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Resident memory split into anonymous (heaps, stacks) and file-backed (the executable's code) bytes. */
export function rssSplit(pid: number): { anonBytes: number; fileBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { anonBytes: kB('RssAnon'), fileBytes: kB('RssFile') };
}

/** CPU time used, in milliseconds: user + system, plus (unless `withChildren` is false) that of reaped children (a check's commands). */
export function cpuMs(pid: number, withChildren = true): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return ((utime + stime + (withChildren ? cutime + cstime : 0)) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Pids of the live direct children of `pid`. */
export function childPids(pid: number): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(entry)] : [];
    } catch {
      return []; // ended while the list was read
    }
  });
}

/** CPU of `pids` in ms, skipping any that ended since they were listed. */
export function sumCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      return sum + cpuMs(pid, false);
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * CPU time of a process and its direct children, in milliseconds: the live children's own, and
 * the reaped ones' through the parent's cumulative child times (a PostgreSQL postmaster and its
 * backends). A child that exits between two readings is counted once either way, save for the
 * instant between reading it and reading the parent.
 */
export function familyCpuMs(pid: number): number {
  return sumCpuMs(childPids(pid)) + cpuMs(pid);
}

/** Local ports of the TCP connections process `pid` holds open to port `remotePort` (loopback or not). */
export function tcpClientPorts(pid: number, remotePort: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed while the list was read
    }
  }
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1)) {
      const [, local, remote, , , , , , , inode] = line.trim().split(/\s+/);
      if (inodes.has(inode!) && parseInt(remote!.split(':')[1]!, 16) === remotePort) ports.add(parseInt(local!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/** Samples a process's RSS every `everyMs` until stopped; keeps the peak and the last reading. */
export function sampleRss(pid: number, everyMs = 1000): { stop(): { peakBytes: number; lastBytes: number } } {
  let peakBytes = 0;
  let lastBytes = 0;
  const read = () => {
    try {
      lastBytes = rssBytes(pid);
      peakBytes = Math.max(peakBytes, lastBytes);
    } catch {
      // The process ended between two samples: keep what was read.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { peakBytes, lastBytes };
    },
  };
}

/** Soft and hard limits on open files of this process. */
export function openFileLimits(): { soft: number; hard: number } {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const value = (text: string | undefined) => (text === undefined || text === 'unlimited' ? Infinity : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

/** Bytes in a mebibyte. */
export const MiB = 1024 * 1024;
