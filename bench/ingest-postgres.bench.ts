/**
 * Sustained ingest on PostgreSQL against SQLite, in one run, with the same enrolled agents, the
 * same load-generator processes and the same offered load:
 *   - `tideway serve` on SQLite (the baseline of every other figure);
 *   - one replica on PostgreSQL (`--store <url> --replica-id p1`);
 *   - three replicas on one PostgreSQL, one generator process (a third of the agents) each.
 * Each gets a target phase (a fixed schedule; acked rate, ack p50/p99) and a capacity phase
 * (two reports in flight per agent). CPU is read from /proc: the control planes', and, when the
 * PostgreSQL server is local, that of the backends serving the case's connections (found by
 * client port, so other sessions on a shared server do not count) and of the whole server.
 * Each PostgreSQL case has a fresh schema, filled by `copy-to-postgres` from the enrolled SQLite
 * data dir before any server starts, so all three cases start from the same rows and keys.
 *
 * Sizes for a 2-core machine: generators, up to three control planes and PostgreSQL share two
 * cores here, so 1,000 agents offering ~3,000 reports/s (a third of what SQLite alone clears in
 * fleet-ingest) leave the generators room and show the store's cost as rate, latency and CPU.
 *
 *   npm run bench -- ingest-postgres     (BENCH_SMOKE=1 for a small run that records nothing)
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { copyToPostgres } from '../control-plane/cli/copy-to-postgres.ts';
import { loadOrCreateSecretKey } from '../control-plane/notices/secret-box.ts';
import { loadOrCreateSigningKey } from '../control-plane/services/signing-key.ts';
import { createTestSchema } from '../test/helpers/test-store.ts';
import { freePort, startServe, type ServerProcess } from '../test/e2e/processes.ts';
import type { SwarmJob, SwarmSummary } from './load/agent-swarm.ts';
import { SMOKE, combine, enrollFleet, killOnExit, percentile, recordFigures, scrapeMetrics, startSwarms } from './lib/fleet.ts';
import { childPids, cpuMs, familyCpuMs, sumCpuMs, tcpClientPorts } from './lib/proc.ts';
import type { BenchFigure } from './lib/report.ts';

const AGENTS = SMOKE ? 60 : 1000;
// One generator per replica in the three-replica case; the same three in every case.
const PROCESSES = 3;
const TARGET_RATE = SMOKE ? 300 : 3000;
// About 5% over the target, so a server that keeps up is seen to clear it.
const INTERVAL_MS = Math.floor((AGENTS * 1000) / (TARGET_RATE * 1.05));
const OFFERED = Math.round((AGENTS * 1000) / INTERVAL_MS);
const RAMP_MS = SMOKE ? 1000 : 8000;
const STEADY_MS = SMOKE ? 3000 : 30_000;
const CAPACITY_MS = SMOKE ? 2000 : 20_000;
const IN_FLIGHT = 2;

/** One phase's acks and the CPU the servers spent over it. */
interface Phase {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  summary: SwarmSummary;
  /** CPU of the control-plane processes, in ms. */
  serverCpuMs: number;
  /** CPU of PostgreSQL in ms (null: not readable here): the whole server, and the replicas' own sessions. */
  postgresCpuMs: PostgresCpu | null;
  /** Wall time the CPU figures cover (connections, reports and the generators' last acks). */
  wallMs: number;
}

/** CPU of PostgreSQL: every process of the server, and the backends of the case's connections. */
interface PostgresCpu {
  serverMs: number;
  sessionsMs: number;
}

/** A store set-up under test and its two phases. */
interface Case {
  label: string;
  target: Phase;
  capacity: Phase;
}

