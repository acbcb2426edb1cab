/**
 * The per-host state machine (pure): pending -> notified -> running(step) -> succeeded |
 * failed | rolled-back, or skipped. Agents' plan-status reports drive it; a report for
 * another plan, or one that would move a host backwards, changes nothing.
 */
import type { PlanStatusEvent, RolloutHost, SkipReason } from './model.ts';

/** Where each agent-reported state takes the host. */
const TARGET: Record<PlanStatusEvent['state'], RolloutHost['state']> = {
  accepted: 'running',
  running: 'running',
  refused: 'failed',
  succeeded: 'succeeded',
  failed: 'failed',
  'rolled-back': 'rolled-back',
};

/**
 * Whether a host in `from` may take a report that moves it to `to`. A failed host may still
 * report its rollback finishing; a host skipped after it was sent a plan (no answer by the
 * window's end) takes the agent's late reports, since they say what really happened.
 */
function allowed(host: RolloutHost, to: RolloutHost['state']): boolean {
  switch (host.state) {
    case 'notified':
    case 'running':
      return true;
    case 'failed':
      return to === 'rolled-back';
    case 'skipped':
      return host.reason === 'NO_RESPONSE';
    default:
      return false;
  }
}

/** The host after an agent's report, or null when the report changes nothing. */
export function applyPlanStatus(host: RolloutHost, event: PlanStatusEvent, now: number): RolloutHost | null {
  if (host.planId === null || event.planId !== host.planId || event.rolloutId !== host.rolloutId) return null;
  const to = TARGET[event.state];
  if (!allowed(host, to)) return null;
  const final = to !== 'running';
  return {
    ...host,
    state: to,
    step: event.step ?? (final ? host.step : null),
    phase: event.phase ?? (final ? host.phase : null),
    reason: event.reason ?? (to === 'running' ? null : host.reason === 'NO_RESPONSE' ? null : host.reason),
    outputTail: event.outputTail ?? host.outputTail,
    versionBefore: event.versionBefore ?? host.versionBefore,
    versionAfter: event.versionAfter ?? host.versionAfter,
    startedAt: host.startedAt ?? (event.state === 'refused' ? null : event.at),
    endedAt: final ? event.at : null,
    updatedAt: now,
  };
}

/** The host with a signed plan sent. */
export function notifyHost(host: RolloutHost, plan: { planId: string; version: number; payload: string; signature: string }, now: number): RolloutHost {
  return {
    ...host,
    state: 'notified',
    planId: plan.planId,
    planVersion: plan.version,
    plan: { payload: plan.payload, signature: plan.signature },
    notifiedAt: now,
    updatedAt: now,
  };
}

/** The host skipped, with why. */
export function skipHost(host: RolloutHost, reason: SkipReason, now: number): RolloutHost {
  return { ...host, state: 'skipped', reason, endedAt: now, updatedAt: now };
}
