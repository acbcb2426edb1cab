/**
 * A load-generator process: many agents over real WebSocket connections, each sending one
 * realistic report (20 metrics, 5 checks) per interval, or keeping a few reports in flight
 * (`inFlight`, to find capacity), and timing each ack. Reads its job from the JSON file named
 * by argv[2]; prints one JSON summary line when done. Stops by itself at `durationMs`.
 *
 * Started with an IPC channel, it reports progress every second and obeys `{type: 'stop'}`
 * and `{type: 'silence'}` (the agents in `silentAgents` stop sending at their next report,
 * keeping their sockets open, like a hung host).
 */
import { readFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { backoffDelayMs } from '../../agent/link/backoff.ts';
import { AGENT_WS_PATH, MAX_FRAME_BYTES, PROTOCOL_VERSION, formatAgentCredential } from '../../protocol/index.ts';
import { sampleRecord } from '../../test/helpers/records.ts';

/** What one generator process runs: its agents, their pace, and how long. */
export interface SwarmJob {
  url: string;
  agents: Array<{ agentId: string; agentSecret: string }>;
  intervalMs: number;
  durationMs: number;
  /** Spread of the agents' first connections; defaults to one interval. */
  rampMs?: number;
  /** Source address on loopback (127.0.0.x), so many processes can each open many sockets. */
  localAddress?: string;
  /** Keep this many reports unacked per agent, sending as acks come (no interval). */
  inFlight?: number;
  /** Reconnect with the real agent's backoff when the server closes the link (a restart). */
  reconnect?: boolean;
  /** Agents (by index) that go silent on the `silence` message. */
  silentAgents?: number[];
  /** Agents that send a CPU spike once, `atMs` after start (alert latency bench). */
  spikes?: Array<{ agentIndex: number; atMs: number }>;
  spikeCpuPercent?: number;
  baselineCpuPercent?: number;
}

/** What one generator process saw, printed as one JSON line when it ends. */
export interface SwarmSummary {
  agents: number;
  /** Agents that got a welcome at least once. */
  connected: number;
  /** Connection attempts that failed (each is retried with backoff). */
  connectFailures: number;
  sent: number;
  /** Reports sent once every agent was connected (after the ramp and one interval). */
  sentSteady: number;
  acked: number;
  ackLatencyMs: number[];
  /** Acks of the reports counted in `sentSteady`, and their latencies. */
  ackedSteady: number;
  ackLatencySteadyMs: number[];
  /** Length of the steady window this process measured over. */
  steadyMs: number;
  /** agentId -> when its spike report left. */
  spikesSentAt: Record<string, number>;
  /** agentId -> when its last report before going silent left. */
  silencedAt: Record<string, number>;
  /** agentId -> when its first ack after it lost its link and reconnected arrived. */
  backAt: Record<string, number>;
  /** Links the server closed under a running agent. */
  linksLost: number;
  errors: string[];
}

/** What a swarm tells its parent every second over IPC. */
export interface SwarmProgress {
  type: 'progress';
  /** Agents welcomed at least once. */
  connected: number;
  /** Agents with an open, welcomed link now. */
  linked: number;
  /** Agents whose link was lost and which are back with a report acked. */
  back: number;
}

const template = sampleRecord(1, 0);
const frameSuffix = `,"checks":${JSON.stringify(template.checks)}}]}`;
const metricsCache = new Map<number, string>();
/** The sample's metrics as JSON, with this CPU figure. */
function metricsJson(cpuPercent: number): string {
  let json = metricsCache.get(cpuPercent);
  if (json === undefined) {
    json = JSON.stringify({ ...template.metrics, cpu: { ...template.metrics.cpu, usagePercent: cpuPercent } });
    metricsCache.set(cpuPercent, json);
  }
  return json;
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SwarmJob;
const summary: SwarmSummary = {
  agents: job.agents.length, connected: 0, connectFailures: 0, sent: 0, sentSteady: 0, acked: 0, ackLatencyMs: [], ackedSteady: 0, ackLatencySteadyMs: [],
  steadyMs: 0, spikesSentAt: {}, silencedAt: {}, backAt: {}, linksLost: 0, errors: [],
};
const started = Date.now();
let deadline = started + job.durationMs;
const steadyFrom = started + (job.rampMs ?? job.intervalMs) + job.intervalMs;
const stopping = new AbortController();
setMaxListeners(0, stopping.signal);
const silent = new Set(job.silentAgents ?? []);
let silenced = false;
let linked = 0;
const lost = new Set<number>();

/** Sleeps until `ms` pass or the swarm is told to stop. */
const sleep = (ms: number) => delay(Math.max(0, ms), undefined, { signal: stopping.signal }).catch(() => undefined);

/** A link's one wait at a time, ended by its timeout or `wake()` (an ack, the socket closing, a stop). */
class Waiter {
  private resolveWait: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.resolveWait = resolve;
      this.timer = setTimeout(() => this.wake(), Math.max(0, ms));
    });
  }

  wake(): void {
    clearTimeout(this.timer);
    const resolve = this.resolveWait;
    this.resolveWait = null;
    resolve?.();
  }
}
const waiters = new Set<Waiter>();
const running = () => Date.now() < deadline && !stopping.signal.aborted;
const note = (error: string) => void (summary.errors.length < 5 && summary.errors.push(error));

