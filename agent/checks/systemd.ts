/** systemd unit check: `systemctl is-active UNIT`, unknown where systemctl is absent. */
import { execFile } from 'node:child_process';
import { Type } from '@sinclair/typebox';
import type { CheckStatusValue } from '../../protocol/index.ts';
import { tail } from '../commands.ts';
import { DEFAULT_CHECK_TIMEOUT_MS, checkSchema, defineCheck, type CheckOutcome } from './contract.ts';

const STATES: Record<string, CheckStatusValue> = {
  active: 'ok',
  reloading: 'warning',
  activating: 'warning',
  refreshing: 'warning',
  inactive: 'critical',
  failed: 'critical',
  deactivating: 'critical',
};

/** Maps `systemctl is-active` output to a verdict; anything unrecognised is unknown. */
export function systemdVerdict(unit: string, output: string): CheckOutcome {
  const state = output.trim().split('\n')[0]?.trim() ?? '';
  const status = Object.hasOwn(STATES, state) ? STATES[state] : 'unknown';
  return { status, message: status === 'unknown' ? `systemctl is-active ${unit}: ${tail(output, 300) || 'no output'}` : `${unit} is ${state}` };
}

/** The systemd check. */
export const systemdCheck = defineCheck({
  kind: 'systemd',
  schema: checkSchema('systemd', {
    unit: Type.String({ pattern: '^[A-Za-z0-9@_:.\\\\][A-Za-z0-9@_:.\\\\-]*$', maxLength: 256, hint: 'a unit name, e.g. nginx.service' }),
  }),
  run(check, context) {
    const systemctl = context.systemctlPath ?? 'systemctl';
    return new Promise((resolve) => {
      execFile(systemctl, ['is-active', check.unit], { timeout: check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS }, (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') resolve({ status: 'unknown', message: 'systemctl is not available on this host' });
        else resolve(systemdVerdict(check.unit, `${stdout}${stderr}`));
      });
    });
  },
});
