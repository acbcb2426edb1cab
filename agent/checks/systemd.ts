/**
 * systemd unit check: the unit's ActiveState asked over D-Bus, with `systemctl is-active`'s
 * meaning but no process spawned. Unknown where systemd is not the init system.
 */
import { Type } from '@sinclair/typebox';
import type { CheckStatusValue } from '../../protocol/index.ts';
import { DEFAULT_CHECK_TIMEOUT_MS, checkSchema, defineCheck, type CheckOutcome } from './contract.ts';
import { DbusError } from './dbus/connection.ts';
import { DEFAULT_SYSTEMD_PATHS, bootedWithSystemd, unitActiveState } from './dbus/systemd-bus.ts';

const STATES: Record<string, CheckStatusValue> = {
  active: 'ok',
  reloading: 'warning',
  activating: 'warning',
  refreshing: 'warning',
  inactive: 'critical',
  failed: 'critical',
  deactivating: 'critical',
};

/** Maps a unit's ActiveState to a verdict; anything unrecognised is unknown. */
export function systemdVerdict(unit: string, activeState: string): CheckOutcome {
  if (!Object.hasOwn(STATES, activeState)) return { status: 'unknown', message: `${unit} is in an unrecognised state '${activeState.slice(0, 64)}'` };
  return { status: STATES[activeState], message: `${unit} is ${activeState}` };
}

/** The message for a unit whose state could not be read within `timeoutMs`. */
export function systemdFailure(unit: string, error: unknown, timeoutMs: number): string {
  const code = error instanceof DbusError ? error.code : undefined;
  if (code === 'DBUS_ERROR_REPLY') return `systemd cannot tell the state of ${unit}: ${(error as Error).message}`;
  if (code === 'DBUS_TIMEOUT') return `systemd did not answer for ${unit} within ${timeoutMs} ms`;
  return `cannot reach systemd over D-Bus: ${(error as Error).message}`;
}

/** The systemd check. */
export const systemdCheck = defineCheck({
  kind: 'systemd',
  schema: checkSchema('systemd', {
    unit: Type.String({ pattern: '^[A-Za-z0-9@_:.\\\\][A-Za-z0-9@_:.\\\\-]*$', maxLength: 256, hint: 'a unit name, e.g. nginx.service' }),
  }),
  async run(check, context) {
    const paths = context.systemd ?? DEFAULT_SYSTEMD_PATHS;
    if (!bootedWithSystemd(paths)) return { status: 'unknown', message: `systemd is not the init system on this host (no ${paths.bootedMarker})` };
    const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    try {
      return systemdVerdict(check.unit, await unitActiveState(paths, check.unit, timeoutMs));
    } catch (error) {
      return { status: 'unknown', message: systemdFailure(check.unit, error, timeoutMs) };
    }
  },
});
