/**
 * A real loopback control-plane stand-in for the link tests: an http server with a `ws`
 * WebSocketServer speaking the server side of the protocol, validating every agent frame
 * against the protocol schemas and storing records deduplicated by seq.
 */
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_WS_PATH, AgentMessageSchema, MAX_FRAME_BYTES, formatAgentCredential, type AgentMessage, type ReportRecord } from '../../protocol/index.ts';

const agentMessage = TypeCompiler.Compile(AgentMessageSchema);

/** How the stand-in behaves; tests flip these while it runs. */
export interface ServerBehaviour {
  ackedSeq: number;
  autoAck: boolean;
  /** Answer nothing at all (a half-open link seen from the agent). */
  silent: boolean;
  /** Refuse the upgrade with this HTTP status. */
  rejectStatus?: number;
}

/** A running stand-in. */
export interface TestServer {
  url: string;
  behaviour: ServerBehaviour;
  events: EventEmitter;
  frames: AgentMessage[];
  invalidFrames: string[];
  largestFrameBytes: number;
  records: Map<number, ReportRecord>;
  /** Seqs received again with different content: a reused seq. */
  conflicts: number[];
  connections: number;
  sockets: Set<WebSocket>;
  ack(seq: number): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 (https when given a key and certificate). */
export async function startTestServer(
  credential: { agentId: string; agentSecret: string },
  options: { streamId?: string; behaviour?: Partial<ServerBehaviour>; tls?: { key: string; cert: string } } = {},
): Promise<TestServer> {
  const events = new EventEmitter();
  const server: Server = options.tls ? createHttpsServer(options.tls) : createHttpServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const state: TestServer = {
    url: '',
    behaviour: { ackedSeq: 0, autoAck: true, silent: false, ...options.behaviour },
    events,
    frames: [],
    invalidFrames: [],
    largestFrameBytes: 0,
    records: new Map(),
    conflicts: [],
    connections: 0,
    sockets: new Set(),
    ack(seq) {
      state.behaviour.ackedSeq = Math.max(state.behaviour.ackedSeq, seq);
      for (const ws of state.sockets) ws.send(JSON.stringify({ type: 'ack', streamId: streamIdOf(), seq }));
    },
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate()) return Promise.resolve();
      // Server frames re-check at once; agent-side state (acks applied) is polled as well.
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          clearInterval(poll);
          events.off('change', check);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error('condition not reached in time'));
        }, timeoutMs);
        const check = () => {
          if (!predicate()) return;
          done();
          resolve();
        };
        const poll = setInterval(check, 10);
        events.on('change', check);
      });
    },
    async close() {
      for (const ws of state.sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  let helloStream = options.streamId ?? '';
  const streamIdOf = () => helloStream;
  const expectedAuth = `Bearer ${formatAgentCredential(credential.agentId, credential.agentSecret)}`;

  server.on('upgrade', (req, socket, head) => {
    const status = state.behaviour.rejectStatus ?? (req.headers.authorization === expectedAuth && req.url === AGENT_WS_PATH ? 0 : 401);
    if (status) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    state.connections += 1;
    state.sockets.add(ws);
    ws.on('close', () => {
      state.sockets.delete(ws);
      events.emit('change');
    });
    ws.on('message', (data) => {
      const text = data.toString();
      state.largestFrameBytes = Math.max(state.largestFrameBytes, Buffer.byteLength(text));
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = undefined;
      }
      if (!agentMessage.Check(frame)) state.invalidFrames.push(text.slice(0, 500));
      else onFrame(ws, frame);
      events.emit('change');
    });
    events.emit('change');
  }

  function onFrame(ws: WebSocket, frame: AgentMessage): void {
    state.frames.push(frame);
    if (state.behaviour.silent) return;
    if (frame.type === 'hello') {
      helloStream = frame.streamId;
      ws.send(JSON.stringify({ type: 'welcome', agentId: credential.agentId, hostId: 'host-1', streamId: frame.streamId, ackedSeq: state.behaviour.ackedSeq, serverTime: Date.now() }));
    } else if (frame.type === 'reports') {
      for (const record of frame.records) {
        const known = state.records.get(record.seq);
        if (!known) state.records.set(record.seq, record);
        else if (JSON.stringify(known) !== JSON.stringify(record)) state.conflicts.push(record.seq);
      }
      if (state.behaviour.autoAck) state.ack(frame.records[frame.records.length - 1].seq);
    } else if (frame.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong', sentAt: frame.sentAt, serverTime: Date.now() }));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
