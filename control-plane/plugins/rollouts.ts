/**
 * Rollouts as a plugin: the recipe (checked at start-up), the service fed by committed
 * plan-status reports and agent hellos, a timer that starts rollouts as windows open and
 * moves open ones on (cutoffs, window ends), and the rollout metrics.
 */
import fp from 'fastify-plugin';
import type { PlanStatusEvent } from '../rollouts/model.ts';
import { registerRolloutMetrics } from '../rollouts/metrics.ts';
import { DEFAULT_RECIPE, type RolloutRecipe } from '../rollouts/recipe.ts';
import { RolloutService } from '../rollouts/service.ts';
import { hostInCriticalPeriod } from '../critical/freeze.ts';
import { auditStatus, requireAuditPassed } from '../scheduling/policy.ts';
import type { SigningKey } from '../services/signing-key.ts';

declare module 'fastify' {
  interface FastifyInstance {
    rollouts: RolloutService;
  }
}

/** Options of the rollouts plugin. */
export interface RolloutsPluginOptions {
  signingKey: SigningKey;
  /** Steps and default options; the built-in recipe when unset. */
  recipe?: RolloutRecipe;
  /** Run the timer (tests call `app.rollouts.tick(now)`). */
  timers: boolean;
  tickMs?: number;
}

export default fp<RolloutsPluginOptions>(
  async (app, options) => {
    let plansSent: { inc(): void } | null = null;
    const service = new RolloutService({
      store: app.store,
      recipe: options.recipe ?? DEFAULT_RECIPE,
      privateKey: options.signingKey.privateKey,
      // A host whose agent another replica holds gets its plan from that replica (it re-sends
      // the stored plans the host has not answered); this one only tells it to.
      sendToHost: (hostId, message) => {
        const host = app.fleet.get(hostId);
        if (host?.agentId && app.sendToAgent(host.agentId, message)) return true;
        if (!host?.heldBy) return false;
        app.cluster.publish('plans', { hostId });
        return true;
      },
      isOnline: (hostId) => {
        const host = app.fleet.get(hostId);
        return host?.connected === true || (host?.heldBy != null && host.status === 'up');
      },
      isHeld: (hostId, now) => hostInCriticalPeriod(app.store, hostId, now),
      raise: (kind, event) => app.alertEngine.raise(kind, event),
      describeHost: (hostId) => {
        const host = app.fleet.get(hostId);
        const tenant = host ? app.store.tenants.get(host.tenantId) : undefined;
        return { ...(host ? { hostName: host.name } : {}), ...(tenant ? { tenantName: tenant.name } : {}), ...(host?.product ? { product: host.product } : {}) };
      },
      requireCleared: (release) => requireAuditPassed(auditStatus(release, app.scheduling.resolve(release.trackId, release.tenantId)), release.id),
      log: app.log,
      planSent: () => plansSent?.inc(),
    });
    app.decorate('rollouts', service);
    plansSent = registerRolloutMetrics(app.metrics, app.store, app.fleet);

    // A listener must not throw into the ingest pipeline: the reports are stored and acked regardless.
    app.onIngestCommitted((items) => {
      const events: PlanStatusEvent[] = [];
      for (const item of items) {
        for (const record of item.stored) if (record.kind === 'plan-status') events.push({ ...record, hostId: item.submission.hostId });
      }
      if (events.length === 0) return;
      try {
        service.onPlanStatuses(events, app.clock());
      } catch (error) {
        app.log.error({ err: error }, 'rollout progress from plan reports failed');
      }
    });
    app.onAgentWelcomed((_agentId, hostId) => {
      try {
        service.onAgentWelcomed(hostId, app.clock());
      } catch (error) {
        app.log.error({ err: error, hostId }, 're-sending plans failed');
      }
    });

    if (!options.timers) return;
    const tick = () => {
      if (!app.cluster.isLeader()) return;
      try {
        service.tick(app.clock());
      } catch (error) {
        app.log.error({ err: error }, 'rollout tick failed');
      }
    };
    app.addHook('onReady', async () => tick());
    const timer = setInterval(tick, options.tickMs ?? 5000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'rollouts', dependencies: ['store', 'cluster', 'metrics', 'fleet', 'ingest', 'agent-gateway', 'alerting', 'scheduling'] },
);
