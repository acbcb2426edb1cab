/**
 * Connected agents in one control-plane process, and heartbeat loss detection among them:
 * 15,000 agents reporting every 15 s over real WebSocket connections from separate
 * load-generator processes (each on its own loopback source address). Once all are
 * connected and reporting, the control plane's RSS (from /proc) and its own event-loop lag
 * (its /metrics) are read over a hold. Then a group of 1,000 agents, enrolled under a tenant
 * of their own, goes silent with sockets left open (a hung host), and the bench polls the
 * hosts API until each of them is marked stale: the time from its last report counts.
 *
 *   npm run bench -- fleet-connections   (BENCH_SMOKE=1 for a small run that records nothing;
 *                                         BENCH_AGENTS=N for another fleet size)
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServe } from '../test/e2e/processes.ts';
import { SMOKE, checkOpenFileLimit, combine, enrollFleet, eventLoopLagP99Ms, killOnExit, percentile, recordFigures, sleep, startSwarms, until, type FleetAgent } from './lib/fleet.ts';
import { MiB, sampleRss } from './lib/proc.ts';

// BENCH_AGENTS scales the run on a host whose open-file limit allows more (see docs/performance.md).
const AGENTS = Number(process.env.BENCH_AGENTS ?? (SMOKE ? 400 : 15_000));
const SILENT = Math.min(1000, Math.ceil(AGENTS / 15));
const PROCESSES = Math.max(2, Math.ceil(AGENTS / 4000));
const INTERVAL_MS = SMOKE ? 4000 : 15_000;
const RAMP_MS = SMOKE ? 2000 : 30_000;
const HOLD_MS = SMOKE ? 8000 : 45_000;
const TARGET_RSS_MIB = 2048;
const TARGET_LAG_MS = 50;
const DETECT_WITHIN_MS = 2 * INTERVAL_MS;
// The control plane holds a socket per agent, plus its database, logs and listeners.
checkOpenFileLimit(AGENTS + 100);

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-connections-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const { agents, tenantIds, apiToken } = enrollFleet(dataDir, [
  { tenant: 'Fleet', agents: AGENTS - SILENT },
  { tenant: 'Silent', agents: SILENT },
]);
// The silent group is spread evenly over the generators.
const position = (agent: FleetAgent, i: number) => (agent.group === 1 ? (i - (AGENTS - SILENT) + 0.5) / SILENT : (i + 0.5) / (AGENTS - SILENT));
const ordered = agents.map((agent, i) => ({ agent, at: position(agent, i) })).sort((a, b) => a.at - b.at).map((x) => x.agent);

const port = await freePort();
const server = await startServe(dataDir, port, ['--no-local-agent']);
killOnExit(server.child);
const pid = server.child.pid!;
// Peak against peak: the idle figure is sampled for a few seconds too.
const idleSampler = sampleRss(pid, 250);
await sleep(3000);
const idleRssBytes = idleSampler.stop().peakBytes;
const hosts = async (query: string) => {
  const response = await fetch(`${server.url}/api/v1/hosts?${query}`, { headers: { authorization: `Bearer ${apiToken}` } });
  return (await response.json()) as { items: Array<{ id: string; status: string }>; total: number; counts: Record<'up' | 'stale' | 'down', number> };
};

const startedAt = Date.now();
const swarms = startSwarms(dir, ordered, PROCESSES, { url: server.url, intervalMs: INTERVAL_MS, rampMs: RAMP_MS, durationMs: RAMP_MS + 60_000 + HOLD_MS + 3 * INTERVAL_MS + 30_000 }, (agent) => agent.group === 1);
const allConnected = await until(() => swarms.progress().linked === AGENTS, RAMP_MS + 60_000);
const connectedMs = Date.now() - startedAt;
console.log(`${swarms.progress().linked} of ${AGENTS} agents connected after ${(connectedMs / 1000).toFixed(1)} s (ramp ${RAMP_MS / 1000} s)`);

// One interval so every agent has reported, then the hold.
await sleep(INTERVAL_MS);
await eventLoopLagP99Ms(server.url, apiToken);
const rss = sampleRss(pid);
let minLinked = swarms.progress().linked;
const watch = setInterval(() => (minLinked = Math.min(minLinked, swarms.progress().linked)), 1000);
await sleep(HOLD_MS);
clearInterval(watch);
const scrapeStartedAt = Date.now();
const lagP99Ms = await eventLoopLagP99Ms(server.url, apiToken);
const scrapeMs = Date.now() - scrapeStartedAt;
const { peakBytes } = rss.stop();
const upBeforeSilence = (await hosts('limit=1')).counts.up;
console.log(`hold of ${HOLD_MS / 1000} s: at least ${minLinked} linked, ${upBeforeSilence} hosts up, RSS peak ${(peakBytes / MiB).toFixed(0)} MiB (idle ${(idleRssBytes / MiB).toFixed(0)} MiB), lag p99 ${lagP99Ms.toFixed(0)} ms; a /metrics scrape took ${scrapeMs} ms`);

// Heartbeat loss: the silent tenant's agents stop at their next report.
swarms.tell('silence');
const detectedAt = new Map<string, number>();
let wronglyDown = 0;
await until(
  async () => {
    const page = await hosts(`tenantId=${tenantIds[1]}&limit=1000`);
    const now = Date.now();
    for (const host of page.items) if (host.status !== 'up' && !detectedAt.has(host.id)) detectedAt.set(host.id, now);
    const others = (await hosts(`tenantId=${tenantIds[0]}&limit=1`)).counts;
    wronglyDown = Math.max(wronglyDown, others.stale + others.down);
    return detectedAt.size === SILENT;
  },
  INTERVAL_MS + DETECT_WITHIN_MS + 15_000,
  500,
);
swarms.tell('stop');
const summary = combine(await swarms.done);
await server.stop();
rmSync(dir, { recursive: true, force: true });

const detectionMs = agents.filter((a) => a.group === 1).flatMap((a) => {
  const detected = detectedAt.get(a.hostId);
  const silencedAt = summary.silencedAt[a.agentId];
  return detected === undefined || silencedAt === undefined ? [] : [detected - silencedAt];
});
const missed = SILENT - detectionMs.length;
const worstMs = Math.max(...detectionMs);
console.log(`silent ${Object.keys(summary.silencedAt).length}, detected ${detectionMs.length}; other hosts marked stale or down: ${wronglyDown}; connect failures ${summary.connectFailures}, links lost ${summary.linksLost}`);
if (summary.errors.length) console.log(`first errors: ${summary.errors.slice(0, 3).join('; ')}`);

const interval = `${INTERVAL_MS / 1000} s`;
const rssMiB = Math.round(peakBytes / MiB);
const figures = [
  {
    what: `agents connected to one control-plane process, reporting every ${interval} (${PROCESSES} generator processes on 127.0.0.2-${PROCESSES + 1}; fewest linked during a ${HOLD_MS / 1000} s hold)`,
    value: minLinked, unit: 'agents', target: `>= ${AGENTS}`, met: allConnected && minLinked >= AGENTS,
  },
  { what: `control-plane RSS with them connected, peak over the hold (${Math.round(idleRssBytes / MiB)} MiB before any connected)`, value: rssMiB, unit: 'MiB', target: `< ${TARGET_RSS_MIB} MiB`, met: rssMiB < TARGET_RSS_MIB },
  { what: 'control-plane RSS per connected agent (peak during the hold minus peak before, over agents)', value: Math.round((peakBytes - idleRssBytes) / AGENTS / 1024), unit: 'KiB' },
  { what: 'control-plane event-loop lag p99 over the hold (its own nodejs_eventloop_lag_p99_seconds)', value: Math.round(lagP99Ms), unit: 'ms', target: `< ${TARGET_LAG_MS} ms`, met: lagP99Ms < TARGET_LAG_MS },
  { what: `ack latency p99 while connected (${summary.ackLatencyMs.length} acks)`, value: percentile(summary.ackLatencyMs, 99), unit: 'ms' },
  { what: `one /metrics scrape with ${AGENTS} hosts (7 per-host series each), request to last byte`, value: scrapeMs, unit: 'ms' },
  {
    what: `heartbeat loss: last report to host marked stale, worst of ${SILENT} silent agents among ${AGENTS} (${missed} not detected; ${wronglyDown} reporting hosts wrongly marked)`,
    value: Math.round(worstMs / 100) / 10, unit: 's', target: `<= ${DETECT_WITHIN_MS / 1000} s (2 intervals)`, met: missed === 0 && wronglyDown === 0 && worstMs <= DETECT_WITHIN_MS,
  },
  { what: 'heartbeat loss: last report to host marked stale, median', value: Math.round(percentile(detectionMs, 50) / 100) / 10, unit: 's' },
];
recordFigures('fleet-connections', figures);
process.exit(0);
