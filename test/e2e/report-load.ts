/**
 * Report load for crash loops: enrolled hosts speaking the agent protocol over real
 * WebSockets, each keeping every report it generated so it can resend from the resume
 * point the server names in `welcome`, and recording every ack it received.
 */
import { randomBytes } from 'node:crypto';
import type { ServerMessage } from '../../protocol/index.ts';
import { connectAgent, type ProtocolClient } from '../helpers/protocol-client.ts';
import { sampleRecord } from '../helpers/records.ts';

/** An enrolled host the load speaks for. */
export interface LoadHost {
  agentId: string;
  agentSecret: string;
  hostId: string;
}

interface HostState extends LoadHost {
  streamId: string;
  /** Highest seq generated; every seq 1..generated exists. */
  generated: number;
  /** Highest seq sent on the current connection. */
  sentUpTo: number;
  acked: number;
  client?: ProtocolClient;
  welcomed: boolean;
}

/** A welcome that named a resume point below an ack the host had already received. */
export interface ForgottenAck {
  hostId: string;
  acked: number;
  welcomeAckedSeq: number;
}

const TICK_MS = 50;
const RECONNECT_MS = 150;

/** Generates `reportsPerSecond` reports spread over `hosts`, reconnecting whenever the server goes away. */
export class ReportLoad {
  private readonly hosts: HostState[];
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private carry = 0;
  private closing = false;
  /** Frames resent after a reconnect, in records. */
  resent = 0;
  /** Welcomes that forgot an acknowledged report; must stay empty. */
  readonly forgotten: ForgottenAck[] = [];

  constructor(private url: string, hosts: LoadHost[], private readonly reportsPerSecond: number) {
    this.hosts = hosts.map((host) => ({ ...host, streamId: randomBytes(12).toString('base64url'), generated: 0, sentUpTo: 0, acked: 0, welcomed: false }));
  }

  /** Connects every host and starts generating. */
  start(): void {
    for (const host of this.hosts) void this.connect(host);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops generating new reports; what was generated is still sent until acked. */
  pause(): void {
    clearInterval(this.timer);
  }

  /** Reports generated so far. */
  get sent(): number {
    return this.hosts.reduce((sum, host) => sum + host.generated, 0);
  }

  /** Reports acknowledged so far (acks are cumulative per stream). */
  get acked(): number {
    return this.hosts.reduce((sum, host) => sum + host.acked, 0);
  }

  /** Highest acknowledged seq of each host. */
  ackedByHost(): Map<string, number> {
    return new Map(this.hosts.map((host) => [host.hostId, host.acked]));
  }

  /** Generated reports per host. */
  generatedByHost(): Map<string, number> {
    return new Map(this.hosts.map((host) => [host.hostId, host.generated]));
  }

  /** True when every host is welcomed on a live connection. */
  get allConnected(): boolean {
    return this.hosts.every((host) => host.welcomed);
  }

  /** True when no host has a live connection (all saw the server go). */
  get noneConnected(): boolean {
    return this.hosts.every((host) => !host.client);
  }

  /** True when every generated report is acknowledged. */
  get drained(): boolean {
    return this.hosts.every((host) => host.acked === host.generated);
  }

  /** Closes every socket for good. */
  close(): void {
    this.closing = true;
    this.pause();
    for (const host of this.hosts) host.client?.socket.terminate();
  }

  private tick(): void {
    this.carry += (this.reportsPerSecond * TICK_MS) / 1000;
    const count = Math.floor(this.carry);
    this.carry -= count;
    for (let i = 0; i < count; i += 1) this.hosts[i % this.hosts.length].generated += 1;
    for (const host of this.hosts) this.flush(host);
  }

  private flush(host: HostState): void {
    if (!host.client || !host.welcomed || host.sentUpTo >= host.generated) return;
    while (host.sentUpTo < host.generated) {
      const from = host.sentUpTo + 1;
      const to = Math.min(host.generated, host.sentUpTo + 200);
      // `at` follows from seq, so a resent report is the same report.
      const records = Array.from({ length: to - from + 1 }, (_, i) => sampleRecord(from + i, this.startedAt + (from + i) * 10));
      host.client.send({ type: 'reports', streamId: host.streamId, records });
      host.sentUpTo = to;
    }
  }

  private async connect(host: HostState): Promise<void> {
    while (!this.closing) {
      try {
        const client = await connectAgent(this.url, host.agentId, host.agentSecret);
        host.client = client;
        client.socket.on('message', (data) => this.onMessage(host, JSON.parse(String(data)) as ServerMessage));
        const resendFrom = host.sentUpTo;
        const welcome = await client.hello(host.streamId, 1);
        if (welcome.ackedSeq < host.acked) this.forgotten.push({ hostId: host.hostId, acked: host.acked, welcomeAckedSeq: welcome.ackedSeq });
        host.acked = Math.max(host.acked, welcome.ackedSeq);
        host.sentUpTo = welcome.ackedSeq;
        this.resent += Math.max(0, resendFrom - welcome.ackedSeq);
        host.welcomed = true;
        this.flush(host);
        await client.closed;
      } catch {
        // The server is down or went away mid-hello: try again shortly.
      }
      host.welcomed = false;
      host.client = undefined;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }

  private onMessage(host: HostState, message: ServerMessage): void {
    if (message.type === 'ack') host.acked = Math.max(host.acked, message.seq);
    // connectAgent keeps every message for `next`; acks are handled here, so drop them.
    if (host.client) host.client.messages.length = 0;
  }
}
