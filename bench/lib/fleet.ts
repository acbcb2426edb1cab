/**
 * Shared pieces of the fleet-scale benches: an enrolled fleet in a fresh data directory,
 * load-generator processes (bench/load/agent-swarm.ts) spread over loopback source addresses,
 * figures read from the control plane's /metrics, and the open-file limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { createEnrollmentToken, enrollAgent } from '../../control-plane/services/enrollment.ts';
import { createTenant } from '../../control-plane/services/tenants.ts';
import { createSqliteStore, databasePath } from '../../control-plane/store/sqlite/index.ts';
import { hostFacts } from '../../test/helpers/records.ts';
import type { SwarmJob, SwarmProgress, SwarmSummary } from '../load/agent-swarm.ts';
import { openFileLimits } from './proc.ts';
import { writeBenchResult, type BenchFigure } from './report.ts';

/** An enrolled agent and the tenant group it belongs to. */
export interface FleetAgent {
  agentId: string;
  agentSecret: string;
  hostId: string;
  group: number;
}

/** `BENCH_SMOKE=1`: a few agents for a short run that checks the bench works; nothing recorded. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** Writes the figures to bench/results/<name>.json, or in a smoke run only prints them. */
export function recordFigures(name: string, figures: BenchFigure[]): void {
  if (!SMOKE) return void writeBenchResult(name, figures);
  console.log(`smoke run, nothing recorded:\n${figures.map((f) => `  ${f.value} ${f.unit}${f.baseline ? ` (baseline ${f.baseline.value})` : ''}: ${f.what}`).join('\n')}`);
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value at percentile `p` (nearest rank); NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Says how many files one process may open, and refuses to start when `perProcess` is more.
 * Node raises its own soft limit to the hard one at start-up, so the hard limit is the bound
 * for the control plane and every generator (a shell `ulimit -n` cannot go past it either).
 */
export function checkOpenFileLimit(perProcess: number): void {
  const { soft, hard } = openFileLimits();
  console.log(`open files per process: soft ${soft}, hard ${hard}; the busiest process here needs about ${perProcess}`);
  if (perProcess > soft) throw new Error(`a process needs about ${perProcess} open files but may hold ${soft}; raise the hard limit (ulimit -Hn) or use fewer agents`);
}

/**
 * Creates one tenant per group and enrols its agents straight in the database of `dataDir`
 * (before the server starts, so enrolment is not what is measured); returns the agents and
 * an ops-viewer API token.
 */
export function enrollFleet(dataDir: string, groups: Array<{ tenant: string; agents: number }>): { agents: FleetAgent[]; tenantIds: string[]; apiToken: string } {
  const store = createSqliteStore(databasePath(dataDir));
  const now = Date.now();
  const tenantIds: string[] = [];
  const agents = store.transaction(() =>
    groups.flatMap((group, g) => {
      const tenant = createTenant(store, { name: group.tenant }, now);
      tenantIds.push(tenant.id);
      const { token } = createEnrollmentToken(store, { tenantId: tenant.id, maxUses: group.agents }, now);
      return Array.from({ length: group.agents }, (_, i) => {
        const enrolled = enrollAgent(store, { token, facts: hostFacts(`${group.tenant.toLowerCase()}-${i}`) }, 'unused', now);
        return { agentId: enrolled.agentId, agentSecret: enrolled.agentSecret, hostId: enrolled.hostId, group: g };
      });
    }),
  );
  const apiToken = createApiToken(store, { name: 'bench', role: 'ops-viewer' }, now).token;
  store.close();
  return { agents, tenantIds, apiToken };
}

const owned = new Set<ChildProcess>();
process.on('exit', () => owned.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill()));
/** Kills `child` when this bench exits, even after a failure, so no server outlives its bench. */
export function killOnExit<T extends ChildProcess>(child: T): T {
  owned.add(child);
  child.once('exit', () => owned.delete(child));
  return child;
}

/** Load-generator processes running one job over a share of the agents each. */
export interface Swarms {
  /** Latest progress of each process, summed. */
  progress(): Omit<SwarmProgress, 'type'>;
  /** Sends a control message (`stop`, `silence`) to every process. */
  tell(type: 'stop' | 'silence'): void;
  /** Every process's summary, once all have exited. */
  done: Promise<SwarmSummary[]>;
}

