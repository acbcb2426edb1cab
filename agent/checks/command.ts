/**
 * Command check: runs an entry of the local `commands` allow-list and maps its exit code as
 * monitoring plugins do (0 ok, 1 warning, 2 critical, 3 unknown).
 */
import { Type } from '@sinclair/typebox';
import type { CheckStatusValue } from '../../protocol/index.ts';
import { runAllowedCommand } from '../commands.ts';
import { checkSchema, defineCheck } from './contract.ts';

const EXIT_STATUS: readonly CheckStatusValue[] = ['ok', 'warning', 'critical', 'unknown'];

/** Plugin exit-code convention; any other code (or none) is unknown. */
export function exitCodeStatus(exitCode: number | null): CheckStatusValue {
  return exitCode !== null && Number.isInteger(exitCode) && exitCode >= 0 && exitCode < EXIT_STATUS.length ? EXIT_STATUS[exitCode] : 'unknown';
}

/** The command check. */
export const commandCheck = defineCheck({
  kind: 'command',
  schema: checkSchema('command', {
    command: Type.String({ minLength: 1, maxLength: 128, hint: 'the name of an entry under commands:, e.g. check-queue' }),
  }),
  problems(check, config) {
    return Object.hasOwn(config.commands, check.command)
      ? []
      : [`command: '${check.command}' is not in commands; add it under commands: with its path, e.g. ${check.command}: { path: /usr/local/bin/${check.command} }`];
  },
  async run(check, context) {
    try {
      const result = await runAllowedCommand(context.commands, check.command, { timeoutMs: check.timeoutMs });
      if (result.spawnError) return { status: 'unknown', message: `cannot run ${check.command}: ${result.spawnError}`, latencyMs: result.durationMs };
      if (result.timedOut) return { status: 'unknown', message: `${check.command} timed out after ${result.durationMs} ms`, latencyMs: result.durationMs };
      const status = exitCodeStatus(result.exitCode);
      const how = result.exitCode === null ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
      return { status, message: result.outputTail || `${check.command}: ${how}`, latencyMs: result.durationMs };
    } catch (error) {
      return { status: 'unknown', message: (error as Error).message };
    }
  },
});
