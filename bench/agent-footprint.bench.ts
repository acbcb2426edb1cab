/**
 * Agent footprint: the bundled agent (dist/tideway-agent.mjs) enrolled with a control plane
 * and running five checks (http, tcp, process, systemd, command), against Debian's
 * `prometheus-node-exporter` scraped at the same interval over the same minutes. RSS and CPU
 * come from /proc (CPU includes reaped children, so the command check's process counts).
 * CPU per collection: the agent's CPU time over the measured window divided by the samples it
 * took in that window; node_exporter's over the scrapes made in it.
 * Beside the agent as its systemd unit runs it (with AGENT_NODE_FLAGS), two copies run for
 * comparison: one without those node flags, to show what they change, and one with no checks
 * (metrics only, what node_exporter does).
 *
 *   npm run bench -- agent-footprint     (BENCH_SMOKE=1 for a short run that records nothing)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken } from '../control-plane/services/accounts.ts';
import { createEnrollmentToken } from '../control-plane/services/enrollment.ts';
import { createTenant } from '../control-plane/services/tenants.ts';
import { createSqliteStore, databasePath } from '../control-plane/store/sqlite/index.ts';
import { AGENT_BUNDLE, agentCli, freePort, startServe, stopChild, waitFor } from '../test/e2e/processes.ts';
import { AGENT_NODE_FLAGS } from '../agent/systemd/unit.ts';
import { SMOKE, killOnExit, recordFigures, sleep } from './lib/fleet.ts';
import { MiB, cpuMs, rssSplit, sampleRss } from './lib/proc.ts';
import type { BenchFigure } from './lib/report.ts';

const INTERVAL_SECONDS = SMOKE ? 1 : 5;
const WARMUP_MS = SMOKE ? 3000 : 15_000;
const MEASURE_MS = SMOKE ? 10_000 : 135_000;
const TARGET_RSS_MB = 60;
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

if (!existsSync(AGENT_BUNDLE)) {
  console.log('dist/tideway-agent.mjs is missing; building it');
  if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}
console.log(`agent bundle built ${statSync(AGENT_BUNDLE).mtime.toISOString()}; interval ${INTERVAL_SECONDS} s, warm-up ${WARMUP_MS / 1000} s, measured ${MEASURE_MS / 1000} s`);

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-agent-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const store = createSqliteStore(databasePath(dataDir));
const tenant = createTenant(store, { name: 'Bench' }, Date.now());
const { token } = createEnrollmentToken(store, { tenantId: tenant.id, maxUses: 3 }, Date.now());
const apiToken = createApiToken(store, { name: 'bench', role: 'ops-viewer' }, Date.now()).token;
store.close();

const port = await freePort();
const server = await startServe(dataDir, port, ['--no-local-agent']);
killOnExit(server.child);
const config = join(dir, 'agent.yaml');
writeFileSync(
  config,
  `commands:\n  disk-free:\n    path: /usr/bin/df\n    args: ["-P", "/"]\nchecks:\n` +
    `  - { name: control-plane, kind: http, url: "${server.url}/healthz", keyword: ok }\n` +
    `  - { name: control-plane-port, kind: tcp, host: 127.0.0.1, port: ${port} }\n` +
    `  - { name: node-running, kind: process, process: node, minCount: 1 }\n` +
    `  - { name: nginx-unit, kind: systemd, unit: nginx.service }\n` +
    `  - { name: root-disk, kind: command, command: disk-free }\n`,
);

const metricsOnly = join(dir, 'agent-metrics-only.yaml');
writeFileSync(metricsOnly, 'checks: []\n');

/** Enrols one agent and runs it as its systemd unit does (`node` + the bundle), with `nodeFlags`. */
async function startAgent(name: string, nodeFlags: string[], configFile = config) {
  const stateDir = join(dir, name);
  const enrolled = await agentCli('enroll', '--server', server.url, '--token', token, '--state', stateDir);
  if (enrolled.code !== 0) throw new Error(`enrol failed: ${enrolled.output}`);
  const { hostId } = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as { hostId: string };
  const args = [...nodeFlags, AGENT_BUNDLE, 'run', '--state', stateDir, '--config', configFile, '--interval', String(INTERVAL_SECONDS)];
  const child = killOnExit(spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  return { child, hostId, rss: sampleRss(child.pid!, 500), stderr: () => stderr };
}

const shipped = await startAgent('agent', [...AGENT_NODE_FLAGS]);
const tuned = await startAgent('agent-full-jit', []);
const bare = await startAgent('agent-metrics-only', [...AGENT_NODE_FLAGS], metricsOnly);
const agents = [shipped, tuned, bare];

// node_exporter on a free port, scraped on the agent's interval.
let exporter: ChildProcess | null = null;
let scrapes: number[] = [];
let scraper: NodeJS.Timeout | undefined;
if (existsSync(NODE_EXPORTER)) {
  const exporterPort = await freePort();
  exporter = killOnExit(spawn(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${exporterPort}`], { stdio: 'ignore' }));
  await waitFor('node_exporter', async () => (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).ok || undefined, 20_000);
  scraper = setInterval(() => {
    const at = Date.now();
    void fetch(`http://127.0.0.1:${exporterPort}/metrics`).then((r) => r.text()).then(() => scrapes.push(at));
  }, INTERVAL_SECONDS * 1000);
} else console.log(`${NODE_EXPORTER} is missing (apt-get install -y prometheus-node-exporter): no baseline`);
const exporterRss = exporter ? sampleRss(exporter.pid!, 500) : null;

await sleep(WARMUP_MS);
const fromAt = Date.now();
const cpuFrom = agents.map((a) => cpuMs(a.child.pid!));
const ownCpuFrom = cpuMs(shipped.child.pid!, false);
const exporterCpuFrom = exporter ? cpuMs(exporter.pid!) : 0;
await sleep(MEASURE_MS);
const toAt = Date.now();
const cpuUsed = agents.map((a, i) => cpuMs(a.child.pid!) - cpuFrom[i]);
const ownCpuUsed = cpuMs(shipped.child.pid!, false) - ownCpuFrom;
const exporterCpu = exporter ? cpuMs(exporter.pid!) - exporterCpuFrom : 0;
clearInterval(scraper);
const [shippedRss, tunedRss, bareRss] = agents.map((a) => a.rss.stop());
const split = rssSplit(shipped.child.pid!);
const exporterPeak = exporterRss?.stop().peakBytes ?? 0;
scrapes = scrapes.filter((at) => at >= fromAt && at < toAt);

// Samples each agent took in the window, as stored by the control plane.
await sleep(2000);
const range = `from=${new Date(fromAt).toISOString()}&to=${new Date(toAt).toISOString()}`;
const collected = async (hostId: string) =>
  ((await (await fetch(`${server.url}/api/v1/hosts/${hostId}/samples?${range}`, { headers: { authorization: `Bearer ${apiToken}` } })).json()) as { items: unknown[] }).items.length;
const collections = [await collected(shipped.hostId), await collected(tuned.hostId), await collected(bare.hostId)];
for (const child of [...agents.map((a) => a.child), exporter]) if (child) await stopChild(child);
await server.stop();
rmSync(dir, { recursive: true, force: true });
if (collections.includes(0)) throw new Error(`an agent stored no samples in the window:\n${agents.map((a) => a.stderr()).join('\n')}`);

const perCollectionMs = cpuUsed.map((ms, i) => ms / collections[i]);
const perScrapeMs = scrapes.length > 0 ? exporterCpu / scrapes.length : NaN;
const mb = (bytes: number) => Math.round((bytes / 1e6) * 10) / 10;
const round = (ms: number) => Math.round(ms * 100) / 100;
console.log(`agent: ${collections[0]} collections, ${cpuUsed[0].toFixed(0)} ms CPU, RSS peak ${mb(shippedRss.peakBytes)} MB, last ${mb(shippedRss.lastBytes)} MB (${mb(split.fileBytes)} MB file-backed, ${mb(split.anonBytes)} MB anonymous)`);
console.log(`agent without ${AGENT_NODE_FLAGS.join(' ')}: ${collections[1]} collections, ${cpuUsed[1].toFixed(0)} ms CPU, RSS peak ${mb(tunedRss.peakBytes)} MB, last ${mb(tunedRss.lastBytes)} MB`);
console.log(`agent without checks: ${collections[2]} collections, ${cpuUsed[2].toFixed(0)} ms CPU, RSS peak ${mb(bareRss.peakBytes)} MB, last ${mb(bareRss.lastBytes)} MB`);
if (exporter) console.log(`node_exporter: ${scrapes.length} scrapes, ${exporterCpu.toFixed(0)} ms CPU, RSS peak ${mb(exporterPeak)} MB`);

const vsExporter = (value: number, exporterValue: number) =>
  exporter ? { baseline: { what: `prometheus-node-exporter scraped every ${INTERVAL_SECONDS} s`, value: exporterValue }, ratio: value / exporterValue } : {};
const run = `${(WARMUP_MS + MEASURE_MS) / 1000} s at a ${INTERVAL_SECONDS} s interval with 5 checks`;
const figures: BenchFigure[] = [
  {
    what: `bundled agent RSS (VmRSS, MB of 10^6 bytes), peak over ${run} (${(shippedRss.peakBytes / MiB).toFixed(1)} MiB; at the end ${mb(shippedRss.lastBytes)} MB, of which ${mb(split.fileBytes)} MB file-backed code)`,
    value: mb(shippedRss.peakBytes), unit: 'MB', target: `<= ${TARGET_RSS_MB} MB`, met: shippedRss.peakBytes <= TARGET_RSS_MB * 1e6, ...vsExporter(mb(shippedRss.peakBytes), mb(exporterPeak)),
  },
  {
    what: `bundled agent CPU per collection (user+system from /proc over ${collections[0]} collections), against node_exporter's per scrape`,
    value: round(perCollectionMs[0]), unit: 'ms', target: exporter ? "<= node_exporter's per scrape" : undefined,
    met: exporter ? perCollectionMs[0] <= perScrapeMs : undefined, ...vsExporter(round(perCollectionMs[0]), round(perScrapeMs)),
  },
  {
    what: `what-if: the same agent without its unit's node flags (${AGENT_NODE_FLAGS.join(' ')}), RSS peak over the same minutes (last reading ${mb(tunedRss.lastBytes)} MB)`,
    value: mb(tunedRss.peakBytes), unit: 'MB', ...vsExporter(mb(tunedRss.peakBytes), mb(exporterPeak)),
  },
  {
    what: `of that, the agent process alone (the program its command check spawns, df, left out; the systemd check spawns nothing; ${collections[0]} collections)`,
    value: round(ownCpuUsed / collections[0]), unit: 'ms', ...vsExporter(round(ownCpuUsed / collections[0]), round(perScrapeMs)),
  },
  { what: `what-if: the same, CPU per collection (${collections[1]} collections)`, value: round(perCollectionMs[1]), unit: 'ms', ...vsExporter(round(perCollectionMs[1]), round(perScrapeMs)) },
  {
    what: `for comparison: the agent with no checks (metrics only, as node_exporter), CPU per collection (${collections[2]} collections; RSS peak ${mb(bareRss.peakBytes)} MB)`,
    value: round(perCollectionMs[2]), unit: 'ms', ...vsExporter(round(perCollectionMs[2]), round(perScrapeMs)),
  },
];
recordFigures('agent-footprint', figures);
process.exit(0);
