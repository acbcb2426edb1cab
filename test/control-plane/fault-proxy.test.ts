/**
 * The fault proxy itself, with real sockets on loopback: each fault does what it says. Timing
 * checks are lower bounds only (a loaded machine may be slower, never faster).
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';

interface Target {
  server: Server;
  port: number;
  /** Sockets the target accepted, in order, with every chunk each one read. */
  accepted: Array<{ socket: Socket; chunks: Buffer[]; ended: boolean }>;
}

let proxy: FaultProxy | undefined;
let target: Target | undefined;
const clients: Socket[] = [];

/** A target that records what it reads and, when `echo`, writes it back. */
async function startTarget(echo: boolean): Promise<Target> {
  const accepted: Target['accepted'] = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const entry = { socket, chunks: [] as Buffer[], ended: false };
    accepted.push(entry);
    socket.on('data', (chunk: Buffer) => {
      entry.chunks.push(chunk);
      if (echo) socket.write(chunk);
    });
    socket.on('end', () => {
      entry.ended = true;
      socket.end();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, accepted };
}

async function setUp(echo = true): Promise<{ proxy: FaultProxy; target: Target }> {
  target = await startTarget(echo);
  proxy = await startFaultProxy({ host: '127.0.0.1', port: target.port });
  return { proxy, target };
}

async function dial(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  clients.push(socket);
  await once(socket, 'connect');
  return socket;
}

/** Resolves with everything `socket` read once it has `bytes` bytes. */
function readBytes(socket: Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

const until = async (what: string, condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const payload = (bytes: number) => Buffer.from(Array.from({ length: bytes }, (_, i) => i % 251));

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  for (const entry of target?.accepted ?? []) entry.socket.destroy();
  await proxy?.close();
  await new Promise((resolve) => target?.server.close(resolve) ?? resolve(undefined));
  proxy = undefined;
  target = undefined;
});

describe('fault proxy', () => {
  it('forwards bytes both ways unchanged and counts connections and bytes', async () => {
    const { proxy } = await setUp();
    const client = await dial(proxy.port);
    const sent = payload(50_000);
    const echoed = readBytes(client, sent.length);
    client.write(sent);
    expect((await echoed).equals(sent)).toBe(true);
    expect(proxy.stats).toMatchObject({ connections: 1, open: 1, bytesUp: 50_000, bytesDown: 50_000 });
  });

  it('passes a FIN on after the data before it, and counts the connection closed', async () => {
    const { proxy, target } = await setUp(false);
    proxy.latency(50);
    const client = await dial(proxy.port);
    client.end(payload(1000));
    await once(client, 'end');
    expect(target.accepted[0].ended).toBe(true);
    expect(Buffer.concat(target.accepted[0].chunks).equals(payload(1000))).toBe(true);
    await until('the connection to close', () => proxy.stats.open === 0);
  });

  it('slices every chunk so the receiver reads at most N bytes at a time', async () => {
    const { proxy, target } = await setUp(false);
    proxy.slice(7);
    const client = await dial(proxy.port);
    client.write(payload(1000));
    await until('1000 bytes at the target', () => target.accepted[0]?.chunks.reduce((n, c) => n + c.length, 0) === 1000);
    const sizes = target.accepted[0].chunks.map((c) => c.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(Buffer.concat(target.accepted[0].chunks).equals(payload(1000))).toBe(true);
  });

  it('stops slicing after heal, so a large write arrives in far fewer reads', async () => {
    const { proxy, target } = await setUp(false);
    proxy.slice(1);
    proxy.heal();
    const client = await dial(proxy.port);
    client.write(payload(1000));
    await until('1000 bytes at the target', () => target.accepted[0]?.chunks.reduce((n, c) => n + c.length, 0) === 1000);
    expect(target.accepted[0].chunks.length).toBeLessThan(100);
  });

  it('adds at least the latency in each direction of a round trip', async () => {
    const { proxy } = await setUp();
    const client = await dial(proxy.port);
    proxy.latency(150);
    const startedAt = performance.now();
    const echoed = readBytes(client, 10);
    client.write(payload(10));
    await echoed;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(290);
  });

  it('paces a capped direction to about the given rate', async () => {
    const { proxy, target } = await setUp(false);
    proxy.bandwidth(8000);
    const client = await dial(proxy.port);
    const startedAt = performance.now();
    client.write(payload(8000));
    await until('8000 bytes at the target', () => target.accepted[0]?.chunks.reduce((n, c) => n + c.length, 0) === 8000);
    // 8000 bytes at 8000 B/s in 50 ms pieces: the last piece leaves 950 ms after the first.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(Buffer.concat(target.accepted[0].chunks).equals(payload(8000))).toBe(true);
  });

  it('resets live connections: both ends see ECONNRESET', async () => {
    const { proxy, target } = await setUp();
    const client = await dial(proxy.port);
    await until('the target to accept', () => target.accepted.length === 1);
    const targetError = new Promise<string>((resolve) => target.accepted[0].socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
    const clientError = new Promise<string>((resolve) => client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
    expect(proxy.reset()).toBe(1);
    expect(await clientError).toBe('ECONNRESET');
    expect(await targetError).toBe('ECONNRESET');
    expect(proxy.stats.resets).toBe(1);
  });

  it('passes a reset from the client on to the target as a reset', async () => {
    const { proxy, target } = await setUp();
    const client = await dial(proxy.port);
    await until('the target to accept', () => target.accepted.length === 1);
    const targetError = new Promise<string>((resolve) => target.accepted[0].socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')));
    client.resetAndDestroy();
    expect(await targetError).toBe('ECONNRESET');
  });

  it('makes live connections half-open: no byte and no close passes for a second, new connections still work', async () => {
    const { proxy, target } = await setUp();
    const client = await dial(proxy.port);
    await until('the target to accept', () => target.accepted.length === 1);
    expect(proxy.halfOpen()).toBe(1);
    const events: string[] = [];
    for (const [name, socket] of [['client', client], ['target', target.accepted[0].socket]] as const) {
      socket.on('data', () => events.push(`${name} data`));
      socket.on('end', () => events.push(`${name} end`));
      socket.on('close', () => events.push(`${name} close`));
    }
    client.write(payload(100));
    target.accepted[0].socket.write(payload(100));
    target.accepted[0].socket.end();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(events).toEqual([]);
    expect(target.accepted[0].chunks).toEqual([]);
    expect(proxy.stats.halfOpened).toBe(1);

    const fresh = await dial(proxy.port);
    const echoed = readBytes(fresh, 10);
    fresh.write(payload(10));
    expect((await echoed).equals(payload(10))).toBe(true);
  });

  it('refuses connections once closed', async () => {
    const { proxy } = await setUp();
    await proxy.close();
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });
});
