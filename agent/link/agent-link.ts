/**
 * The agent's outbound WebSocket link: hello/welcome, streaming outbox records with a bounded
 * number of frames in flight, cumulative acks, app-level ping with half-open detection, and
 * reconnects with backoff, failing over round robin along a list of control-plane URLs.
 * Revocation (close 4401, or 401/403 on upgrade) ends the link.
 */
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { CloseCode, MAX_FRAME_BYTES, MAX_RECORDS_PER_FRAME, formatAgentCredential, type ServerMessage, type SignedPlan } from '../../protocol/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { AgentNetError, agentWsUrl, displayServerUrl } from '../net/urls.ts';
import { DEFAULT_BACKOFF, failoverDelayMs, firstServerIndex, type BackoffOptions } from './backoff.ts';
import { helloFrame, parseServerMessage, reportsFrame } from './frames.ts';

/**
 * App-level ping period. The link is declared half-open after two silent periods and noticed
 * on the next tick, so a dead link is dropped within three periods (45 s), under a minute.
 */
export const DEFAULT_PING_INTERVAL_MS = 15_000;

/** What the link needs. */
export interface AgentLinkOptions {
  /** Control-plane URLs (replicas sharing one database), tried round robin. */
  servers: readonly string[];
  /** Picks the URL a fresh start tries first; random when left out, fixed in tests. */
  seed?: number;
  agentId: string;
  agentSecret: string;
  outbox: Outbox;
  agentVersion: string;
  intervalSeconds: number;
  log: Logger;
  /** CA certificates (PEM); undefined trusts the system's. */
  ca?: string[];
  pingIntervalMs?: number;
  maxFramesInFlight?: number;
  backoff?: BackoffOptions;
  /** A connection that stayed up this long resets the backoff. */
  stableMs?: number;
  /** Wait before the first connect (used after a revocation, to keep restarts quiet). */
  initialDelayMs?: number;
  /** Jitter draws in [0, 1). */
  random?: () => number;
  /** Receives each signed patch plan the server sends; the link itself trusts none of it. */
  onPlan?: (plan: SignedPlan) => void;
}

/** Why the link ended. */
export type LinkEnd = { kind: 'stopped' } | { kind: 'revoked'; detail: string };

/** A move to the next URL after a failed attempt or a dropped link. */
export interface Failover {
  from: string;
  to: string;
}

/** Emits 'connecting', 'welcome' (ServerMessage), 'ack' (seq), 'closed' (code), 'failover' (Failover). */
export class AgentLink extends EventEmitter {
  /** Settles when the link stops for good. */
  readonly done: Promise<LinkEnd>;
  private finish!: (end: LinkEnd) => void;
  private readonly urls: string[];
  private serverIndex: number;
  private ws: WebSocket | null = null;
  private stopped = false;
  private revokedDetail: string | null = null;
  private welcomed = false;
  private sentSeq = 0;
  private inFlight: number[] = [];
  /** Failed attempts (or dropped links) in a row since the last reset. */
  private failures = 0;
  private openedAt = 0;
  private lastReceivedAt = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private droppedHalfOpen = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly pingIntervalMs: number;

