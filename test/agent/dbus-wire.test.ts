import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DbusConnection, MAX_MESSAGE_BYTES } from '../../agent/checks/dbus/connection.ts';
import { DbusReader, DbusWriter, splitSignature, type DbusValue } from '../../agent/checks/dbus/marshal.ts';
import { decodeMessage, encodeMessage, messageLength, type DbusMessage } from '../../agent/checks/dbus/message.ts';
import { tempDir } from './helpers.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

// A hand-written peer on a temp unix socket, for behaviour no well-behaved server shows.
async function peer(onConnection: (socket: Socket) => void): Promise<string> {
  const socketPath = join(tempDir(), 'peer');
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  closers.push(() => server.close());
  return socketPath;
}

// A type first, then a value of that type: arrays need elements that share one signature.
const BASIC: Record<string, fc.Arbitrary<DbusValue>> = {
  y: fc.integer({ min: 0, max: 255 }),
  b: fc.boolean(),
  n: fc.integer({ min: -32768, max: 32767 }),
  q: fc.integer({ min: 0, max: 65535 }),
  i: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  u: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  x: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  t: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  d: fc.double(),
  s: fc.string({ unit: 'grapheme' }),
  o: fc.constantFrom('/', '/org/freedesktop/systemd1'),
  g: fc.constantFrom('', 's', 'a{sv}', '(yv)'),
};
const typeArb = fc.letrec<{ type: string }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...Object.keys(BASIC), 'v'),
    tie('type').map((element) => `a${element}`),
    fc.array(tie('type'), { minLength: 1, maxLength: 3 }).map((fields) => `(${fields.join('')})`),
    fc.tuple(fc.constantFrom('s', 'u', 'y'), tie('type')).map(([key, value]) => `a{${key}${value}}`),
  ),
})).type;

function valueOf(type: string, depth = 0): fc.Arbitrary<DbusValue> {
  if (type === 'v') return (depth > 3 ? fc.constantFrom('u', 's') : typeArb).chain((inner) => valueOf(inner, depth + 1).map((value) => ({ signature: inner, value })));
  if (type[0] === 'a') return fc.array(valueOf(type.slice(1), depth + 1), { maxLength: 3 });
  if (type[0] === '(' || type[0] === '{') return fc.tuple(...splitSignature(type.slice(1, -1)).map((field) => valueOf(field, depth + 1)));
  return BASIC[type];
}

const typed = typeArb.chain((type) => valueOf(type).map((value): [string, DbusValue] => [type, value]));

describe('D-Bus marshalling', () => {
  it('decodes what it encodes, for any value of any supported type', () => {
    fc.assert(
      fc.property(fc.array(typed, { maxLength: 4 }), (pairs) => {
        const signature = pairs.map(([s]) => s).join('');
        const writer = new DbusWriter();
        writer.write(signature, pairs.map(([, v]) => v));
        const bytes = writer.bytes();
        const reader = new DbusReader(bytes, true);
        expect(reader.read(signature)).toEqual(pairs.map(([, v]) => v));
        expect(reader.offset).toBe(bytes.length);
      }),
    );
  });

  it('round-trips a whole message with its header fields', () => {
    const message: DbusMessage = {
      type: 1, flags: 0, serial: 42, path: '/org/freedesktop/systemd1', interface: 'org.freedesktop.systemd1.Manager', member: 'LoadUnit',
      destination: 'org.freedesktop.systemd1', signature: 's', body: ['nginx.service'],
    };
    const bytes = encodeMessage(message);
    expect(messageLength(bytes)).toBe(bytes.length);
    expect(messageLength(bytes.subarray(0, 15))).toBeUndefined();
    expect(decodeMessage(bytes)).toEqual(message);
  });

  it('pads to each type\'s alignment as the specification lays it out', () => {
    const writer = new DbusWriter();
    writer.write('yua{sv}', [1, 2, [['k', { signature: 'y', value: 3 }]]]);
    expect(writer.bytes().toString('hex')).toBe(
      ['01000000', '02000000', '0a000000', '00000000', '01000000', '6b00', '017900', '03'].join(''),
    );
  });

  it('decodes a big-endian message, as a peer on a big-endian host sends it', () => {
    const bytes = Buffer.from('42020001' + '00000007' + '00000007' + '0000000f' + '0501750000000005' + '08016700017300' + '00' + '00000002686900', 'hex');
    expect(messageLength(bytes)).toBe(bytes.length);
    expect(decodeMessage(bytes)).toMatchObject({ type: 2, serial: 7, replySerial: 5, signature: 's', body: ['hi'] });
  });

  it.each([
    ['an unknown byte order mark', (b: Buffer) => b.writeUInt8(0x58, 0), /byte order/],
    ['a protocol version other than 1', (b: Buffer) => b.writeUInt8(2, 3), /version 2/],
    ['a body shorter than its signature', (b: Buffer) => b.writeUInt32LE(0x4000, b.length - 18), /past the end/],
    ['a string without its nul byte', (b: Buffer) => b.writeUInt8(0x41, b.length - 1), /nul byte/],
  ])('refuses a message with %s', (_name, corrupt, error) => {
    const bytes = Buffer.from(encodeMessage({ type: 2, flags: 0, serial: 1, replySerial: 1, signature: 's', body: ['nginx.service'] }));
    corrupt(bytes);
    expect(() => decodeMessage(bytes.subarray(0, messageLength(bytes) ?? bytes.length))).toThrow(error);
  });

  it.each([['a(', /unclosed/], ['()', /empty container/], ['a', /ends too early/], ['z', /unknown type code/]])('refuses the signature %j', (signature, error) => {
    expect(() => splitSignature(signature)).toThrow(error);
  });

  it('refuses variants nested past the depth limit instead of overflowing the stack', () => {
    const depth = 80;
    const bytes = Buffer.concat([...Array.from({ length: depth }, () => Buffer.from([1, 0x76, 0])), Buffer.from([1, 0x79, 0, 7])]);
    expect(() => new DbusReader(bytes, true).read('v')).toThrow(/nest too deeply/);
  });
});

describe('D-Bus connection limits', () => {
  it('closes the connection when the peer announces a message over the size limit', async () => {
    const socketPath = await peer((socket) => {
      socket.once('data', () => {
        socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
        const header = Buffer.from(encodeMessage({ type: 4, flags: 0, serial: 1, path: '/x', interface: 'a.b', member: 'C', signature: '', body: [] }));
        header.writeUInt32LE(MAX_MESSAGE_BYTES, 4);
        socket.write(header.subarray(0, 16));
      });
    });
    const connection = await DbusConnection.open({ socketPath, bus: false, timeoutMs: 5000 });
    const call = connection.call({ path: '/x', member: 'Ping' }, 5000);
    await expect(call).rejects.toMatchObject({ code: 'DBUS_MESSAGE_TOO_LARGE' });
    expect(connection.closed).toBe(true);
  });

  it('refuses a peer that rejects its authentication', async () => {
    const socketPath = await peer((socket) => socket.once('data', () => socket.write('REJECTED DBUS_COOKIE_SHA1\r\n')));
    await expect(DbusConnection.open({ socketPath, bus: false, timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'DBUS_AUTH_REJECTED', message: 'authentication refused: REJECTED DBUS_COOKIE_SHA1',
    });
  });

  it('gives up on a peer that never finishes authentication, within the timeout', async () => {
    const socketPath = await peer(() => undefined);
    await expect(DbusConnection.open({ socketPath, bus: false, timeoutMs: 100 })).rejects.toMatchObject({ code: 'DBUS_TIMEOUT' });
  });
});
