/**
 * From a report that crosses a threshold to the webhook request arriving, while the control
 * plane ingests about 5,000 reports/s from 5,000 agents (one report a second each) in separate
 * load-generator processes.
 * The rule has `for: 0` and the route `group_wait: 0`. The control plane runs as `tideway
 * serve` in its own process; agents speak the real protocol over WebSocket.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken } from '../control-plane/services/accounts.ts';
import { createEnrollmentToken, enrollAgent } from '../control-plane/services/enrollment.ts';
import { createTenant } from '../control-plane/services/tenants.ts';
import { createSqliteStore, databasePath } from '../control-plane/store/sqlite/index.ts';
import { freePort, startServe } from '../test/e2e/processes.ts';
import { hostFacts } from '../test/helpers/records.ts';
import type { SwarmJob, SwarmSummary } from './load/agent-swarm.ts';
import { writeBenchResult } from './lib/report.ts';

const AGENTS = 5000;
const PROCESSES = 4;
const INTERVAL_MS = 1000;
const DURATION_MS = 40_000;
const SPIKES = 60;
const RAMP_MS = 8000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-alerts-'));
const dataDir = join(dir, 'data');
mkdirSync(join(dir, 'rules'), { recursive: true });

// Agents are enrolled straight in the database before the server starts.
const store = createSqliteStore(databasePath(dataDir));
const tenant = createTenant(store, { name: 'Bench' }, Date.now());
const agents = store.transaction(() =>
  Array.from({ length: AGENTS }, (_, i) => {
    const { token } = createEnrollmentToken(store, { tenantId: tenant.id }, Date.now());
    return enrollAgent(store, { token, facts: hostFacts(`bench-${i}`) }, 'unused', Date.now());
  }),
);
const metricsToken = createApiToken(store, { name: 'bench', role: 'ops-viewer' }, Date.now()).token;
store.close();

// The webhook receiver: when did each host's spike notification arrive?
const arrivals = new Map<string, number>();
const webhook = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const now = Date.now();
    for (const alert of JSON.parse(body).alerts ?? []) {
      if (alert.status === 'firing' && alert.labels.alertname === 'cpu-spike' && !arrivals.has(alert.labels.host_id)) arrivals.set(alert.labels.host_id, now);
    }
    response.writeHead(200).end();
  });
});
const webhookPort = await freePort();
await new Promise<void>((resolve) => webhook.listen(webhookPort, '127.0.0.1', resolve));

writeFileSync(
  join(dir, 'rules', 'spike.yaml'),
  'rules:\n  - id: cpu-spike\n    kind: metric-threshold\n    severity: critical\n    metric: cpu_percent\n    op: ">"\n    threshold: 95\n    summary: CPU spike on {{host}}\n',
);
writeFileSync(
  join(dir, 'notifications.yaml'),
  `receivers:\n  - name: bench\n    kind: webhook\n    url: http://127.0.0.1:${webhookPort}/hook\nroute:\n  receiver: bench\n  group_by: [alertname, host_id]\n  group_wait: 0s\n  group_interval: 5m\n  repeat_interval: 4h\n`,
);

const port = await freePort();
const server = await startServe(dataDir, port, ['--no-local-agent', '--notifications', join(dir, 'notifications.yaml'), '--rules-dir', join(dir, 'rules')]);
console.log(`control plane up on ${server.url}; starting ${AGENTS} agents in ${PROCESSES} processes at ${(AGENTS * 1000) / INTERVAL_MS} reports/s`);

const spikeAgents = new Set(Array.from({ length: SPIKES }, (_, i) => Math.floor((i * AGENTS) / SPIKES)));
const perProcess = AGENTS / PROCESSES;
const summaries = await Promise.all(
  Array.from({ length: PROCESSES }, (_, p) => {
    const slice = agents.slice(p * perProcess, (p + 1) * perProcess);
    const spikes = slice.flatMap((_, i) => (spikeAgents.has(p * perProcess + i) ? [{ agentIndex: i, atMs: 10_000 + ((p * perProcess + i) / AGENTS) * 20_000 }] : []));
    const jobFile = join(dir, `swarm-${p}.json`);
    const job: SwarmJob = { url: server.url, agents: slice, intervalMs: INTERVAL_MS, durationMs: DURATION_MS, rampMs: RAMP_MS, localAddress: `127.0.0.${p + 2}`, spikes, baselineCpuPercent: 20 };
    return new Promise<SwarmSummary>((resolve, reject) => {
      // The job goes in a file: agent secrets do not belong on a command line.
      writeFileSync(jobFile, JSON.stringify(job), { mode: 0o600 });
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load/agent-swarm.ts', jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`swarm ${p} exited ${code}`))));
    });
  }),
);
await new Promise((resolve) => setTimeout(resolve, 2000));
const exposition = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(exposition)?.[1] ?? NaN);
const lagP99Ms = metric('nodejs_eventloop_lag_p99_seconds') * 1000;
console.log(`server: event-loop lag p99 ${lagP99Ms.toFixed(0)} ms; commits over 100 ms: ${metric('tideway_ingest_commit_duration_seconds_count') - metric('tideway_ingest_commit_duration_seconds_bucket{le="0.1"}')} of ${metric('tideway_ingest_commit_duration_seconds_count')}`);
await server.stop();
webhook.close();

const hostOf = new Map(agents.map((a) => [a.agentId, a.hostId]));
const latencies: number[] = [];
let missing = 0;
for (const summary of summaries) {
  for (const [agentId, sentAt] of Object.entries(summary.spikesSentAt)) {
    const arrivedAt = arrivals.get(hostOf.get(agentId)!);
    if (arrivedAt === undefined) missing += 1;
    else latencies.push(arrivedAt - sentAt);
  }
}
const sent = summaries.reduce((n, s) => n + s.sent, 0);
const acked = summaries.reduce((n, s) => n + s.acked, 0);
const ackLatencies = summaries.flatMap((s) => s.ackLatencyMs);
const steady = summaries.reduce((n, s) => n + s.sentSteady, 0);
const rate = Math.round(steady / ((DURATION_MS - RAMP_MS - INTERVAL_MS) / 1000));
const connected = summaries.reduce((n, s) => n + s.connected, 0);
const failures = summaries.reduce((n, s) => n + s.connectFailures, 0);
console.log(`connected ${connected}/${AGENTS} (${failures} failed attempts, retried), sent ${sent}, acked ${acked}, spikes ${latencies.length + missing}, notifications missing ${missing}`);
if (failures > 0) console.log(`first errors: ${summaries.flatMap((s) => s.errors).slice(0, 3).join('; ')}`);
rmSync(dir, { recursive: true, force: true });

const p99 = percentile(latencies, 99);
writeBenchResult('alert-latency', [
  { what: `threshold crossing to webhook arrival, p99 of ${latencies.length} alerts (${missing} never arrived), during ingest`, value: p99, unit: 'ms', target: '< 1000 ms', met: missing === 0 && p99 < 1000 },
  { what: 'threshold crossing to webhook arrival, p50', value: percentile(latencies, 50), unit: 'ms' },
  { what: `ingest while measured: reports/s from ${AGENTS} agents once all connected (${acked} of ${sent} reports acked)`, value: rate, unit: 'reports/s', target: '5000' },
  { what: 'ack latency p99 during the run', value: percentile(ackLatencies, 99), unit: 'ms' },
  { what: 'control-plane event-loop lag p99 during the run', value: Math.round(lagP99Ms), unit: 'ms' },
]);
process.exit(0);
