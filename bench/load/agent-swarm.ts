/**
 * A load-generator process: many agents over real WebSocket connections, each sending one
 * realistic report (20 metrics, 5 checks) per interval and timing its ack. Reads its job from
 * the JSON file named by argv[2]; prints one JSON summary line when done. Stops by itself.
 */
import { readFileSync } from 'node:fs';
import { connectAgent, type ProtocolClient } from '../../test/helpers/protocol-client.ts';
import { sampleRecord } from '../../test/helpers/records.ts';

export interface SwarmJob {
  url: string;
  agents: Array<{ agentId: string; agentSecret: string }>;
  intervalMs: number;
  durationMs: number;
  /** Spread of the agents' first connections; defaults to one interval. */
  rampMs?: number;
  /** Source address on loopback (127.0.0.x), so many processes can each open many sockets. */
  localAddress?: string;
  /** Agents that send a CPU spike once, `atMs` after start (alert latency bench). */
  spikes?: Array<{ agentIndex: number; atMs: number }>;
  spikeCpuPercent?: number;
  baselineCpuPercent?: number;
}

export interface SwarmSummary {
  agents: number;
  connected: number;
  /** Connection attempts that failed (each is retried up to five times). */
  connectFailures: number;
  sent: number;
  /** Reports sent once every agent was connected (after the ramp and one interval). */
  sentSteady: number;
  acked: number;
  ackLatencyMs: number[];
  /** agentId -> when its spike report left. */
  spikesSentAt: Record<string, number>;
  errors: string[];
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
const summary: SwarmSummary = { agents: job.agents.length, connected: 0, connectFailures: 0, sent: 0, sentSteady: 0, acked: 0, ackLatencyMs: [], spikesSentAt: {}, errors: [] };
const started = Date.now();
const deadline = started + job.durationMs;
const steadyFrom = started + (job.rampMs ?? job.intervalMs) + job.intervalMs;

async function runAgent(index: number, creds: SwarmJob['agents'][number]) {
  // Spread connections over the ramp, and sends over one interval, so the load is even.
  const rampMs = job.rampMs ?? job.intervalMs;
  await new Promise((resolve) => setTimeout(resolve, (index / job.agents.length) * rampMs + Math.random() * job.intervalMs));
  let client: ProtocolClient | undefined;
  // Like a real agent: a refused or reset connection is tried again after a pause.
  for (let attempt = 1; !client && attempt <= 5; attempt += 1) {
    try {
      client = await connectAgent(job.url, creds.agentId, creds.agentSecret, job.localAddress);
    } catch (error) {
      summary.connectFailures += 1;
      if (summary.errors.length < 5) summary.errors.push(String(error));
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt * (0.5 + Math.random())));
    }
  }
  if (!client) return;
  const stream = `swarm-${creds.agentId.slice(4, 20)}`.replace(/[^A-Za-z0-9_-]/g, '_');
  let welcome;
  try {
    welcome = await client.hello(stream, Math.max(1, job.intervalMs / 1000));
  } catch (error) {
    if (summary.errors.length < 5) summary.errors.push(`hello: ${String(error)}`);
    return;
  }
  summary.connected += 1;
  let seq = welcome.ackedSeq;
  const spikeAt = job.spikes?.find((s) => s.agentIndex === index)?.atMs;
  const framePrefix = `{"type":"reports","streamId":"${stream}","records":[{"seq":`;
  const pending = new Map<number, number>();
  client.socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type !== 'ack') return;
    const now = Date.now();
    for (const [s, sentAt] of pending) {
      if (s > message.seq) break;
      summary.ackLatencyMs.push(now - sentAt);
      summary.acked += 1;
      pending.delete(s);
    }
  });
  let nextAt = Date.now();
  while (Date.now() < deadline) {
    seq += 1;
    const elapsed = Date.now() - started;
    const spike = spikeAt !== undefined && !(creds.agentId in summary.spikesSentAt) && elapsed >= spikeAt;
    const cpu = spike ? (job.spikeCpuPercent ?? 99) : (job.baselineCpuPercent ?? 10 + (seq % 20));
    const sentAt = Date.now();
    if (spike) summary.spikesSentAt[creds.agentId] = sentAt;
    // The frame is spliced from a template: the generator must stay cheaper than the server.
    client.send(`${framePrefix}${seq},"at":${sentAt},"kind":"sample","metrics":${metricsJson(cpu)}${frameSuffix}`);
    pending.set(seq, sentAt);
    summary.sent += 1;
    if (sentAt >= steadyFrom) summary.sentSteady += 1;
    // Absolute schedule: time spent sending does not stretch the interval.
    nextAt += job.intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - Date.now())));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  client.socket.close();
}

await Promise.all(job.agents.map((creds, i) => runAgent(i, creds)));
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(0);
