/**
 * Sustained ingest, acked after commit: 2,000 agents in separate load-generator processes
 * send realistic reports (20 metrics, 5 checks; one report a frame) over real WebSocket
 * connections to `tideway serve`. Two phases against each server:
 *   - target load: a little over 10,000 reports/s on a fixed schedule; acked rate and ack p99;
 *   - capacity: every agent keeps two reports in flight; the acked rate is the ceiling.
 * Baselines in the same run: a bare `ws` server that only parses the frames and answers
 * (bench/load/bare-ws-server.ts), with the same generators and load; and a bare
 * better-sqlite3 batched insert of the same rows, in batches as large as the control plane's.
 *
 *   npm run bench -- fleet-ingest        (BENCH_SMOKE=1 for a small run that records nothing)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServe, stopChild } from '../test/e2e/processes.ts';
import type { SwarmJob, SwarmSummary } from './load/agent-swarm.ts';
import { SMOKE, combine, enrollFleet, eventLoopLagP99Ms, killOnExit, percentile, recordFigures, scrapeMetrics, startSwarms, type FleetAgent } from './lib/fleet.ts';
import type { BenchFigure } from './lib/report.ts';
import { bareInsertRate } from './lib/sqlite-baseline.ts';

const AGENTS = SMOKE ? 100 : 2000;
const PROCESSES = SMOKE ? 2 : 4;
const TARGET_RATE = SMOKE ? 500 : 10_000;
// About 5% over the target, so a server that keeps up is seen to clear it.
const INTERVAL_MS = Math.floor((AGENTS * 1000) / (TARGET_RATE * 1.05));
// Connections spread over 12 s: faster, agents time out on the hello while the first ones already report.
const RAMP_MS = SMOKE ? 1000 : 12_000;
const STEADY_MS = SMOKE ? 5000 : 30_000;
const CAPACITY_MS = SMOKE ? 4000 : 20_000;
const IN_FLIGHT = 2;
const TARGET_P99_MS = 250;

interface Phase {
  rate: number;
  p99Ms: number;
  summary: SwarmSummary;
}

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-ingest-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const { agents, apiToken } = enrollFleet(dataDir, [{ tenant: 'Bench', agents: AGENTS }]);

/** One run of the generators against `url`; the acked rate over the steady window. */
async function phase(url: string, fleet: FleetAgent[], job: Pick<SwarmJob, 'intervalMs' | 'durationMs' | 'inFlight'>): Promise<Phase> {
  const summary = combine(await startSwarms(dir, fleet, PROCESSES, { url, rampMs: RAMP_MS, ...job }).done);
  const rate = Math.round(summary.ackedSteady / (summary.steadyMs / 1000));
  console.log(
    `  ${url} ${job.inFlight ? `${job.inFlight} in flight` : `every ${job.intervalMs} ms`}: connected ${summary.connected}/${summary.agents} (${summary.connectFailures} failed attempts), ` +
      `sent ${summary.sent}, acked ${summary.acked}; steady: ${rate} reports/s, ack p50 ${percentile(summary.ackLatencySteadyMs, 50)} ms, p99 ${percentile(summary.ackLatencySteadyMs, 99)} ms` +
      (summary.errors.length ? `; first errors: ${summary.errors.slice(0, 2).join('; ')}` : ''),
  );
  return { rate, p99Ms: percentile(summary.ackLatencySteadyMs, 99), summary };
}

const targetJob = { intervalMs: INTERVAL_MS, durationMs: RAMP_MS + INTERVAL_MS + STEADY_MS };
const capacityJob = { intervalMs: 1000, durationMs: RAMP_MS + 1000 + CAPACITY_MS, inFlight: IN_FLIGHT };
console.log(`${AGENTS} agents in ${PROCESSES} processes; target load ${Math.round((AGENTS * 1000) / INTERVAL_MS)} reports/s (one report a frame), then ${IN_FLIGHT} reports in flight per agent`);

