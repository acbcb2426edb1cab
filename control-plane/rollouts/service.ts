/**
 * The rollout service the app is decorated with. It creates rollouts (ops requests, and
 * windows opening), moves hosts on as agents report, signs and sends plans, and applies
 * ops pause/resume/abort. Every check-then-write runs in one store transaction; plans are
 * sent after the commit that records them.
 */
import { EventEmitter } from 'node:events';
import type { KeyObject } from 'node:crypto';
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import type { RuleEvent } from '../alerts/evaluate.ts';
import type { Release } from '../scheduling/model.ts';
import type { ServerMessage } from '../../protocol/index.ts';
import type { Store } from '../store/types.ts';
import { buildDue, buildRequested, type CreateRolloutRequest } from './create.ts';
import { applyPlanStatus, notifyHost, skipHost } from './host-machine.ts';
import { ROLLOUT_ACTION_FROM, type PlanStatusEvent, type Rollout, type RolloutAction, type RolloutHost } from './model.ts';
import { buildPlanBody, signPlan } from './plan.ts';
import { advance, rolloutState } from './progress.ts';
import type { RolloutRecipe } from './recipe.ts';
import { auditRolloutAction, closingEffects } from './effects.ts';

/** Who the audit log names for what the rollout service does on its own. */
export const ROLLOUT_ACTOR = 'system:rollouts';
/** Windows that began this long ago are still looked at for rollouts to start. */
const LOOKBACK_MS = 2 * 86_400_000;

/** What the service works with: store, recipe, key, the agent gateway, alerts. */
export interface RolloutServiceDeps {
  store: Store;
  recipe: RolloutRecipe;
  privateKey: KeyObject;
  /** Sends a frame to the host's agent; false when it is not connected. */
  sendToHost(hostId: string, message: ServerMessage): boolean;
  isOnline(hostId: string): boolean;
  /** True while a critical period of the host's tenant covers it: no plan may start there. */
  isHeld?(hostId: string, now: number): boolean;
  raise(kind: 'rollout-failed' | 'window-overrun', event: RuleEvent): void;
  /** Names for alerts. */
  describeHost(hostId: string): { hostName?: string; tenantName?: string; product?: string };
  requireCleared(release: Release): void;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** Plans sent, for metrics. */
  planSent?(): void;
}

/** Events listeners (live pushes, tests) hear. */
export interface RolloutServiceEvents {
  /** A rollout or some of its hosts changed. */
  changed: [string];
}

/** Ops actions on a rollout. */

/** `app.rollouts`: creates rollouts, moves them on, applies ops actions. */
export class RolloutService extends EventEmitter<RolloutServiceEvents> {
  private readonly reported = new Set<string>();

  constructor(private readonly deps: RolloutServiceDeps) {
    super();
    this.setMaxListeners(0);
  }

  /** Creates the rollout an ops request asks for, and starts it if its window is open. */
  create(request: CreateRolloutRequest, actor: string, now: number): Rollout {
    const { store } = this.deps;
    const created = store.transaction(() => {
      const built = buildRequested(this.createDeps(), request, actor, now);
      store.rollouts.create(built.rollout, built.hosts);
      auditRolloutAction(store, built.rollout, built.hosts, actor, 'rollout.created', { hosts: built.hosts.length, options: built.rollout.options }, now);
      return built.rollout;
    });
    this.drive(created.id, now);
    return store.rollouts.get(created.id)!;
  }

  /** Pause (no host starts), resume, or abort (no host starts again); each audited with its reason. */
  act(rolloutId: string, action: RolloutAction, reason: string, actor: string, now: number): Rollout {
    const { store } = this.deps;
    store.transaction(() => {
      const rollout = store.rollouts.get(rolloutId);
      if (!rollout) throw new AppError('ROLLOUT_NOT_FOUND', `rollout ${rolloutId} not found`);
      const hosts = store.rollouts.hosts(rolloutId);
      const state = rolloutState(rollout, hosts, now);
      const allowed = ROLLOUT_ACTION_FROM[action];
      if (!allowed.includes(state)) throw new AppError('INVALID_TRANSITION', `cannot ${action} a rollout that is ${state}`, { state, action });
      const next: Rollout =
        action === 'pause'
          ? { ...rollout, pausedAt: now, pauseReason: reason }
          : action === 'resume'
            ? { ...rollout, pausedAt: null, pauseReason: null }
            : { ...rollout, abortedAt: now, abortReason: reason };
      next.state = rolloutState(next, hosts, now);
      next.updatedAt = now;
      store.rollouts.update(next);
      auditRolloutAction(store, next, hosts, actor, `rollout.${action === 'abort' ? 'aborted' : action === 'pause' ? 'paused' : 'resumed'}`, { reason, from: state, to: next.state }, now);
    });
    this.drive(rolloutId, now);
    return store.rollouts.get(rolloutId)!;
  }

