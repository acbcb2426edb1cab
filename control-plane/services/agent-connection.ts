/**
 * One agent's WebSocket session: hello -> welcome, then reports acked after commit.
 * Frames are validated against `protocol/`; a bad frame gets an error frame, a flood or
 * a protocol breach closes the socket, and nothing partial is ever written.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  AgentMessageSchema,
  CloseCode,
  PROTOCOL_VERSION,
  type AgentMessage,
  type Hello,
  type ProtocolErrorCodeValue,
  type Reports,
  type ServerMessage,
} from '../../protocol/index.ts';
import { TokenBucket } from '../domain/token-bucket.ts';
import type { Agent } from '../store/types.ts';
import type { IngestPipeline } from './ingest-pipeline.ts';
import type { FleetState } from './fleet-state.ts';

const checkMessage = TypeCompiler.Compile(AgentMessageSchema);

export interface ConnectionDeps {
  ingest: IngestPipeline;
  fleet: FleetState;
  clock: () => number;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
  recordHello(agentId: string, agentVersion: string, intervalSeconds: number): void;
  log: { warn(details: object, message: string): void };
  /** After the welcome is sent: the agent is ready for server frames (plans). */
  welcomed?: () => void;
}

/** Frame and record budgets per agent: generous for a backlog replay, fatal for a flood. */
export const AGENT_RATE_LIMITS = {
  framesBurst: 400,
  framesPerSecond: 200,
  recordsBurst: 50_000,
  recordsPerSecond: 10_000,
  /** Invalid frames tolerated before the socket is closed. */
  invalidFrames: 5,
};

/** The first schema error of a frame, as "path: message". */
function describeInvalid(value: unknown): string {
  const first = checkMessage.Errors(value).First();
  return first ? `${first.path || '/'}: ${first.message}` : 'frame does not match the protocol';
}

export class AgentConnection {
  private hello: Hello | null = null;
  private invalidFrames = 0;
  private closed = false;
  private readonly frames: TokenBucket;
  private readonly records: TokenBucket;

  constructor(
    readonly agent: Agent,
    private readonly deps: ConnectionDeps,
  ) {
    const now = deps.clock();
    this.frames = new TokenBucket(AGENT_RATE_LIMITS.framesBurst, AGENT_RATE_LIMITS.framesPerSecond, now);
    this.records = new TokenBucket(AGENT_RATE_LIMITS.recordsBurst, AGENT_RATE_LIMITS.recordsPerSecond, now);
  }

  onFrame(data: string): void {
    if (this.closed) return;
    const now = this.deps.clock();
    if (!this.frames.take(1, now)) return this.fail('RATE_LIMITED', 'too many frames; slow down', CloseCode.policy);
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return this.invalid('frame is not JSON');
    }
    if (!checkMessage.Check(message)) return this.invalid(describeInvalid(message));
    this.deps.fleet.seen(this.agent.hostId, now);
    this.dispatch(message as AgentMessage, now);
  }

  /** `current`: false when a newer connection of the same agent replaced this one and owns the host's link. */
  onClose(current = true): void {
    this.closed = true;
    if (this.hello && current) this.deps.fleet.disconnected(this.agent.hostId);
  }

  private dispatch(message: AgentMessage, now: number): void {
    switch (message.type) {
      case 'hello':
        return this.onHello(message, now);
      case 'reports':
        return this.onReports(message, now);
      case 'ping':
        this.deps.fleet.clockSkew(this.agent.hostId, message.sentAt, now);
        return this.deps.send({ type: 'pong', sentAt: message.sentAt, serverTime: now });
    }
  }

  private onHello(hello: Hello, now: number): void {
    if (hello.protocol !== PROTOCOL_VERSION) return this.invalid(`protocol ${String(hello.protocol)} is not supported`);
    this.hello = hello;
    if (hello.agentVersion !== this.agent.agentVersion || hello.intervalSeconds !== this.agent.intervalSeconds) {
      this.deps.recordHello(this.agent.id, hello.agentVersion, hello.intervalSeconds);
    }
    this.deps.fleet.connected(this.agent.hostId, hello.agentVersion, hello.intervalSeconds, now);
    this.deps.send({
      type: 'welcome',
      agentId: this.agent.id,
      hostId: this.agent.hostId,
      streamId: hello.streamId,
      ackedSeq: this.deps.ingest.resumePoint(this.agent.id, hello.streamId),
      serverTime: now,
    });
    this.deps.welcomed?.();
  }

  private onReports(reports: Reports, now: number): void {
    if (!this.hello) return this.fail('HELLO_REQUIRED', 'send hello before reports', CloseCode.policy);
    if (reports.streamId !== this.hello.streamId) {
      return this.fail('STREAM_MISMATCH', 'reports must use the stream named in hello', CloseCode.policy);
    }
    for (let i = 1; i < reports.records.length; i += 1) {
      if (reports.records[i].seq <= reports.records[i - 1].seq) return this.invalid('records must be in increasing seq order');
    }
    if (!this.records.take(reports.records.length, now)) {
      return this.fail('RATE_LIMITED', 'too many records; slow down', CloseCode.policy);
    }
    this.deps.ingest
      .submit({
        agentId: this.agent.id,
        hostId: this.agent.hostId,
        streamId: reports.streamId,
        intervalSeconds: this.hello.intervalSeconds,
        receivedAt: now,
        records: reports.records,
      })
      .then(
        (seq) => {
          if (!this.closed) this.deps.send({ type: 'ack', streamId: reports.streamId, seq });
        },
        () => this.fail('INTERNAL', 'could not store reports; reconnect and resend', CloseCode.internal),
      );
  }

  private invalid(reason: string): void {
    this.invalidFrames += 1;
    this.deps.log.warn({ agentId: this.agent.id, reason }, 'invalid agent frame');
    if (this.invalidFrames > AGENT_RATE_LIMITS.invalidFrames) return this.fail('INVALID_MESSAGE', reason, CloseCode.policy);
    this.deps.send({ type: 'error', code: 'INVALID_MESSAGE', message: reason });
  }

  private fail(code: ProtocolErrorCodeValue, message: string, closeCode: number): void {
    if (this.closed) return;
    this.deps.send({ type: 'error', code, message });
    this.closed = true;
    this.deps.close(closeCode, message.slice(0, 120));
  }
}
