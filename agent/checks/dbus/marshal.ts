/**
 * D-Bus value marshalling (the wire format of the D-Bus specification): a writer that encodes
 * little-endian and a reader that decodes either byte order. Enough of the type system for
 * message headers and the bodies the systemd check exchanges, plus what a peer may send back.
 */

/** A decoded D-Bus value: numbers, 64-bit integers as bigint, arrays for arrays and structs. */
export type DbusValue = number | bigint | boolean | string | DbusVariant | DbusValue[];

/** A variant: the signature of the value it holds, and the value. */
export interface DbusVariant {
  signature: string;
  value: DbusValue;
}

/** A malformed message or value; the connection that read it cannot be trusted any more. */
export class DbusWireError extends Error {
  readonly code = 'DBUS_PROTOCOL';
}

// The spec allows 32 array and 32 struct levels; variants nest too, so bound them together.
const MAX_DEPTH = 64;
const BASIC_SIZE: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, h: 4, x: 8, t: 8, d: 8 };

/** Alignment of the type that starts with `code`. */
export function alignmentOf(code: string): number {
  if (code === 's' || code === 'o' || code === 'a') return 4;
  if (code === 'g' || code === 'v') return 1;
  if (code === '(' || code === '{') return 8;
  const size = BASIC_SIZE[code];
  if (size === undefined) throw new DbusWireError(`unknown type code '${code}'`);
  return size;
}

/** The index just past the single complete type that starts at `start` in `signature`. */
export function completeTypeEnd(signature: string, start: number): number {
  const code = signature[start];
  if (code === undefined) throw new DbusWireError(`signature '${signature}' ends too early`);
  if (code === 'a') return completeTypeEnd(signature, start + 1);
  if (code === '(' || code === '{') {
    const close = code === '(' ? ')' : '}';
    let index = start + 1;
    while (signature[index] !== close) {
      if (index >= signature.length) throw new DbusWireError(`unclosed '${code}' in signature '${signature}'`);
      index = completeTypeEnd(signature, index);
    }
    if (index === start + 1) throw new DbusWireError(`empty container in signature '${signature}'`);
    return index + 1;
  }
  alignmentOf(code);
  return start + 1;
}

/** Splits a signature into its complete types ('sa{sv}' -> ['s', 'a{sv}']). */
export function splitSignature(signature: string): string[] {
  const types: string[] = [];
  for (let index = 0; index < signature.length; ) {
    const end = completeTypeEnd(signature, index);
    types.push(signature.slice(index, end));
    index = end;
  }
  return types;
}

/** Encodes values little-endian; offsets count from the start of the message (or body). */
export class DbusWriter {
  private buffer = Buffer.alloc(256);
  private length = 0;

  /** The bytes written so far. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Pads with zero bytes to a multiple of `boundary`. */
  align(boundary: number): void {
    const padded = Math.ceil(this.length / boundary) * boundary;
    this.reserve(padded - this.length);
    this.buffer.fill(0, this.length, padded);
    this.length = padded;
  }

  /** Writes values of a signature's complete types, in order. */
  write(signature: string, values: readonly DbusValue[]): void {
    const types = splitSignature(signature);
    if (types.length !== values.length) throw new DbusWireError(`signature '${signature}' wants ${types.length} values, got ${values.length}`);
    types.forEach((type, index) => this.value(type, values[index]));
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + extra));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  private uint32(value: number): void {
    this.align(4);
    this.reserve(4);
    this.buffer.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  private text(value: string, lengthBytes: 1 | 4): void {
    const encoded = Buffer.from(value, 'utf8');
    if (lengthBytes === 1) {
      this.reserve(1);
      this.buffer.writeUInt8(encoded.length, this.length++);
    } else this.uint32(encoded.length);
    this.reserve(encoded.length + 1);
    encoded.copy(this.buffer, this.length);
    this.buffer[this.length + encoded.length] = 0;
    this.length += encoded.length + 1;
  }

  private value(type: string, value: DbusValue): void {
    const code = type[0];
    if (code === 's' || code === 'o') return this.text(String(value), 4);
    if (code === 'g') return this.text(String(value), 1);
    if (code === 'v') {
      const variant = value as DbusVariant;
      completeTypeEnd(variant.signature, 0);
      this.text(variant.signature, 1);
      return this.value(variant.signature, variant.value);
    }
    if (code === 'a') return this.array(type.slice(1), value as DbusValue[]);
    if (code === '(' || code === '{') {
      this.align(8);
      return this.write(type.slice(1, -1), value as DbusValue[]);
    }
    this.basic(code, value);
  }

  private array(elementType: string, items: readonly DbusValue[]): void {
    this.uint32(0);
    const lengthAt = this.length - 4;
    this.align(alignmentOf(elementType[0]));
    const start = this.length;
    for (const item of items) this.value(elementType, item);
    this.buffer.writeUInt32LE(this.length - start, lengthAt);
  }

  private basic(code: string, value: DbusValue): void {
    const size = BASIC_SIZE[code];
    this.align(size);
    this.reserve(size);
    const at = this.length;
    if (code === 'y') this.buffer.writeUInt8(Number(value), at);
    else if (code === 'b') this.buffer.writeUInt32LE(value ? 1 : 0, at);
    else if (code === 'n') this.buffer.writeInt16LE(Number(value), at);
    else if (code === 'q') this.buffer.writeUInt16LE(Number(value), at);
    else if (code === 'i') this.buffer.writeInt32LE(Number(value), at);
    else if (code === 'u' || code === 'h') this.buffer.writeUInt32LE(Number(value), at);
    else if (code === 'x') this.buffer.writeBigInt64LE(BigInt(value as bigint), at);
    else if (code === 't') this.buffer.writeBigUInt64LE(BigInt(value as bigint), at);
    else this.buffer.writeDoubleLE(Number(value), at);
    this.length += size;
  }
}