  /** Moves hosts on from agents' plan-status reports just committed. */
  onPlanStatuses(events: readonly PlanStatusEvent[], now: number): void {
    const byRollout = new Map<string, PlanStatusEvent[]>();
    for (const event of events) {
      const list = byRollout.get(event.rolloutId);
      if (list) list.push(event);
      else byRollout.set(event.rolloutId, [event]);
    }
    for (const [rolloutId, list] of byRollout) {
      const changed = this.deps.store.transaction(() => {
        if (!this.deps.store.rollouts.get(rolloutId)) return false;
        const hosts = new Map(this.deps.store.rollouts.hosts(rolloutId).map((h) => [h.hostId, h]));
        const updated = new Map<string, RolloutHost>();
        for (const event of list) {
          const host = updated.get(event.hostId) ?? hosts.get(event.hostId);
          const next = host && applyPlanStatus(host, event, now);
          if (next) updated.set(next.hostId, next);
        }
        this.deps.store.rollouts.updateHosts([...updated.values()]);
        return updated.size > 0;
      });
      if (!changed) continue;
      this.emit('changed', rolloutId);
      this.drive(rolloutId, now);
    }
  }

  /** Re-sends plans a host was sent and has not answered, when its agent says hello again. */
  onAgentWelcomed(hostId: string, now: number): void {
    for (const run of this.deps.store.rollouts.notifiedOf(hostId)) {
      const rollout = this.deps.store.rollouts.get(run.rolloutId);
      if (!rollout || rollout.abortedAt !== null || now >= rollout.cutoffAt || !run.plan) continue;
      this.deps.sendToHost(hostId, { type: 'plan', plan: run.plan });
    }
  }

  /** The timer's work: start rollouts of windows that opened, then move every open rollout on. */
  tick(now: number): void {
    const { built, problems } = this.deps.store.transaction(() => {
      const due = buildDue(this.createDeps(), now, LOOKBACK_MS, ROLLOUT_ACTOR);
      for (const { rollout, hosts } of due.built) {
        this.deps.store.rollouts.create(rollout, hosts);
        auditRolloutAction(this.deps.store, rollout, hosts, ROLLOUT_ACTOR, 'rollout.created', { hosts: hosts.length, options: rollout.options, why: 'window opened' }, now);
      }
      return due;
    });
    for (const problem of problems) {
      const key = `${problem.windowId}|${problem.releaseId}`;
      if (!this.reported.has(key)) this.deps.log.warn(problem, 'a due release cannot be rolled out');
      this.reported.add(key);
    }
    for (const { rollout } of built) this.deps.log.info({ rolloutId: rollout.id, windowId: rollout.windowId, releaseId: rollout.releaseId }, 'rollout started for an opened window');
    for (const rollout of this.deps.store.rollouts.open()) this.drive(rollout.id, now);
  }

  /**
   * Applies `advance` until it has nothing more to do: skips, then signs, records and sends
   * plans; a plan that cannot be sent skips its host. Then settles state, marks and alerts.
   */
  drive(rolloutId: string, now: number): void {
    for (let round = 0; round < 10_000; round += 1) {
      const started = this.deps.store.transaction(() => this.step(rolloutId, now));
      if (started === null) break;
      const undelivered = started.filter((host) => !this.deps.sendToHost(host.hostId, { type: 'plan', plan: host.plan! }));
      for (let i = started.length - undelivered.length; i > 0; i -= 1) this.deps.planSent?.();
      if (undelivered.length > 0) this.deps.store.transaction(() => this.deps.store.rollouts.updateHosts(undelivered.map((h) => skipHost(h, 'AGENT_OFFLINE', now))));
    }
    const effects = this.deps.store.transaction(() => this.settle(rolloutId, now));
    for (const effect of effects.alerts) this.deps.raise(effect.kind, effect.event);
    if (effects.changed) this.emit('changed', rolloutId);
  }

  /** One round of `advance`, written; the hosts to send plans to, or null when nothing moved. */
  private step(rolloutId: string, now: number): RolloutHost[] | null {
    const { store } = this.deps;
    const rollout = store.rollouts.get(rolloutId);
    if (!rollout) return null;
    const hosts = store.rollouts.hosts(rolloutId);
    const next = advance(rollout, hosts, now, this.deps.isOnline, (hostId) => this.deps.isHeld?.(hostId, now) ?? false);
    if (next.start.length === 0 && next.skip.length === 0) return null;
    const byId = new Map(hosts.map((h) => [h.hostId, h]));
    const skipped = next.skip.map(({ hostId, reason }) => skipHost(byId.get(hostId)!, reason, now));
    const started = next.start.map((hostId) => {
      const host = byId.get(hostId)!;
      const plan = { planId: newId('pln'), version: store.rollouts.nextPlanVersion(hostId, now) };
      const signed = signPlan(buildPlanBody(rollout, host, plan), this.deps.privateKey);
      return notifyHost(host, { ...plan, ...signed }, now);
    });
    store.rollouts.updateHosts([...skipped, ...started]);
    this.emit('changed', rolloutId);
    return started;
  }

  /** Writes the derived state and marks; returns the alerts to raise after the commit. */
  private settle(rolloutId: string, now: number) {
    const rollout = this.deps.store.rollouts.get(rolloutId);
    if (!rollout) return { alerts: [], changed: false };
    const hosts = this.deps.store.rollouts.hosts(rolloutId);
    const { next, alerts, audit } = closingEffects(rollout, hosts, now, this.deps.describeHost);
    if (next === rollout) return { alerts, changed: false };
    this.deps.store.rollouts.update(next);
    if (audit) auditRolloutAction(this.deps.store, next, hosts, ROLLOUT_ACTOR, audit.action, audit.details, now);
    return { alerts, changed: true };
  }

  private createDeps() {
    return { store: this.deps.store, recipe: this.deps.recipe, requireCleared: this.deps.requireCleared };
  }
}
