/** Badges of the rollout views: a rollout's state and a host's part in it, colour plus a word. */
import { hasRolloutText, rt } from '../i18n/rollout-text.ts';
import type { HostState, RolloutState } from '../rollout-types.ts';

/** Where a rollout stands. */
export function RolloutStateBadge({ state }: { state: RolloutState }) {
  return (
    <span class={`badge rollout-${state}`} data-state={state}>
      {rt(`rolloutState.${state}`)}
    </span>
  );
}

/** Where one host's part in a rollout stands. */
export function HostStateBadge({ state }: { state: HostState }) {
  return (
    <span class={`badge host-${state}`} data-host-state={state}>
      {rt(`hostState.${state}`)}
    </span>
  );
}

/** Why a host failed or was skipped: known codes in words (the code in the tooltip), anything else as the agent said it. */
export function PlanReason({ reason }: { reason: string | null }) {
  if (reason === null) return <span class="muted">–</span>;
  const key = `rolloutReason.${reason}`;
  return hasRolloutText(key) ? <span title={reason}>{rt(key)}</span> : <span>{reason}</span>;
}