/**
 * Starts `processes` generators, each with its share of `agents` and its own loopback
 * source address (127.0.0.2, .3, ...), so no process or address runs out of files or ports.
 * Given several URLs (replicas), process p targets `url[p % url.length]`.
 */
export function startSwarms(
  dir: string,
  agents: FleetAgent[],
  processes: number,
  job: Omit<SwarmJob, 'agents' | 'localAddress' | 'silentAgents' | 'url'> & { url: string | readonly string[] },
  silent?: (agent: FleetAgent) => boolean,
): Swarms {
  const urls = typeof job.url === 'string' ? [job.url] : job.url;
  const latest: Array<Omit<SwarmProgress, 'type'>> = [];
  const children = Array.from({ length: processes }, (_, p) => {
    const slice = agents.slice(Math.floor((p * agents.length) / processes), Math.floor(((p + 1) * agents.length) / processes));
    const silentAgents = silent ? slice.flatMap((agent, i) => (silent(agent) ? [i] : [])) : undefined;
    const jobFile = join(dir, `swarm-${p}.json`);
    // The job goes in a file: agent secrets do not belong on a command line.
    const full: SwarmJob = { ...job, url: urls[p % urls.length]!, agents: slice.map(({ agentId, agentSecret }) => ({ agentId, agentSecret })), localAddress: `127.0.0.${p + 2}`, silentAgents };
    writeFileSync(jobFile, JSON.stringify(full), { mode: 0o600 });
    latest[p] = { connected: 0, linked: 0, back: 0 };
    const child = killOnExit(spawn(process.execPath, ['--import', 'tsx', 'bench/load/agent-swarm.ts', jobFile], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }));
    child.on('message', (message: SwarmProgress) => void (latest[p] = message));
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    // 'close', not 'exit': the summary may still be in the pipe when the process has exited.
    return { child, summary: new Promise<SwarmSummary>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`swarm ${p} exited ${code}`))))) };
  });
  return {
    progress: () => latest.reduce((sum, p) => ({ connected: sum.connected + p.connected, linked: sum.linked + p.linked, back: sum.back + p.back }), { connected: 0, linked: 0, back: 0 }),
    tell: (type) => children.forEach(({ child }) => child.connected && child.send({ type })),
    done: Promise.all(children.map((c) => c.summary)),
  };
}

/** Sums the counters of several summaries and joins their latency lists. */
export function combine(summaries: SwarmSummary[]): SwarmSummary {
  const sum = (pick: (s: SwarmSummary) => number) => summaries.reduce((n, s) => n + pick(s), 0);
  return {
    agents: sum((s) => s.agents), connected: sum((s) => s.connected), connectFailures: sum((s) => s.connectFailures), sent: sum((s) => s.sent),
    sentSteady: sum((s) => s.sentSteady), acked: sum((s) => s.acked), ackLatencyMs: summaries.flatMap((s) => s.ackLatencyMs), ackedSteady: sum((s) => s.ackedSteady),
    ackLatencySteadyMs: summaries.flatMap((s) => s.ackLatencySteadyMs), steadyMs: Math.min(...summaries.map((s) => s.steadyMs)),
    spikesSentAt: Object.assign({}, ...summaries.map((s) => s.spikesSentAt)), silencedAt: Object.assign({}, ...summaries.map((s) => s.silencedAt)),
    backAt: Object.assign({}, ...summaries.map((s) => s.backAt)), linksLost: sum((s) => s.linksLost), errors: summaries.flatMap((s) => s.errors).slice(0, 5),
  };
}

/** Polls `probe` every `everyMs` until it returns true or `timeoutMs` pass; false on timeout. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return false;
}

/** Scrapes the control plane's /metrics and reads unlabelled series by name. */
export async function scrapeMetrics(url: string, apiToken: string): Promise<(name: string) => number> {
  const exposition = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${apiToken}` } })).text();
  return (name) => Number(new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(exposition)?.[1] ?? NaN);
}

/** Event-loop lag p99 the control plane measured since the previous scrape, in ms. */
export async function eventLoopLagP99Ms(url: string, apiToken: string): Promise<number> {
  return (await scrapeMetrics(url, apiToken))('nodejs_eventloop_lag_p99_seconds') * 1000;
}
