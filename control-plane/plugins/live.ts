/**
 * Live updates for dashboards over WebSocket: changed host summaries once a second, every
 * sample of the host a page is watching, and alert, incident and critical-period changes as they happen. Each socket
 * sees only its principal's tenant.
 */
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { WebSocket } from 'ws';
import { ALL_ROLES, canSeeTenant, type Principal } from '../auth/principal.ts';
import type { HostLive } from '../services/fleet-state.ts';
import { toAlertJson } from '../routes/alert-json.ts';
import { incidentJson } from '../routes/incidents.ts';
import { rolloutLiveItems } from '../routes/rollout-json.ts';
import { criticalPeriodJson } from '../routes/critical-periods.ts';

export const LIVE_PATH = '/api/v1/live';

/** What a dashboard may send on the live socket (the isolation test derives its cases from it). */
export const ClientMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('watch'), hostId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('unwatch') }, { additionalProperties: false }),
]);
const checkClientMessage = TypeCompiler.Compile(ClientMessageSchema);

interface Viewer {
  socket: WebSocket;
  principal: Principal;
  watching: string | null;
}

const LIVE_MAX_PAYLOAD = 4096;

export default fp(
  async (app) => {
    const viewers = new Set<Viewer>();
    const changed = new Map<string, HostLive>();
    app.fleet.on('host-changed', (host) => void changed.set(host.id, host));
    app.fleet.on('sample', (host, sample) => {
      for (const viewer of viewers) {
        if (viewer.watching === host.id && viewer.socket.readyState === viewer.socket.OPEN) {
          viewer.socket.send(JSON.stringify({ type: 'sample', hostId: host.id, sample }));
        }
      }
      changed.set(host.id, host);
    });
    // Alert changes go out at once: they are few, and people act on them.
    app.alertEngine.on('changed', (alerts) => {
      if (viewers.size === 0) return;
      const now = app.clock();
      for (const viewer of viewers) {
        const items = alerts
          .filter((a) => (a.tenantId === null ? viewer.principal.tenantId === null : canSeeTenant(viewer.principal, a.tenantId)))
          .map((a) => toAlertJson(a, app.alertEngine.isSilenced(a, now)));
        if (items.length > 0 && viewer.socket.readyState === viewer.socket.OPEN) viewer.socket.send(JSON.stringify({ type: 'alerts', items }));
      }
    });
    app.alertEngine.on('incident', (incident) => {
      const hostName = incident.hostId ? (app.fleet.get(incident.hostId)?.name ?? null) : null;
      const message = JSON.stringify({ type: 'incidents', items: [incidentJson(incident, hostName)] });
      for (const viewer of viewers) {
        if (canSeeTenant(viewer.principal, incident.tenantId) && viewer.socket.readyState === viewer.socket.OPEN) viewer.socket.send(message);
      }
    });
    // A critical period declared, changed or cancelled: its board refreshes (`action` says which).
    app.criticalPeriods.on('changed', ({ action, period, at }) => {
      const zone = app.store.tenants.get(period.tenantId)?.timeZone ?? 'Asia/Shanghai';
      const message = JSON.stringify({ type: 'critical-period', action, item: criticalPeriodJson(period, zone, at) });
      for (const viewer of viewers) {
        if (canSeeTenant(viewer.principal, period.tenantId) && viewer.socket.readyState === viewer.socket.OPEN) viewer.socket.send(message);
      }
    });
    const flush = () => {
      if (changed.size === 0 || viewers.size === 0) return void changed.clear();
      const hosts = [...changed.values()];
      changed.clear();
      for (const viewer of viewers) {
        const items = hosts.filter((h) => canSeeTenant(viewer.principal, h.tenantId)).map((h) => app.fleet.summary(h));
        if (items.length > 0 && viewer.socket.readyState === viewer.socket.OPEN) {
          viewer.socket.send(JSON.stringify({ type: 'hosts', items }));
        }
      }
    };
    // Rollout progress goes out at most once a second per rollout: a wave of hundreds of hosts reports in bursts.
    const rolloutsChanged = new Set<string>();
    app.rollouts.on('changed', (id) => void rolloutsChanged.add(id));
    const flushRollouts = () => {
      if (rolloutsChanged.size === 0 || viewers.size === 0) return void rolloutsChanged.clear();
      const itemsFor = rolloutLiveItems(app.store, rolloutsChanged);
      rolloutsChanged.clear();
      for (const viewer of viewers) {
        const items = itemsFor(viewer.principal.tenantId);
        if (items.length > 0 && viewer.socket.readyState === viewer.socket.OPEN) viewer.socket.send(JSON.stringify({ type: 'rollouts', items }));
      }
    };
    const timer = setInterval(() => {
      flush();
      flushRollouts();
    }, 1000);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      for (const viewer of viewers) viewer.socket.close(1001, 'server shutting down');
    });

    app.get(LIVE_PATH, { websocket: true, config: { policy: { access: 'roles', roles: ALL_ROLES } }, schema: { hide: true } }, (socket, request) => {
      const viewer: Viewer = { socket, principal: request.principal!, watching: null };
      viewers.add(viewer);
      socket.on('message', (data) => {
        if ((data as Buffer).length > LIVE_MAX_PAYLOAD) return socket.close(1009, 'message too big');
        let message: unknown;
        try {
          message = JSON.parse(String(data));
        } catch {
          message = undefined;
        }
        if (!checkClientMessage.Check(message)) {
          return socket.send(JSON.stringify({ type: 'error', code: 'INVALID_MESSAGE', message: 'expected {"type":"watch","hostId":...} or {"type":"unwatch"}' }));
        }
        if (message.type === 'unwatch') return void (viewer.watching = null);
        const host = app.fleet.get(message.hostId);
        if (!host || !canSeeTenant(viewer.principal, host.tenantId)) {
          viewer.watching = null;
          return socket.send(JSON.stringify({ type: 'error', code: 'NOT_FOUND', message: 'host not found' }));
        }
        viewer.watching = host.id;
      });
      socket.on('close', () => viewers.delete(viewer));
    });
  },
  { name: 'live', dependencies: ['fleet', 'auth', 'alerting', 'rollouts', 'critical-periods'] },
);
