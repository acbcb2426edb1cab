/**
 * Reconnect storm: 15,000 agents (separate load-generator processes, real WebSocket, one
 * report every 15 s) are connected and reporting when the control plane is restarted
 * (SIGTERM, then `tideway serve` again on the same data and port). Every agent reconnects
 * with the real agent's backoff (full jitter, 1 s doubling to 60 s), says hello, sends what
 * is due at once and waits for its ack. Measured: from the SIGTERM to each agent's first
 * ack on the new server.
 *
 *   npm run bench -- reconnect-storm     (BENCH_SMOKE=1 for a small run that records nothing;
 *                                         BENCH_AGENTS=N for another fleet size)
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServe } from '../test/e2e/processes.ts';
import { SMOKE, checkOpenFileLimit, combine, enrollFleet, eventLoopLagP99Ms, killOnExit, percentile, recordFigures, sleep, startSwarms, until } from './lib/fleet.ts';

const AGENTS = Number(process.env.BENCH_AGENTS ?? (SMOKE ? 400 : 15_000));
const PROCESSES = Math.max(2, Math.ceil(AGENTS / 4000));
const INTERVAL_MS = 15_000;
const RAMP_MS = SMOKE ? 2000 : 30_000;
const TARGET_MS = 120_000;
// The control plane holds a socket per agent, plus its database, logs and listeners.
checkOpenFileLimit(AGENTS + 100);

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-storm-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const { agents, apiToken } = enrollFleet(dataDir, [{ tenant: 'Fleet', agents: AGENTS }]);
const port = await freePort();
let server = await startServe(dataDir, port, ['--no-local-agent']);
killOnExit(server.child);

const swarms = startSwarms(dir, agents, PROCESSES, { url: server.url, intervalMs: INTERVAL_MS, rampMs: RAMP_MS, durationMs: RAMP_MS + 60_000 + INTERVAL_MS + TARGET_MS + 30_000, reconnect: true });
const allConnected = await until(() => swarms.progress().linked === AGENTS, RAMP_MS + 60_000);
console.log(`${swarms.progress().linked} of ${AGENTS} agents connected; one interval for all to report`);
await sleep(INTERVAL_MS);

const restartAt = Date.now();
await server.stop();
const stoppedMs = Date.now() - restartAt;
server = await startServe(dataDir, port, ['--no-local-agent']);
killOnExit(server.child);
const upMs = Date.now() - restartAt;
console.log(`restart: old server gone after ${(stoppedMs / 1000).toFixed(1)} s, new one healthy after ${(upMs / 1000).toFixed(1)} s`);
let lastReport = 0;
const allBack = await until(() => {
  const { back, linked } = swarms.progress();
  if (Date.now() - lastReport >= 10_000) {
    lastReport = Date.now();
    console.log(`  +${((Date.now() - restartAt) / 1000).toFixed(0)} s: ${back} back and acked, ${linked} linked`);
  }
  return back === AGENTS;
}, TARGET_MS + 20_000 - (Date.now() - restartAt));
const lagP99Ms = await eventLoopLagP99Ms(server.url, apiToken);
swarms.tell('stop');
const summary = combine(await swarms.done);
await server.stop();
rmSync(dir, { recursive: true, force: true });

const backMs = agents.flatMap((a) => (summary.backAt[a.agentId] === undefined ? [] : [summary.backAt[a.agentId] - restartAt]));
const missing = AGENTS - backMs.length;
const worstMs = missing === 0 ? Math.max(...backMs) : Infinity;
console.log(`back ${backMs.length}/${AGENTS}; links lost ${summary.linksLost}, failed attempts ${summary.connectFailures}${summary.errors.length ? `; first errors: ${summary.errors.slice(0, 3).join('; ')}` : ''}`);

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const figures = [
  {
    what: `reconnect storm: SIGTERM of the control plane to the last of ${AGENTS} agents back and acked on the new one (${missing} not back; server healthy again after ${seconds(upMs)} s)`,
    value: Number.isFinite(worstMs) ? seconds(worstMs) : seconds(Date.now() - restartAt), unit: 's', target: `<= ${TARGET_MS / 1000} s`,
    met: allConnected && allBack && worstMs <= TARGET_MS,
  },
  { what: 'reconnect storm: same, median agent', value: seconds(percentile(backMs, 50)), unit: 's' },
  { what: 'reconnect storm: same, 99th percentile agent', value: seconds(percentile(backMs, 99)), unit: 's' },
  { what: 'control-plane event-loop lag p99 from its start through the storm', value: Math.round(lagP99Ms), unit: 'ms' },
];
recordFigures('reconnect-storm', figures);
process.exit(0);
