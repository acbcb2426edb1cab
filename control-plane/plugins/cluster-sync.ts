/**
 * Keeps replicas on one PostgreSQL database in step. The replica holding a host's agent owns
 * the host: it judges its status and tells the others, which show the stored row and sample.
 * Hosts of a replica gone silent, and hosts no replica holds, go to the leader. Dashboard
 * events (alerts, incidents, critical periods, rollouts) are relayed to every replica's viewers,
 * and plans the leader starts reach the agent through the replica that holds it.
 */
import fp from 'fastify-plugin';
import { chunkIds } from '../cluster/cluster.ts';
import type { HostLive } from '../services/fleet-state.ts';

/** How often each replica tells the others which of its hosts were heard from. */
const SEEN_EVERY_MS = 1_000;
/** Samples older than this are not looked for when showing another replica's host. */
const LATEST_WINDOW_MS = 5 * 60_000;

export default fp(
  async (app) => {
    const { cluster, fleet, store } = app;
    if (cluster.sole) return;
    const self = cluster.replicaId;
    /** Host -> the replica holding its agent, as last claimed (ours included). */
    const holders = new Map<string, string>();

    // A host is judged here when its agent is (or was last) held here, or when no live replica holds it and we lead.
    // Runs for every committed sample: the common case (held here) answers without the replica list.
    const liveHolder = (hostId: string): string | null => {
      const holder = holders.get(hostId);
      if (holder === self) return self;
      return holder !== undefined && cluster.liveReplicas(app.clock()).includes(holder) ? holder : null;
    };
    const judges = (host: HostLive): boolean => {
      const holder = liveHolder(host.id);
      return holder === self || (holder === null && cluster.isLeader());
    };
    app.decorate('judgesHost', judges);

    app.onAgentWelcomed((_agentId, hostId) => {
      const moved = holders.get(hostId) !== self;
      holders.set(hostId, self);
      cluster.publish('claim', { hostIds: [hostId] });
      // The host's alerts were kept by the replica that held it: carry on from their stored state.
      if (moved) app.alertEngine.adoptHost(hostId, app.clock());
    });
    // A new leader routes notifications: it hears every replica's alerts again, judged against
    // the stored group state, so nothing already sent goes out twice.
    cluster.on('leadership', (leader) => {
      if (!leader) return;
      cluster.publish('resync', {});
      app.alertEngine.reannounce(app.clock());
    });
    cluster.on('resync', () => app.alertEngine.reannounce(app.clock()));
    // Leading from the start (the previous leader is gone, or this is the first replica).
    app.addHook('onReady', async () => {
      if (cluster.isLeader()) cluster.publish('resync', {});
    });
    cluster.on('claim', ({ hostIds }, from) => {
      for (const hostId of hostIds) {
        holders.set(hostId, from);
        const row = fleet.get(hostId) ? undefined : store.hosts.get(hostId);
        if (row) fleet.upsertHost(row);
        const host = fleet.get(hostId);
        if (host) host.heldBy = from;
        app.alertEngine.releaseHost(hostId);
      }
    });

    // Hosts heard from here go out once a second; the others read what the commit stored.
    const heard = new Set<string>();
    const hear = (host: HostLive) => {
      if (judges(host)) heard.add(host.id);
    };
    fleet.on('host-changed', hear);
    fleet.on('sample', hear);
    const announce = () => {
      if (heard.size === 0) return;
      app.persistHostStatus();
      for (const hostIds of chunkIds([...heard])) cluster.publish('seen', { hostIds });
      heard.clear();
    };
    const timer = setInterval(announce, SEEN_EVERY_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
    cluster.on('seen', ({ hostIds }) => {
      const shown = hostIds.filter((hostId) => liveHolder(hostId) !== self);
      if (shown.length === 0) return;
      const latest = new Map(store.samples.latestOf(shown, app.clock() - LATEST_WINDOW_MS).map((s) => [s.hostId, s.record]));
      for (const row of store.hosts.getMany(shown)) {
        if (!fleet.get(row.id)) fleet.upsertHost(row);
        fleet.get(row.id)!.heldBy = liveHolder(row.id);
        fleet.applyRemote(row.id, row.lastSeenAt, row.status, latest.get(row.id) ?? null);
      }
    });

    // Plans for a host held elsewhere: its holder re-sends what the host was sent and has not answered.
    cluster.on('plans', ({ hostId }) => {
      if (holders.get(hostId) === self && fleet.get(hostId)?.connected) app.rollouts.onAgentWelcomed(hostId, app.clock());
    });

    // Dashboard events: relayed to the other replicas, and theirs shown here. `relaying` keeps
    // an event received from another replica from going back out.
    let relaying = false;
    const relay = (fn: () => void) => {
      relaying = true;
      try {
        fn();
      } finally {
        relaying = false;
      }
    };
    app.alertEngine.on('changed', (alerts) => {
      if (!relaying) for (const fingerprints of chunkIds(alerts.map((a) => a.fingerprint))) cluster.publish('alerts', { fingerprints });
    });
    cluster.on('alerts', ({ fingerprints }) => {
      const alerts = fingerprints.map((f) => store.alerts.get(f)).filter((a) => a !== undefined);
      if (alerts.length > 0) relay(() => app.alertEngine.emit('changed', alerts));
    });
    app.alertEngine.on('incident', (incident) => {
      if (!relaying) cluster.publish('incident', { id: incident.id });
    });
    cluster.on('incident', ({ id }) => {
      const incident = store.incidents.get(id);
      if (incident) relay(() => app.alertEngine.emit('incident', incident));
    });
    app.criticalPeriods.on('changed', ({ action, period, at }) => {
      if (!relaying) cluster.publish('critical-period', { id: period.id, action, at });
    });
    cluster.on('critical-period', ({ id, action, at }) => {
      const period = store.criticalPeriods.get(id);
      if (period) relay(() => app.criticalPeriods.emit('changed', { action: action as never, period, at }));
    });
    app.rollouts.on('changed', (id) => {
      if (!relaying) cluster.publish('rollout', { id });
    });
    cluster.on('rollout', ({ id }) => relay(() => app.rollouts.emit('changed', id)));
  },
  { name: 'cluster-sync', dependencies: ['cluster', 'store', 'fleet', 'agent-gateway', 'alerting', 'rollouts', 'critical-periods', 'live'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether this replica judges the host's status (always, on a single node). */
    judgesHost?: (host: HostLive) => boolean;
  }
}
