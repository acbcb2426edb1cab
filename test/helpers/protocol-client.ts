/**
 * A minimal agent-protocol client over a real WebSocket, for tests and load generators
 * that need to speak to the gateway directly (the real agent is tested end to end).
 */
import WebSocket from 'ws';
import { AGENT_WS_PATH, MAX_FRAME_BYTES, PROTOCOL_VERSION, formatAgentCredential, type ReportRecord, type ServerMessage } from '../../protocol/index.ts';

export interface ProtocolClient {
  socket: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the next message matching `predicate` (already received ones count). */
  next<T extends ServerMessage>(predicate: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  send(message: unknown): void;
  hello(streamId: string, intervalSeconds?: number): Promise<Extract<ServerMessage, { type: 'welcome' }>>;
  report(streamId: string, records: ReportRecord[]): Promise<number>;
  closed: Promise<{ code: number; reason: string }>;
}

export const isType =
  <K extends ServerMessage['type']>(type: K) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type;

export function connectAgent(baseUrl: string, agentId: string, agentSecret: string, localAddress?: string): Promise<ProtocolClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${AGENT_WS_PATH}`, {
    headers: { authorization: `Bearer ${formatAgentCredential(agentId, agentSecret)}` },
    maxPayload: MAX_FRAME_BYTES,
    ...(localAddress ? { localAddress } : {}),
  });
  const messages: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as ServerMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  const next: ProtocolClient['next'] = (predicate, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
      const look = () => {
        const index = messages.findIndex(predicate);
        if (index >= 0) {
          clearTimeout(timer);
          resolve(messages.splice(index, 1)[0] as never);
        } else if (socket.readyState >= WebSocket.CLOSING) {
          clearTimeout(timer);
          reject(new Error('socket closed'));
        } else waiters.push(look);
      };
      look();
    });
  const client: ProtocolClient = {
    socket,
    messages,
    next,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async hello(streamId, intervalSeconds = 15) {
      client.send({ type: 'hello', protocol: PROTOCOL_VERSION, streamId, agentVersion: '0.1.0', intervalSeconds });
      return next(isType('welcome'));
    },
    async report(streamId, records) {
      client.send({ type: 'reports', streamId, records });
      const last = records[records.length - 1].seq;
      const ack = await next((m): m is Extract<ServerMessage, { type: 'ack' }> => m.type === 'ack' && m.seq >= last);
      return ack.seq;
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
    socket.once('error', reject);
  });
}