  constructor(private readonly options: AgentLinkOptions) {
    super();
    if (options.servers.length === 0) throw new AgentNetError('SERVER_URL_INVALID', 'no control-plane URL to connect to; set server: or servers: in the config, or enrol');
    this.urls = options.servers.map((server) => agentWsUrl(server));
    this.serverIndex = firstServerIndex(options.servers.length, options.seed ?? randomInt(0x7fffffff));
    this.pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  /** True between `welcome` and the socket closing. */
  get isWelcomed(): boolean {
    return this.welcomed;
  }

  /** The control-plane URL the link is connected to, or will try next. */
  get server(): string {
    return this.options.servers[this.serverIndex];
  }

  /** Starts connecting (after `initialDelayMs`, if set). */
  start(): void {
    this.retryTimer = setTimeout(() => this.connect(), this.options.initialDelayMs ?? 0);
  }

  /** New records were appended: send them if the link is up and has room in flight. */
  notify(): void {
    this.pump();
  }

  /** Closes the link normally and settles `done`. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      const forced = setTimeout(() => ws.terminate(), 2000);
      ws.close(CloseCode.normal, 'agent stopping');
      await closed;
      clearTimeout(forced);
    }
    this.finish({ kind: 'stopped' });
  }

  private connect(): void {
    if (this.stopped) return;
    const { agentId, agentSecret, ca } = this.options;
    this.emit('connecting', this.failures);
    const ws = new WebSocket(this.urls[this.serverIndex], {
      headers: { Authorization: `Bearer ${formatAgentCredential(agentId, agentSecret)}` },
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
      ...(ca ? { ca } : {}),
    });
    this.ws = ws;
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      if (status === 401 || status === 403) this.revokedDetail = `server refused the agent credential (HTTP ${status})`;
      else this.options.log.warn('server refused the WebSocket upgrade', { status });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data) => this.onMessage(ws, data.toString()));
    ws.on('error', (error) => this.options.log.warn('link error', { error: error.message }));
    ws.on('close', (code, reason) => this.onClose(ws, code, reason.toString()));
  }

  private onOpen(ws: WebSocket): void {
    this.openedAt = Date.now();
    this.lastReceivedAt = this.openedAt;
    const { outbox, agentVersion, intervalSeconds } = this.options;
    ws.send(helloFrame(outbox.streamId, agentVersion, intervalSeconds));
    this.pingTimer = setInterval(() => this.onPingTick(ws), this.pingIntervalMs);
  }

  // Any frame proves the link alive; silence for two ping periods means half-open.
  private onPingTick(ws: WebSocket): void {
    const now = Date.now();
    if (now - this.lastReceivedAt > 2 * this.pingIntervalMs) {
      this.options.log.warn('no frame from the server for two ping periods; dropping the half-open link', { silentMs: now - this.lastReceivedAt });
      this.droppedHalfOpen = true;
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify({ type: 'ping', sentAt: now }));
  }

  private onMessage(ws: WebSocket, data: string): void {
    if (ws !== this.ws) return;
    this.lastReceivedAt = Date.now();
    const message = parseServerMessage(data);
    if (!message) {
      this.options.log.warn('ignoring a frame the protocol does not allow', { bytes: data.length });
      return;
    }
    this.handle(ws, message);
  }

  private handle(ws: WebSocket, message: ServerMessage): void {
    const { outbox, log } = this.options;
    if (message.type === 'welcome') {
      if (message.streamId !== outbox.streamId) {
        log.error('server welcomed a different stream; closing', { expected: outbox.streamId, got: message.streamId });
        ws.close(CloseCode.policy, 'stream mismatch');
        return;
      }
      outbox.resume(message.ackedSeq);
      this.sentSeq = message.ackedSeq;
      this.inFlight = [];
      this.welcomed = true;
      log.info('link up', { server: displayServerUrl(this.server), hostId: message.hostId, ackedSeq: message.ackedSeq, pending: outbox.pendingCount, skewMs: message.serverTime - Date.now() });
      this.emit('welcome', message);
      this.pump();
    } else if (message.type === 'ack') {
      if (message.streamId !== outbox.streamId) return;
      outbox.ack(message.seq);
      this.inFlight = this.inFlight.filter((last) => last > message.seq);
      this.emit('ack', message.seq);
      this.pump();
    } else if (message.type === 'plan') {
      if (this.options.onPlan) this.options.onPlan(message.plan);
      else log.warn('ignoring a patch plan: this agent runs no plans');
    } else if (message.type === 'error') {
      log.warn('server reported an error', { code: message.code, message: message.message });
      if (message.code === 'AGENT_REVOKED') this.revokedDetail = `server: ${message.message}`;
    }
  }

  private pump(): void {
    const ws = this.ws;
    const { outbox } = this.options;
    const maxFrames = this.options.maxFramesInFlight ?? 4;
    while (ws && this.welcomed && ws.readyState === WebSocket.OPEN && this.inFlight.length < maxFrames) {
      // Half the frame limit leaves ample room for the envelope and any JSON growth.
      const batch = outbox.readAfter(this.sentSeq, { maxRecords: MAX_RECORDS_PER_FRAME, maxBytes: MAX_FRAME_BYTES / 2 });
      if (batch.payloads.length === 0) return;
      ws.send(reportsFrame(outbox.streamId, batch.payloads));
      this.sentSeq = batch.lastSeq;
      this.inFlight.push(batch.lastSeq);
    }
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    clearInterval(this.pingTimer);
    this.ws = null;
    const wasWelcomed = this.welcomed;
    this.welcomed = false;
    this.emit('closed', code);
    if (this.stopped) return;
    if (code === CloseCode.revoked) this.revokedDetail ??= `server closed the link as revoked${reason ? `: ${reason}` : ''}`;
    if (this.revokedDetail) {
      this.stopped = true;
      this.finish({ kind: 'revoked', detail: this.revokedDetail });
      return;
    }
    // A welcomed link that went silent says the path broke, not that the server refuses us: start
    // the backoff again, so noticing (two or three ping periods) plus reconnecting stays under a minute.
    const halfOpen = this.droppedHalfOpen;
    this.droppedHalfOpen = false;
    if (wasWelcomed && (halfOpen || Date.now() - this.openedAt >= (this.options.stableMs ?? 60_000))) this.failures = 0;
    this.failures += 1;
    const { servers, random, backoff, log } = this.options;
    // Rule (see failoverDelayMs): a hop to the next URL waits the first backoff step only; the
    // exponential step advances once per full round of failures, so a dead replica costs one
    // short attempt while another one may be healthy.
    const delayMs = failoverDelayMs(this.failures, servers.length, (random ?? Math.random)(), backoff ?? DEFAULT_BACKOFF);
    log.info('link closed; reconnecting', { code, reason, delayMs });
    this.failOver(code, delayMs);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  // Any failure moves on, including the drop of a welcomed link: the replica that just failed is
  // the least likely to answer next. The outbox is untouched; the next welcome says where to resume.
  private failOver(code: number, delayMs: number): void {
    const { servers, log } = this.options;
    if (servers.length < 2) return;
    const from = displayServerUrl(this.server);
    this.serverIndex = (this.serverIndex + 1) % servers.length;
    const failover: Failover = { from, to: displayServerUrl(this.server) };
    log.info('link.failover', { ...failover, code, delayMs });
    this.emit('failover', failover);
  }
}
