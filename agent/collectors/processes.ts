/** Process count: the numeric directories of /proc. */
import { readdirSync } from 'node:fs';

/** Counts entries that are process ids. */
export function countPidEntries(entries: readonly string[]): number {
  let count = 0;
  for (const entry of entries) if (/^\d+$/.test(entry)) count += 1;
  return count;
}

/** Number of processes running now. */
export function countAllProcesses(procRoot = '/proc'): number {
  return countPidEntries(readdirSync(procRoot));
}
