/**
 * The agents' WebSocket endpoint. The credential is checked before the upgrade (HTTP 401
 * for a bad one); one live socket per agent; revoking an agent closes its socket at once.
 */
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import type { WebSocket } from 'ws';
import { AGENT_WS_PATH, CloseCode, type ServerMessage } from '../../protocol/index.ts';
import { AgentConnection } from '../services/agent-connection.ts';
import { authenticateAgent } from '../services/agent-auth.ts';
import type { Agent } from '../store/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Closes the agent's socket, if any, with the revoked close code. */
    disconnectAgent(agentId: string): boolean;
    /** Sends a frame to the agent if it is connected and has said hello; false otherwise. */
    sendToAgent(agentId: string, message: ServerMessage): boolean;
    /** Hears each agent that said hello (a connection, a reconnection): pending plans are re-sent. */
    onAgentWelcomed(listener: (agentId: string, hostId: string) => void): void;
  }
  interface FastifyRequest {
    agent: Agent | null;
  }
}

export default fp(
  async (app) => {
    const sockets = new Map<string, WebSocket>();
    new Gauge({
      name: 'tideway_agents_connected',
      help: 'agents with an open WebSocket to this control plane',
      registers: [app.metrics],
      collect() {
        this.set(sockets.size);
      },
    });
    app.decorateRequest('agent', null);
    const welcomed = new Set<string>();
    const welcomeListeners: Array<(agentId: string, hostId: string) => void> = [];
    app.decorate('onAgentWelcomed', (listener: (agentId: string, hostId: string) => void) => void welcomeListeners.push(listener));
    app.decorate('sendToAgent', (agentId: string, message: ServerMessage) => {
      const socket = sockets.get(agentId);
      if (!socket || socket.readyState !== socket.OPEN || !welcomed.has(agentId)) return false;
      socket.send(JSON.stringify(message));
      return true;
    });
    // Hellos are written in batches: a reconnect storm of thousands of agents would otherwise
    // pay one synchronous commit each before its welcome.
    const hellos = new Map<string, { version: string; interval: number }>();
    let helloTimer: NodeJS.Timeout | null = null;
    const flushHellos = () => {
      helloTimer = null;
      const batch = [...hellos];
      hellos.clear();
      app.store.transaction(() => {
        for (const [agentId, hello] of batch) app.store.agents.recordHello(agentId, hello.version, hello.interval);
      });
    };
    app.addHook('onClose', async () => {
      if (helloTimer) clearTimeout(helloTimer);
      if (hellos.size > 0) flushHellos();
    });
    const disconnectHere = (agentId: string) => {
      const socket = sockets.get(agentId);
      if (!socket) return false;
      socket.close(CloseCode.revoked, 'agent revoked');
      app.ingest.forgetAgent(agentId);
      return true;
    };
    // A revoked agent may be held by another replica: that one closes its link.
    app.cluster.on('revoke', ({ agentId }) => void disconnectHere(agentId));
    app.decorate('disconnectAgent', (agentId: string) => {
      if (disconnectHere(agentId)) return true;
      app.cluster.publish('revoke', { agentId });
      return false;
    });

    app.get(
      AGENT_WS_PATH,
      {
        websocket: true,
        config: { policy: { access: 'agent' } },
        schema: { hide: true },
        preValidation: async (request) => {
          request.agent = authenticateAgent(app.store, request.headers.authorization);
        },
      },
      (socket, request) => {
        const agent = request.agent!;
        // With several replicas the agent may have reported elsewhere since it was last here:
        // its resume point comes from the store, not from this replica's memory.
        if (!app.cluster.sole) app.ingest.forgetAgent(agent.id);
        // A host enrolled through another replica is not in this one's fleet yet.
        if (!app.fleet.get(agent.hostId)) {
          const row = app.store.hosts.get(agent.hostId);
          if (row) app.fleet.upsertHost(row);
        }
        sockets.get(agent.id)?.close(CloseCode.replaced, 'replaced by a newer connection');
        sockets.set(agent.id, socket);
        const connection = new AgentConnection(agent, {
          ingest: app.ingest,
          fleet: app.fleet,
          clock: app.clock,
          send: (message: ServerMessage) => {
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          },
          close: (code, reason) => socket.close(code, reason),
          recordHello: (agentId, version, interval) => {
            hellos.set(agentId, { version, interval });
            helloTimer ??= setTimeout(flushHellos, 100);
          },
          log: request.log,
          welcomed: () => {
            welcomed.add(agent.id);
            for (const listener of welcomeListeners) listener(agent.id, agent.hostId);
          },
        });
        socket.on('message', (data, isBinary) => {
          if (isBinary) return connection.onFrame('');
          connection.onFrame(data.toString());
        });
        socket.on('close', () => {
          // A replaced socket can finish closing long after its successor said hello (a half-open
          // link is only destroyed after ws's close timeout): it must not mark the host disconnected.
          const current = sockets.get(agent.id) === socket;
          connection.onClose(current);
          if (current) {
            sockets.delete(agent.id);
            welcomed.delete(agent.id);
          }
        });
        socket.on('error', (error) => request.log.warn({ err: error, agentId: agent.id }, 'agent socket error'));
      },
    );
  },
  { name: 'agent-gateway', dependencies: ['store', 'cluster', 'metrics', 'fleet', 'ingest'] },
);