/** Decodes values from `buffer`, whose byte 0 is the start of the message. */
export class DbusReader {
  constructor(
    private readonly buffer: Buffer,
    readonly littleEndian: boolean,
    public offset = 0,
    private readonly end = buffer.length,
  ) {}

  /** Skips padding up to a multiple of `boundary`. */
  align(boundary: number): void {
    this.offset = Math.ceil(this.offset / boundary) * boundary;
    if (this.offset > this.end) throw new DbusWireError('value runs past the end of the message');
  }

  /** Reads values of a signature's complete types, in order. */
  read(signature: string, depth = 0): DbusValue[] {
    return splitSignature(signature).map((type) => this.value(type, depth));
  }

  /** Reads one unsigned 32-bit integer. */
  uint32(): number {
    return this.basic('u') as number;
  }

  private take(size: number): number {
    const at = this.offset;
    if (at + size > this.end) throw new DbusWireError('value runs past the end of the message');
    this.offset += size;
    return at;
  }

  private text(lengthBytes: 1 | 4): string {
    const length = lengthBytes === 1 ? this.buffer[this.take(1)] : this.uint32();
    const at = this.take(length + 1);
    if (this.buffer[at + length] !== 0) throw new DbusWireError('string is not followed by a nul byte');
    return this.buffer.toString('utf8', at, at + length);
  }

  private value(type: string, depth: number): DbusValue {
    if (depth > MAX_DEPTH) throw new DbusWireError('values nest too deeply');
    const code = type[0];
    if (code === 's' || code === 'o') return this.text(4);
    if (code === 'g') return this.text(1);
    if (code === 'v') {
      const signature = this.text(1);
      if (completeTypeEnd(signature, 0) !== signature.length) throw new DbusWireError(`variant signature '${signature}' is not one type`);
      return { signature, value: this.value(signature, depth + 1) };
    }
    if (code === 'a') {
      const length = this.uint32();
      this.align(alignmentOf(type[1]));
      const end = this.offset + length;
      if (end > this.end) throw new DbusWireError('array runs past the end of the message');
      const items: DbusValue[] = [];
      while (this.offset < end) items.push(this.value(type.slice(1), depth + 1));
      if (this.offset !== end) throw new DbusWireError('array length does not match its elements');
      return items;
    }
    if (code === '(' || code === '{') {
      this.align(8);
      return this.read(type.slice(1, -1), depth + 1);
    }
    return this.basic(code);
  }

  private basic(code: string): DbusValue {
    const size = BASIC_SIZE[code];
    this.align(size);
    const at = this.take(size);
    const le = this.littleEndian;
    const b = this.buffer;
    if (code === 'y') return b[at];
    if (code === 'b') return (le ? b.readUInt32LE(at) : b.readUInt32BE(at)) !== 0;
    if (code === 'n') return le ? b.readInt16LE(at) : b.readInt16BE(at);
    if (code === 'q') return le ? b.readUInt16LE(at) : b.readUInt16BE(at);
    if (code === 'i') return le ? b.readInt32LE(at) : b.readInt32BE(at);
    if (code === 'u' || code === 'h') return le ? b.readUInt32LE(at) : b.readUInt32BE(at);
    if (code === 'x') return le ? b.readBigInt64LE(at) : b.readBigInt64BE(at);
    if (code === 't') return le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
    return le ? b.readDoubleLE(at) : b.readDoubleBE(at);
  }
}
