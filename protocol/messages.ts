/**
 * The agent <-> control-plane wire contract. Both sides import this file and nothing else
 * from each other. Every frame is one JSON object with a `type`; unknown fields are refused.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PlanMessageSchema } from './plans.ts';
import { ReportRecordSchema } from './reports.ts';

/** Protocol revision; bumped when a frame changes shape incompatibly. */
export const PROTOCOL_VERSION = 1;

/** Largest frame either side accepts; the gateway closes with 1009 above it. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Most records one `reports` frame may carry. */
export const MAX_RECORDS_PER_FRAME = 500;

/** WebSocket path agents connect to; the agent credential goes in the Authorization header. */
export const AGENT_WS_PATH = '/api/v1/agent/ws';

/** HTTP path agents enrol on. */
export const ENROLL_PATH = '/api/v1/enroll';

const StreamId = Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'outbox stream id' });
const Seq = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** First frame after connecting: which stream the agent will send and what it runs. */
export const HelloSchema = Type.Object(
  {
    type: Type.Literal('hello'),
    protocol: Type.Literal(PROTOCOL_VERSION),
    streamId: StreamId,
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
    intervalSeconds: Type.Number({ minimum: 1, maximum: 3600 }),
  },
  { additionalProperties: false },
);

/** A batch of outbox records, in increasing `seq` order. */
export const ReportsSchema = Type.Object(
  {
    type: Type.Literal('reports'),
    streamId: StreamId,
    records: Type.Array(ReportRecordSchema, { minItems: 1, maxItems: MAX_RECORDS_PER_FRAME }),
  },
  { additionalProperties: false },
);

/** Application-level liveness probe; the server answers with `pong`. */
export const PingSchema = Type.Object(
  { type: Type.Literal('ping'), sentAt: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const AgentMessageSchema = Type.Union([HelloSchema, ReportsSchema, PingSchema]);

/** Answer to `hello`: where to resume, and the server's clock for skew detection. */
export const WelcomeSchema = Type.Object(
  {
    type: Type.Literal('welcome'),
    agentId: Type.String(),
    hostId: Type.String(),
    streamId: StreamId,
    ackedSeq: Type.Integer({ minimum: 0 }),
    serverTime: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** Every record of the stream up to and including `seq` is committed to the database. */
export const AckSchema = Type.Object(
  { type: Type.Literal('ack'), streamId: StreamId, seq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const PongSchema = Type.Object(
  { type: Type.Literal('pong'), sentAt: Type.Integer({ minimum: 0 }), serverTime: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

/** Stable error codes a server may send before or instead of closing. */
export const ProtocolErrorCode = Type.Union([
  Type.Literal('INVALID_MESSAGE'),
  Type.Literal('HELLO_REQUIRED'),
  Type.Literal('STREAM_MISMATCH'),
  Type.Literal('RATE_LIMITED'),
  Type.Literal('AGENT_REVOKED'),
  Type.Literal('INTERNAL'),
]);

export const ErrorFrameSchema = Type.Object(
  {
    type: Type.Literal('error'),
    code: ProtocolErrorCode,
    message: Type.String(),
  },
  { additionalProperties: false },
);

export const ServerMessageSchema = Type.Union([WelcomeSchema, AckSchema, PongSchema, ErrorFrameSchema, PlanMessageSchema]);

/** WebSocket close codes with a meaning in this protocol. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  /** The agent's credential was revoked; it must not reconnect. */
  revoked: 4401,
  /** Another connection for the same agent replaced this one. */
  replaced: 4409,
} as const;

export type Hello = Static<typeof HelloSchema>;
export type Reports = Static<typeof ReportsSchema>;
export type Ping = Static<typeof PingSchema>;
export type AgentMessage = Static<typeof AgentMessageSchema>;
export type Welcome = Static<typeof WelcomeSchema>;
export type Ack = Static<typeof AckSchema>;
export type Pong = Static<typeof PongSchema>;
export type ErrorFrame = Static<typeof ErrorFrameSchema>;
export type ServerMessage = Static<typeof ServerMessageSchema>;
export type ProtocolErrorCodeValue = Static<typeof ProtocolErrorCode>;