/** An open link: the socket, and where the server said to resume. */
interface Link {
  socket: WebSocket;
  ackedSeq: number;
}

/** Connects with the real agent's socket options (10 s handshake, no compression) and waits for the welcome. */
function open(creds: SwarmJob['agents'][number], stream: string): Promise<Link> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${job.url.replace(/^http/, 'ws')}${AGENT_WS_PATH}`, {
      headers: { authorization: `Bearer ${formatAgentCredential(creds.agentId, creds.agentSecret)}` },
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
      ...(job.localAddress ? { localAddress: job.localAddress } : {}),
    });
    const timer = setTimeout(() => fail(new Error('no welcome within 10 s')), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    // Errors always end in 'close'; after the welcome, the link's owner listens for that.
    socket.on('error', (error) => fail(error));
    socket.once('close', () => fail(new Error('closed before the welcome')));
    socket.once('unexpected-response', (_request, response) => fail(new Error(`HTTP ${response.statusCode}`)));
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, streamId: stream, agentVersion: '0.1.0', intervalSeconds: Math.max(1, job.intervalMs / 1000) })));
    socket.once('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type !== 'welcome') return fail(new Error(`expected a welcome, got ${String(data).slice(0, 120)}`));
      clearTimeout(timer);
      resolve({ socket, ackedSeq: message.ackedSeq });
    });
  });
}

/** Connects and says hello, retrying with the real agent's backoff until it works or the run ends. */
async function link(creds: SwarmJob['agents'][number], stream: string): Promise<Link | undefined> {
  for (let attempt = 0; running(); attempt += 1) {
    try {
      return await open(creds, stream);
    } catch (error) {
      summary.connectFailures += 1;
      note(String(error));
      await sleep(backoffDelayMs(attempt, Math.random()));
    }
  }
  return undefined;
}

async function runAgent(index: number, creds: SwarmJob['agents'][number]) {
  // Spread connections over the ramp so the server sees an even arrival rate.
  await sleep((index / job.agents.length) * (job.rampMs ?? job.intervalMs));
  const stream = `swarm-${creds.agentId.slice(4, 20)}`.replace(/[^A-Za-z0-9_-]/g, '_');
  let seq = 0;
  let everConnected = false;
  while (running()) {
    const linkUp = await link(creds, stream);
    if (!linkUp) return;
    if (!everConnected) summary.connected += 1;
    const reconnected = everConnected;
    everConnected = true;
    linked += 1;
    seq = Math.max(seq, linkUp.ackedSeq);
    seq = await report(index, creds.agentId, linkUp, stream, seq, reconnected);
    linked -= 1;
    if (!running()) {
      // Acks still in flight get their chance before the socket closes.
      await delay(2000);
      linkUp.socket.close();
      return;
    }
    summary.linksLost += 1;
    lost.add(index);
    if (!job.reconnect) return;
  }
}

/** Times each ack against the reports it covers (every seq up to its own), then calls `acked`. */
function trackAcks(client: Link, pending: Map<number, number>, acked: (now: number) => void): void {
  client.socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type !== 'ack') return;
    const now = Date.now();
    for (const [seq, sentAt] of pending) {
      if (seq > message.seq) break;
      summary.ackLatencyMs.push(now - sentAt);
      summary.acked += 1;
      if (sentAt >= steadyFrom && sentAt < deadline) {
        summary.ackLatencySteadyMs.push(now - sentAt);
        summary.ackedSteady += 1;
      }
      pending.delete(seq);
    }
    acked(now);
  });
}

/** Sends reports over one link until it closes or the run ends; returns the last seq sent. */
async function report(index: number, agentId: string, client: Link, stream: string, firstSeq: number, reconnected: boolean): Promise<number> {
  let seq = firstSeq;
  const spikeAt = job.spikes?.find((s) => s.agentIndex === index)?.atMs;
  const framePrefix = `{"type":"reports","streamId":"${stream}","records":[{"seq":`;
  const pending = new Map<number, number>();
  const waiter = new Waiter();
  waiters.add(waiter);
  client.socket.once('close', () => waiter.wake());
  trackAcks(client, pending, (now) => {
    if (reconnected && !(agentId in summary.backAt) && lost.has(index)) summary.backAt[agentId] = now;
    if (job.inFlight) waiter.wake();
  });
  // Like a real agent after a reconnect: what is due goes at once, then on the interval.
  let lastSentAt = Date.now();
  let nextAt = Date.now() + (reconnected || job.inFlight ? 0 : Math.random() * job.intervalMs);
  await waiter.wait(nextAt - Date.now());
  while (running() && client.socket.readyState === client.socket.OPEN) {
    if (silenced && silent.has(index)) {
      summary.silencedAt[agentId] ??= lastSentAt;
      await waiter.wait(deadline - Date.now());
      break;
    }
    const elapsed = Date.now() - started;
    const spike = spikeAt !== undefined && !(agentId in summary.spikesSentAt) && elapsed >= spikeAt;
    const cpu = spike ? (job.spikeCpuPercent ?? 99) : (job.baselineCpuPercent ?? 10 + (seq % 20));
    const sentAt = Date.now();
    lastSentAt = sentAt;
    if (spike) summary.spikesSentAt[agentId] = sentAt;
    seq += 1;
    // The frame is spliced from a template: the generator must stay cheaper than the server.
    client.socket.send(`${framePrefix}${seq},"at":${sentAt},"kind":"sample","metrics":${metricsJson(cpu)}${frameSuffix}`);
    pending.set(seq, sentAt);
    summary.sent += 1;
    if (sentAt >= steadyFrom) summary.sentSteady += 1;
    if (job.inFlight) {
      while (pending.size >= job.inFlight && running() && client.socket.readyState === client.socket.OPEN) await waiter.wait(deadline - Date.now());
      continue;
    }
    // Absolute schedule: time spent sending does not stretch the interval.
    nextAt += job.intervalMs;
    await waiter.wait(nextAt - Date.now());
  }
  waiters.delete(waiter);
  return seq;
}

if (process.send) {
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') {
      deadline = Math.min(deadline, Date.now());
      stopping.abort();
      for (const waiter of waiters) waiter.wake();
    } else if (message.type === 'silence') silenced = true;
  });
  const progress = setInterval(() => {
    const back = Object.keys(summary.backAt).length;
    process.send!({ type: 'progress', connected: summary.connected, linked, back } satisfies SwarmProgress);
  }, 1000);
  progress.unref();
}

await Promise.all(job.agents.map((creds, i) => runAgent(i, creds)));
summary.steadyMs = Math.max(0, Math.min(deadline, Date.now()) - steadyFrom);
// Exit only once the summary is out: a pipe takes a large write in several turns.
process.stdout.write(`${JSON.stringify(summary)}\n`, () => process.exit(0));
