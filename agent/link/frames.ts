/** Building agent frames and checking server frames against the protocol schemas. */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PROTOCOL_VERSION, ServerMessageSchema, type Hello, type ServerMessage } from '../../protocol/index.ts';

const serverMessage = TypeCompiler.Compile(ServerMessageSchema);

/** The `hello` frame. */
export function helloFrame(streamId: string, agentVersion: string, intervalSeconds: number): string {
  const hello: Hello = { type: 'hello', protocol: PROTOCOL_VERSION, streamId, agentVersion, intervalSeconds };
  return JSON.stringify(hello);
}

/**
 * A `reports` frame from raw record payloads read off the outbox. The payloads are already
 * JSON, so they are spliced in rather than parsed and re-serialised.
 */
export function reportsFrame(streamId: string, payloads: readonly string[]): string {
  return `{"type":"reports","streamId":${JSON.stringify(streamId)},"records":[${payloads.join(',')}]}`;
}

/** Parses and validates a server frame; null for anything the protocol does not allow. */
export function parseServerMessage(data: string): ServerMessage | null {
  try {
    const value: unknown = JSON.parse(data);
    return serverMessage.Check(value) ? value : null;
  } catch {
    return null;
  }
}