// Baseline first: a bare ws server, same generators, same load.
const bare = killOnExit(spawn(process.execPath, ['--import', 'tsx', 'bench/load/bare-ws-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] }));
const barePort = await new Promise<number>((resolve) => bare.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
const bareUrl = `http://127.0.0.1:${barePort}`;
const bareTarget = await phase(bareUrl, agents, targetJob);
const bareCapacity = await phase(bareUrl, agents, capacityJob);
await stopChild(bare);

const port = await freePort();
const server = await startServe(dataDir, port, ['--no-local-agent']);
killOnExit(server.child);
await eventLoopLagP99Ms(server.url, apiToken);
const target = await phase(server.url, agents, targetJob);
const lagP99Ms = await eventLoopLagP99Ms(server.url, apiToken);
const before = await scrapeMetrics(server.url, apiToken);
const capacity = await phase(server.url, agents, capacityJob);
const after = await scrapeMetrics(server.url, apiToken);
await server.stop();
rmSync(dir, { recursive: true, force: true });

// The bare insert gets batches as large as the control plane committed under the same load.
const delta = (name: string) => after(name) - before(name);
const batchRecords = Math.max(1, Math.round(delta('tideway_ingest_batch_records_sum') / delta('tideway_ingest_batch_records_count')));
const commitMeanMs = (delta('tideway_ingest_commit_duration_seconds_sum') / delta('tideway_ingest_commit_duration_seconds_count')) * 1000;
console.log(`control plane at capacity: ${batchRecords} records a batch on average, ${commitMeanMs.toFixed(1)} ms a commit; event-loop lag p99 at target load ${lagP99Ms.toFixed(0)} ms`);
const sqliteRate = bareInsertRate(batchRecords, Math.ceil((SMOKE ? 20_000 : 200_000) / batchRecords), AGENTS);

const offered = Math.round((AGENTS * 1000) / INTERVAL_MS);
const sentRate = (p: Phase) => Math.round(p.summary.sentSteady / (p.summary.steadyMs / 1000));
const figures: BenchFigure[] = [
  {
    what: `sustained ingest acked after commit: ${AGENTS} agents in ${PROCESSES} processes, ${offered} reports/s offered (one report a frame, 20 metrics and 5 checks), acked rate over ${STEADY_MS / 1000} s (${sentRate(target)} reports/s sent in that window; ${target.summary.connectFailures} connection attempts failed and were retried)`,
    value: target.rate, unit: 'reports/s', target: `>= ${TARGET_RATE} reports/s`, met: target.rate >= TARGET_RATE && target.summary.connected === AGENTS,
    baseline: { what: 'bare ws server parsing the same frames, same load', value: bareTarget.rate }, ratio: target.rate / bareTarget.rate,
  },
  {
    what: `ack latency p99 at that load (${target.summary.ackLatencySteadyMs.length} acks)`, value: target.p99Ms, unit: 'ms', target: `< ${TARGET_P99_MS} ms`, met: target.p99Ms < TARGET_P99_MS,
    baseline: { what: 'bare ws server', value: bareTarget.p99Ms }, ratio: target.p99Ms / Math.max(1, bareTarget.p99Ms),
  },
  { what: 'ack latency p50 at that load', value: percentile(target.summary.ackLatencySteadyMs, 50), unit: 'ms', baseline: { what: 'bare ws server', value: percentile(bareTarget.summary.ackLatencySteadyMs, 50) }, ratio: percentile(target.summary.ackLatencySteadyMs, 50) / Math.max(1, percentile(bareTarget.summary.ackLatencySteadyMs, 50)) },
  { what: 'control-plane event-loop lag p99 at that load', value: Math.round(lagP99Ms), unit: 'ms' },
  {
    what: `ingest capacity: acked reports/s with ${IN_FLIGHT} reports in flight per agent, over ${CAPACITY_MS / 1000} s`,
    value: capacity.rate, unit: 'reports/s', baseline: { what: 'bare ws server parsing the same frames', value: bareCapacity.rate }, ratio: capacity.rate / bareCapacity.rate,
  },
  {
    what: `ingest capacity against the store alone`, value: capacity.rate, unit: 'reports/s',
    baseline: { what: `bare better-sqlite3 insert of the same rows, batches of ${batchRecords} (the control plane's mean)`, value: sqliteRate }, ratio: capacity.rate / sqliteRate,
  },
];
recordFigures('fleet-ingest', figures);
process.exit(0);
