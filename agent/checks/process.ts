/** Process check: how many processes with a given name run, read from /proc. */
import { basename } from 'node:path';
import { Type } from '@sinclair/typebox';
import { ProcessTable } from '../collectors/processes.ts';
import { checkSchema, defineCheck } from './contract.ts';

/**
 * True when a process is `name`: its comm or the base name of its argv[0] equals the name
 * (argv[0] matters for names past the 15 characters the kernel keeps in comm). `cmdline` is
 * /proc/PID/cmdline or just its argv[0].
 */
export function processMatches(name: string, comm: string, cmdline: string): boolean {
  const argv0 = cmdline.split('\0')[0] ?? '';
  return comm.trim() === name || basename(argv0) === name;
}

/** Counts processes named `name` in a round's process table. */
export function countProcesses(name: string, table: ProcessTable): number {
  let count = 0;
  for (const entry of table.names()) if (processMatches(name, entry.comm, entry.argv0)) count += 1;
  return count;
}

/** The process check. */
export const processCheck = defineCheck({
  kind: 'process',
  schema: checkSchema('process', {
    process: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/]+$', hint: 'a process name without a path, e.g. nginx' }),
    minCount: Type.Optional(Type.Integer({ minimum: 0, hint: 'a whole number, e.g. 1' })),
    maxCount: Type.Optional(Type.Integer({ minimum: 1, hint: 'a whole number, e.g. 8' })),
  }),
  async run(check, context) {
    let count: number;
    try {
      count = countProcesses(check.process, context.processes ?? new ProcessTable());
    } catch (error) {
      return { status: 'unknown', message: `cannot read /proc: ${(error as Error).message}` };
    }
    const min = check.minCount ?? 1;
    if (count < min) return { status: 'critical', message: `${count} ${check.process} processes running, expected at least ${min}` };
    if (check.maxCount !== undefined && count > check.maxCount) {
      return { status: 'warning', message: `${count} ${check.process} processes running, expected at most ${check.maxCount}` };
    }
    return { status: 'ok', message: `${count} ${check.process} processes running` };
  },
});