const dir = mkdtempSync(join(tmpdir(), 'tideway-bench-pg-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const { agents, apiToken } = enrollFleet(dataDir, [{ tenant: 'Bench', agents: AGENTS }]);
// The keys exist before the copies, so the SQLite server and every replica use the same ones.
loadOrCreateSigningKey(dataDir);
loadOrCreateSecretKey(dataDir);
// Durable commits, as a deployment has them (the test suites' schemas skip the WAL flush wait).
const schemas = [await createTestSchema({ durable: true }), await createTestSchema({ durable: true })];
for (const schema of schemas) copyToPostgres({ dataDir, url: schema.url });
const postmasterPid = await findPostmaster(schemas[0]!.url);
const postgresPort = Number(new URL(schemas[0]!.url).port || 5432);

/** The postmaster's pid when PostgreSQL runs on this machine in this pid namespace; else null. */
async function findPostmaster(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    if (!stat.includes('(postgres)')) return null;
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL's CPU so far: the postmaster with every child (reaped ones included), and the
 * backends serving `servers` (their title names the client port), which other sessions on a
 * shared server do not disturb.
 */
function postgresCpu(servers: ServerProcess[]): PostgresCpu | null {
  if (postmasterPid === null) return null;
  const ports = new Set(servers.flatMap((s) => [...tcpClientPorts(s.child.pid!, postgresPort)]));
  const ours = childPids(postmasterPid).filter((pid) => {
    try {
      const port = /\((\d+)\)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
      return port !== undefined && ports.has(Number(port));
    } catch {
      return false;
    }
  });
  return { serverMs: familyCpuMs(postmasterPid), sessionsMs: sumCpuMs(ours) };
}

/** Starts `replicas` control planes on `storeUrl`, each with its own data dir holding the shared keys. */
async function startReplicas(name: string, storeUrl: string, replicas: number): Promise<ServerProcess[]> {
  return Promise.all(
    Array.from({ length: replicas }, async (_, i) => {
      const replicaDir = join(dir, `${name}-p${i + 1}`);
      cpSync(join(dataDir, 'keys'), join(replicaDir, 'keys'), { recursive: true });
      const server = await startServe(replicaDir, await freePort(), ['--store', storeUrl, '--replica-id', `p${i + 1}`, '--no-local-agent']);
      killOnExit(server.child);
      return server;
    }),
  );
}

/** The PostgreSQL CPU of a phase, for the log. */
function formatPostgresCpu(cpu: PostgresCpu | null): string {
  return cpu === null ? 'not readable' : `${Math.round(cpu.sessionsMs)} ms in this case's sessions, ${Math.round(cpu.serverMs)} ms server-wide`;
}

/** One run of the generators against the case's servers, with the CPU they and PostgreSQL used. */
async function phase(servers: ServerProcess[], job: Pick<SwarmJob, 'intervalMs' | 'durationMs' | 'inFlight'>): Promise<Phase> {
  const serversCpu = () => servers.reduce((sum, s) => sum + cpuMs(s.child.pid!), 0);
  const [serverBefore, postgresBefore, startedAt] = [serversCpu(), postgresCpu(servers), performance.now()];
  const summary = combine(await startSwarms(dir, agents, PROCESSES, { url: servers.map((s) => s.url), rampMs: RAMP_MS, ...job }).done);
  const postgresAfter = postgresCpu(servers);
  const result: Phase = {
    rate: Math.round(summary.ackedSteady / (summary.steadyMs / 1000)),
    p50Ms: percentile(summary.ackLatencySteadyMs, 50),
    p99Ms: percentile(summary.ackLatencySteadyMs, 99),
    summary,
    serverCpuMs: serversCpu() - serverBefore,
    postgresCpuMs:
      postgresAfter === null || postgresBefore === null ? null : { serverMs: postgresAfter.serverMs - postgresBefore.serverMs, sessionsMs: postgresAfter.sessionsMs - postgresBefore.sessionsMs },
    wallMs: performance.now() - startedAt,
  };
  console.log(
    `  ${job.inFlight ? `${job.inFlight} in flight` : `every ${job.intervalMs} ms`}: connected ${summary.connected}/${summary.agents} (${summary.connectFailures} failed attempts), ` +
      `sent ${summary.sent}, acked ${summary.acked}; steady: ${result.rate} reports/s, ack p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; ` +
      `CPU: control plane ${Math.round(result.serverCpuMs)} ms, postgres ${formatPostgresCpu(result.postgresCpuMs)}` +
      (summary.errors.length ? `; first errors: ${summary.errors.slice(0, 2).join('; ')}` : ''),
  );
  return result;
}

/** Mean records a commit and ms a commit over all of the case's servers, between two scrapes. */
async function commitStats(servers: ServerProcess[]): Promise<() => Promise<string>> {
  const read = () => Promise.all(servers.map((s) => scrapeMetrics(s.url, apiToken)));
  const before = await read();
  return async () => {
    const after = await read();
    const delta = (name: string) => after.reduce((sum, metric, i) => sum + metric(name) - before[i]!(name), 0);
    const commits = delta('tideway_ingest_commit_duration_seconds_count');
    const records = delta('tideway_ingest_batch_records_sum') / delta('tideway_ingest_batch_records_count');
    return `${commits} commits, ${records.toFixed(1)} records a batch, ${((delta('tideway_ingest_commit_duration_seconds_sum') / commits) * 1000).toFixed(1)} ms a commit`;
  };
}

/** Runs both phases on a started case, then stops its servers. */
async function runCase(label: string, servers: ServerProcess[]): Promise<Case> {
  console.log(`${label} (${servers.map((s) => s.url).join(', ')})`);
  const stats = await commitStats(servers);
  const target = await phase(servers, { intervalMs: INTERVAL_MS, durationMs: RAMP_MS + INTERVAL_MS + STEADY_MS });
  const capacity = await phase(servers, { intervalMs: 1000, durationMs: RAMP_MS + 1000 + CAPACITY_MS, inFlight: IN_FLIGHT });
  console.log(`  ingest over both phases: ${await stats()}`);
  await Promise.all(servers.map((s) => s.stop()));
  return { label, target, capacity };
}

console.log(`${AGENTS} agents in ${PROCESSES} processes; target load ${OFFERED} reports/s (one report a frame), then ${IN_FLIGHT} reports in flight per agent; postgres CPU ${postmasterPid === null ? 'not readable (server not local)' : `from postmaster ${postmasterPid} and its children`}`);
const sqliteServer = await startServe(dataDir, await freePort(), ['--no-local-agent']);
killOnExit(sqliteServer.child);
const sqlite = await runCase('SQLite, one server', [sqliteServer]);
const one = await runCase('PostgreSQL, one replica', await startReplicas('one', schemas[0]!.url, 1));
const three = await runCase('PostgreSQL, three replicas', await startReplicas('three', schemas[1]!.url, 3));
await Promise.all(schemas.map((schema) => schema.drop()));
rmSync(dir, { recursive: true, force: true });

/** CPU per acked report over a phase, in microseconds: control planes plus their PostgreSQL sessions. */
const cpuPerReportUs = (p: Phase) => Math.round((1000 * (p.serverCpuMs + (p.postgresCpuMs?.sessionsMs ?? 0))) / Math.max(1, p.summary.acked));
const ratio = (value: number, base: number) => value / Math.max(1, base);
/** Cores busy over a phase for `ms` of CPU. */
const cores = (ms: number, p: Phase) => Math.round((100 * ms) / p.wallMs) / 100;

/** The figures of one PostgreSQL case, each against the same figure on SQLite. */
function caseFigures(c: Case): BenchFigure[] {
  const [t, cap, base, baseCap] = [c.target, c.capacity, sqlite.target, sqlite.capacity];
  const connected = t.summary.connected === AGENTS ? '' : ` (only ${t.summary.connected}/${AGENTS} agents connected)`;
  const sqliteWhat = 'SQLite, one server, same agents and load';
  const figures: BenchFigure[] = [
    {
      what: `${c.label}: sustained ingest acked after commit, ${AGENTS} agents in ${PROCESSES} processes, ${OFFERED} reports/s offered, acked rate over ${STEADY_MS / 1000} s${connected}`,
      value: t.rate, unit: 'reports/s', baseline: { what: sqliteWhat, value: base.rate }, ratio: ratio(t.rate, base.rate),
    },
    { what: `${c.label}: ack latency p50 at that load`, value: t.p50Ms, unit: 'ms', baseline: { what: sqliteWhat, value: base.p50Ms }, ratio: ratio(t.p50Ms, base.p50Ms) },
    { what: `${c.label}: ack latency p99 at that load (${t.summary.ackLatencySteadyMs.length} acks)`, value: t.p99Ms, unit: 'ms', baseline: { what: sqliteWhat, value: base.p99Ms }, ratio: ratio(t.p99Ms, base.p99Ms) },
    {
      what: `${c.label}: ingest capacity, acked reports/s with ${IN_FLIGHT} reports in flight per agent, over ${CAPACITY_MS / 1000} s`,
      value: cap.rate, unit: 'reports/s', baseline: { what: 'SQLite, one server, same agents', value: baseCap.rate }, ratio: ratio(cap.rate, baseCap.rate),
    },
  ];
  const [pg, capPg, basePg] = [t.postgresCpuMs, cap.postgresCpuMs, base.postgresCpuMs];
  if (pg === null || capPg === null || basePg === null) return figures;
  return [
    ...figures,
    {
      what: `${c.label}: CPU per acked report at the target load, control plane(s) plus their postgres backends (shared WAL writer, checkpointer and autovacuum not included)`,
      value: cpuPerReportUs(t), unit: 'us', baseline: { what: 'SQLite control plane, same load', value: cpuPerReportUs(base) }, ratio: ratio(cpuPerReportUs(t), cpuPerReportUs(base)),
    },
    { what: `${c.label}: CPU of the replicas' postgres backends at the target load (at capacity: ${cores(capPg.sessionsMs, cap)} cores)`, value: cores(pg.sessionsMs, t), unit: 'cores' },
    {
      what: `${c.label}: CPU of the whole postgres server at the target load, other sessions included (at capacity: ${cores(capPg.serverMs, cap)} cores)`,
      value: cores(pg.serverMs, t), unit: 'cores', baseline: { what: 'the same reading during the SQLite case (work not ours)', value: cores(basePg.serverMs, base) },
      ratio: cores(pg.serverMs, t) / Math.max(0.01, cores(basePg.serverMs, base)),
    },
  ];
}

recordFigures('ingest-postgres', [...caseFigures(one), ...caseFigures(three)]);
process.exit(0);
