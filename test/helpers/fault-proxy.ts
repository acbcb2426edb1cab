/**
 * A TCP proxy for fault runs: sits between agents and the control plane on 127.0.0.1 and
 * injects latency, bandwidth limits, sliced writes, resets and half-open links, switchable at
 * run time for every live and new connection.
 */
import { connect, createServer, type Socket } from 'node:net';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  host: string;
  port: number;
}

/** Counters since the proxy started. */
export interface FaultProxyStats {
  /** Connections accepted. */
  connections: number;
  /** Connections with at least one side still open. */
  open: number;
  /** Bytes written towards the target. */
  bytesUp: number;
  /** Bytes written back towards the client. */
  bytesDown: number;
  /** Connections destroyed by `reset()`. */
  resets: number;
  /** Connections made half-open by `halfOpen()`. */
  halfOpened: number;
}

interface Faults {
  latencyMs: number;
  bytesPerSecond: number;
  sliceBytes: number;
}

const HEALTHY: Faults = { latencyMs: 0, bytesPerSecond: 0, sliceBytes: 0 };
// Past this many queued bytes the source is paused, so a bandwidth cap pushes back on the
// sender (as TCP would) instead of buffering without bound.
const HIGH_WATER_BYTES = 256 * 1024;

/** One direction of a connection: queues chunks, releases them when the faults allow. */
class Pipe {
  private readonly queue: Array<{ data: Buffer | null; dueAt: number }> = [];
  private queuedBytes = 0;
  private nextFreeAt = 0;
  private timer: { cancel(): void } | undefined;
  dead = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly faults: () => Faults,
    private readonly counted: (bytes: number) => void,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => this.push(null));
  }

  /** Queues a chunk (null: the source ended) after cutting it into the pieces the faults ask for. */
  private push(data: Buffer | null): void {
    if (this.dead) return;
    const { latencyMs, bytesPerSecond, sliceBytes } = this.faults();
    // A bandwidth cap paces pieces of about 50 ms worth, so the rate is smooth, not bursty.
    const pieceBytes = Math.min(sliceBytes || Infinity, bytesPerSecond ? Math.max(1, Math.floor(bytesPerSecond / 20)) : Infinity);
    const now = Date.now();
    for (let at = 0; data === null || at < data.length; at += pieceBytes) {
      const piece = data === null ? null : data.subarray(at, at + pieceBytes);
      const dueAt = Math.max(now + latencyMs, this.nextFreeAt);
      this.nextFreeAt = piece && bytesPerSecond ? dueAt + (piece.length * 1000) / bytesPerSecond : dueAt;
      this.queue.push({ data: piece, dueAt });
      this.queuedBytes += piece?.length ?? 0;
      if (piece === null) break;
    }
    if (this.queuedBytes > HIGH_WATER_BYTES) this.from.pause();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const waitMs = this.queue[0].dueAt - Date.now();
    // A separate tick per piece keeps sliced pieces from being merged into one write.
    if (waitMs > 0) {
      const timeout = setTimeout(() => this.release(), waitMs);
      this.timer = { cancel: () => clearTimeout(timeout) };
    } else {
      const immediate = setImmediate(() => this.release());
      this.timer = { cancel: () => clearImmediate(immediate) };
    }
  }

  private release(): void {
    this.timer = undefined;
    const sliced = this.faults().sliceBytes > 0;
    if (this.to.destroyed || this.to.writableEnded) return this.stop();
    while (!this.dead && this.queue.length > 0 && this.queue[0].dueAt <= Date.now()) {
      const { data } = this.queue.shift()!;
      if (data === null) {
        this.to.end();
        return;
      }
      this.queuedBytes -= data.length;
      this.counted(data.length);
      this.to.write(data);
      if (sliced) break;
    }
    if (this.queuedBytes <= HIGH_WATER_BYTES && this.from.isPaused()) this.from.resume();
    this.schedule();
  }

  /** Stops forwarding for good: queued data is dropped and whatever arrives later is discarded. */
  stop(): void {
    this.dead = true;
    this.timer?.cancel();
    this.queue.length = 0;
  }
}

interface Link {
  client: Socket;
  upstream: Socket;
  pipes: Pipe[];
  halfOpen: boolean;
}

/** A running fault proxy; faults apply at once to every live connection and to new ones. */
export interface FaultProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** `http://127.0.0.1:<port>`, to hand to an agent as its server. */
  readonly url: string;
  /** Counters since start. */
  readonly stats: FaultProxyStats;
  /** Delays every chunk by `ms` in each direction. */
  latency(ms: number): void;
  /** Paces each direction to about `bytesPerSecond`; 0 lifts the cap. */
  bandwidth(bytesPerSecond: number): void;
  /** Rewrites every chunk as pieces of at most `bytes`, each in its own write; 0 stops slicing. */
  slice(bytes: number): void;
  /** Destroys every live connection with a TCP RST on both sides; returns how many. */
  reset(): number;
  /**
   * Makes every live connection half-open: nothing is forwarded either way and no FIN or RST
   * is passed on, while both sockets stay open. New connections are unaffected, as when a NAT
   * forgets a flow; a half-open connection never comes back, not even on `heal()`.
   */
  halfOpen(): number;
  /** Lifts latency, bandwidth and slicing. */
  heal(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/** Starts a fault proxy on 127.0.0.1 (a free port) forwarding to `target`. */
export async function startFaultProxy(target: ProxyTarget): Promise<FaultProxy> {
  let faults: Faults = { ...HEALTHY };
  const links = new Set<Link>();
  const stats: FaultProxyStats = { connections: 0, open: 0, bytesUp: 0, bytesDown: 0, resets: 0, halfOpened: 0 };
  const server = createServer({ allowHalfOpen: true }, (client) => {
    stats.connections += 1;
    stats.open += 1;
    const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const link: Link = {
      client,
      upstream,
      halfOpen: false,
      pipes: [
        new Pipe(client, upstream, () => faults, (n) => (stats.bytesUp += n)),
        new Pipe(upstream, client, () => faults, (n) => (stats.bytesDown += n)),
      ],
    };
    links.add(link);
    let closed = 0;
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      // An error on one side (ECONNRESET, refused) is passed on as an RST, unless half-open.
      socket.on('error', () => {
        if (!link.halfOpen && !other.destroyed) other.resetAndDestroy();
      });
      socket.on('close', () => {
        closed += 1;
        if (closed === 2) {
          stats.open -= 1;
          links.delete(link);
        }
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    latency: (ms) => void (faults = { ...faults, latencyMs: ms }),
    bandwidth: (bytesPerSecond) => void (faults = { ...faults, bytesPerSecond }),
    slice: (bytes) => void (faults = { ...faults, sliceBytes: bytes }),
    heal: () => void (faults = { ...HEALTHY }),
    reset() {
      const live = [...links].filter((link) => !link.halfOpen);
      for (const link of live) {
        for (const pipe of link.pipes) pipe.stop();
        for (const socket of [link.client, link.upstream]) if (!socket.destroyed) socket.resetAndDestroy();
      }
      stats.resets += live.length;
      return live.length;
    },
    halfOpen() {
      const live = [...links].filter((link) => !link.halfOpen);
      for (const link of live) {
        link.halfOpen = true;
        for (const pipe of link.pipes) pipe.stop();
      }
      stats.halfOpened += live.length;
      return live.length;
    },
    async close() {
      for (const link of links) for (const socket of [link.client, link.upstream]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
