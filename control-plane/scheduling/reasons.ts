/** Calendar skip reasons of the `schedules` library as the control plane's stable codes. */
import { describeSkipReason, type SkipReason } from '../../schedules/core.ts';
import type { WindowReason } from './model.ts';

/**
 * `avoid` (a holiday, make-up workday or other avoided day kind) is `HOLIDAY`, a global or
 * tenant freeze is `IN_FREEZE`, a year without holiday data is `UNKNOWN_CALENDAR`.
 */
export function fromSkipReason(reason: SkipReason): WindowReason {
  const code = reason.kind === 'avoid' ? 'HOLIDAY' : reason.kind === 'freeze' ? 'IN_FREEZE' : 'UNKNOWN_CALENDAR';
  return { code, message: describeSkipReason(reason), detail: { ...reason } };
}
