/**
 * D-Bus messages: the fixed header `yyyyuu`, the header fields `a(yv)` padded to 8 bytes, then
 * the body. Encoding is little-endian; decoding accepts both byte orders.
 */
import { DbusReader, DbusWireError, DbusWriter, type DbusValue, type DbusVariant } from './marshal.ts';

/** Message types on the wire. */
export const MessageType = { methodCall: 1, methodReturn: 2, error: 3, signal: 4 } as const;

/** Header flag: the caller wants no reply. */
export const NO_REPLY_EXPECTED = 0x1;

/** One D-Bus message; `body` holds the values of `signature`. */
export interface DbusMessage {
  type: number;
  flags: number;
  serial: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  replySerial?: number;
  destination?: string;
  sender?: string;
  signature: string;
  body: DbusValue[];
}

const FIXED_HEADER_BYTES = 16;
const FIELDS = [
  [1, 'path', 'o'],
  [2, 'interface', 's'],
  [3, 'member', 's'],
  [4, 'errorName', 's'],
  [5, 'replySerial', 'u'],
  [6, 'destination', 's'],
  [7, 'sender', 's'],
  [8, 'signature', 'g'],
] as const;

/** Encodes a message little-endian. */
export function encodeMessage(message: DbusMessage): Buffer {
  const body = new DbusWriter();
  body.write(message.signature, message.body);
  const bodyBytes = body.bytes();
  const fields: DbusValue[] = [];
  for (const [code, key, signature] of FIELDS) {
    const value = message[key];
    // An empty body carries no signature field (the spec's "no signature" means empty).
    if (value === undefined || (key === 'signature' && value === '')) continue;
    fields.push([code, { signature, value } satisfies DbusVariant]);
  }
  const header = new DbusWriter();
  header.write('yyyyuua(yv)', [0x6c, message.type, message.flags, 1, bodyBytes.length, message.serial, fields]);
  header.align(8);
  return Buffer.concat([header.bytes(), bodyBytes]);
}

/**
 * The total length of the message that starts `buffer`, or undefined while fewer than its
 * 16 fixed header bytes have arrived. Throws on a byte order or version it does not speak.
 */
export function messageLength(buffer: Buffer): number | undefined {
  if (buffer.length < FIXED_HEADER_BYTES) return undefined;
  const order = buffer[0];
  if (order !== 0x6c && order !== 0x42) throw new DbusWireError(`unknown byte order mark 0x${order.toString(16)}`);
  if (buffer[3] !== 1) throw new DbusWireError(`unsupported protocol version ${buffer[3]}`);
  const littleEndian = order === 0x6c;
  const bodyLength = littleEndian ? buffer.readUInt32LE(4) : buffer.readUInt32BE(4);
  const fieldsLength = littleEndian ? buffer.readUInt32LE(12) : buffer.readUInt32BE(12);
  return Math.ceil((FIXED_HEADER_BYTES + fieldsLength) / 8) * 8 + bodyLength;
}

/** Decodes the one complete message in `buffer` (exactly messageLength(buffer) bytes). */
export function decodeMessage(buffer: Buffer): DbusMessage {
  const reader = new DbusReader(buffer, buffer[0] === 0x6c);
  const [, type, flags, , bodyLength, serial, fields] = reader.read('yyyyuua(yv)') as [number, number, number, number, number, number, [number, DbusVariant][]];
  const message: DbusMessage = { type, flags, serial, signature: '', body: [] };
  for (const [code, variant] of fields) {
    const field = FIELDS.find(([known]) => known === code);
    // Unknown fields (unix fds, future ones) are skipped, as the spec asks.
    if (!field) continue;
    if (variant.signature !== field[2]) throw new DbusWireError(`header field ${code} has signature '${variant.signature}', expected '${field[2]}'`);
    (message as unknown as Record<string, DbusValue>)[field[1]] = variant.value;
  }
  reader.align(8);
  if (reader.offset + bodyLength !== buffer.length) throw new DbusWireError('body length does not match the message length');
  if (serial === 0) throw new DbusWireError('message serial is 0');
  message.body = reader.read(message.signature);
  if (reader.offset !== buffer.length) throw new DbusWireError(`body is longer than its signature '${message.signature}'`);
  return message;
}
