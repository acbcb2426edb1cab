/**
 * What follows from a rollout's hosts at `now` (pure, apart from `auditRolloutAction`): the
 * state to cache, the marks set once (halted, completed, overrun), the alerts they raise
 * and the audit entry they write.
 */
import type { RuleEvent } from '../alerts/evaluate.ts';
import type { Store } from '../store/types.ts';
import { ERROR_STATES, type Rollout, type RolloutHost } from './model.ts';
import { rolloutState } from './progress.ts';
import { countStates, errorBudget } from './waves.ts';

/** Above this many tenants, an action is audited once for the rollout, not once per tenant as well. */
const PER_TENANT_AUDIT_LIMIT = 25;
/** Alerts raised at most per halt or overrun, so one bad release does not page hundreds of times. */
const MAX_ALERTS = 50;

/** An alert to raise after the commit. */
export interface RaisedAlert {
  kind: 'rollout-failed' | 'window-overrun';
  event: RuleEvent;
}

type Describe = (hostId: string) => { hostName?: string; tenantName?: string; product?: string };

function alertFor(kind: RaisedAlert['kind'], rollout: Rollout, host: RolloutHost, value: number, now: number, describe: Describe): RaisedAlert {
  return { kind, event: { tenantId: host.tenantId, hostId: host.hostId, ...describe(host.hostId), labels: { rollout_id: rollout.id }, value, at: now } };
}

/**
 * The rollout with its state and marks brought up to date (the same object when nothing
 * changed), plus alerts: `rollout-failed` for the failed hosts when it halts, and
 * `window-overrun` for hosts still running at the window's end.
 */
export function closingEffects(rollout: Rollout, hosts: readonly RolloutHost[], now: number, describe: Describe) {
  const state = rolloutState(rollout, hosts, now);
  const next: Rollout = { ...rollout, state };
  const alerts: RaisedAlert[] = [];
  let audit: { action: string; details: Record<string, unknown> } | null = null;
  if (state === 'halted' && rollout.haltedAt === null) {
    next.haltedAt = now;
    const failed = hosts.filter((h) => ERROR_STATES.has(h.state));
    alerts.push(...failed.slice(0, MAX_ALERTS).map((h) => alertFor('rollout-failed', rollout, h, failed.length, now, describe)));
    audit = { action: 'rollout.halted', details: { errors: failed.length, maxErrors: errorBudget(rollout.options, hosts.length), failedHostIds: failed.map((h) => h.hostId).slice(0, 100) } };
  }
  if (state === 'completed' && rollout.completedAt === null) {
    next.completedAt = now;
    audit = { action: 'rollout.completed', details: { counts: countStates(hosts) } };
  }
  const running = hosts.filter((h) => h.state === 'running');
  if (now >= rollout.windowEndAt && rollout.overrunAt === null && running.length > 0) {
    next.overrunAt = now;
    const minutes = Math.floor((now - rollout.windowEndAt) / 60_000);
    alerts.push(...running.slice(0, MAX_ALERTS).map((h) => alertFor('window-overrun', rollout, h, minutes, now, describe)));
  }
  const changed = next.state !== rollout.state || next.haltedAt !== rollout.haltedAt || next.completedAt !== rollout.completedAt || next.overrunAt !== rollout.overrunAt;
  if (!changed) return { next: rollout, alerts, audit };
  next.updatedAt = now;
  return { next, alerts, audit };
}

/** Audits an action on a rollout: one entry for ops, and one per tenant involved so tenant admins see it too. */
export function auditRolloutAction(store: Store, rollout: Rollout, hosts: readonly RolloutHost[], actor: string, action: string, details: Record<string, unknown>, now: number): void {
  const base = { windowId: rollout.windowId, releaseId: rollout.releaseId, releaseVersion: rollout.releaseVersion, ...details };
  store.audit.append({ at: now, actor, action, tenantId: null, target: rollout.id, details: base });
  const tenants = [...new Set(hosts.map((h) => h.tenantId))];
  if (tenants.length > PER_TENANT_AUDIT_LIMIT) return;
  for (const tenantId of tenants) {
    store.audit.append({ at: now, actor, action, tenantId, target: rollout.id, details: { ...base, hosts: hosts.filter((h) => h.tenantId === tenantId).length } });
  }
}
