/**
 * Network faults between a real agent and a real control plane: the agent is enrolled through
 * a fault proxy and collects every second while the proxy adds latency, caps bandwidth,
 * slices frames, half-opens the link and resets it. After each bounded phase the proxy heals,
 * the agent catches up, and the database must hold every seq exactly once, with no hole.
 * Short phases in `npm test`; TIDEWAY_SOAK=1 runs each for minutes (TIDEWAY_SOAK_PHASE_SECONDS).
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { AGENT_BUNDLE, agentCli, freePort, startServe, stopChild, tideway, waitFor, type ServerProcess } from './processes.ts';
import { RECORD_TABLES, expectExactlyOnceWithoutHoles, readDb as readDbOf, storedSeqs as storedSeqsOf } from './stored-records.ts';

const SOAK = process.env.TIDEWAY_SOAK === '1';
const phaseMs = 1000 * (SOAK ? Number(process.env.TIDEWAY_SOAK_PHASE_SECONDS ?? 180) : 8);
const LATENCY_MS = 250;
// Below what this agent sends each second (the latency phase measures it), so a backlog builds.
const BANDWIDTH_BYTES_PER_SECOND = 768;
const SLICE_BYTES = 7;
const RESET_EVERY_MS = 3000;
// Between half-open episodes of a soak the link stays up long enough (over 60 s from its open
// to the next drop) for the agent's backoff to reset, as it would on a real network.
const SETTLE_BETWEEN_HALF_OPENS_MS = 35_000;

let dir: string;
let server: ServerProcess;
let proxy: FaultProxy;
let agent: AgentProcess;
let flapper: { stop(): Promise<void> };
let hostId: string;
let phaseStartSeq = 0;
let agentBytesPerSecond = 0;
const stateDir = () => join(dir, 'agent-state');
const configPath = () => join(dir, 'agent.yaml');

interface AgentProcess {
  child: ChildProcess;
  output(): string;
  /** The agent's log lines (msg) with the instant this test read them. */
  events: Array<{ at: number; msg: string }>;
}

/** The bundled agent with the test's config; its JSON log lines are kept as events. */
function startAgent(intervalSeconds: number): AgentProcess {
  const child = spawn(process.execPath, [AGENT_BUNDLE, 'run', '--state', stateDir(), '--config', configPath(), '--interval', String(intervalSeconds)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: AgentProcess['events'] = [];
  let text = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      text = (text + line + '\n').slice(-20_000);
      try {
        events.push({ at: Date.now(), msg: String(JSON.parse(line).msg) });
      } catch {
        // Not a log line: kept in the output only.
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-20_000)));
  return { child, output: () => text, events };
}

/** A TCP port that opens and closes every two seconds, so the agent's tcp check writes check-change records. */
async function startFlapper(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  let listening: Server | null = null;
  const toggle = () => {
    if (listening) {
      listening.close();
      listening = null;
    } else {
      listening = createServer((socket) => socket.destroy()).listen(port, '127.0.0.1');
      listening.on('error', () => {});
    }
  };
  toggle();
  const timer = setInterval(toggle, 2000);
  return { port, stop: async () => void (clearInterval(timer), listening?.close()) };
}

const dataDir = () => join(dir, 'data');
const readDb = <T>(query: (db: Database.Database) => T): T => readDbOf(dataDir(), query);

/** Every stored record's seq for the host, whatever its kind, in order. */
const storedSeqs = () => storedSeqsOf(dataDir(), hostId);

const latestSampleAt = () => readDb((db) => (db.prepare('SELECT max(at) FROM samples WHERE host_id = ?').pluck().get(hostId) as number | null) ?? 0);

/** Stored records per table, e.g. "samples 85, host_facts 1, ...". */
const recordKinds = () =>
  readDb((db) => RECORD_TABLES.map((t) => `${t} ${db.prepare(`SELECT count(*) FROM ${t} WHERE host_id = ?`).pluck().get(hostId) as number}`).join(', '));

/** Waits until samples collected after `since` are stored (everything older went first); returns the stored max seq. */
async function caughtUp(since: number): Promise<number> {
  await waitFor(`samples collected after ${new Date(since).toISOString()}\n${agent.output()}`, () => latestSampleAt() > since || undefined, 150_000, 200);
  return Math.max(...storedSeqs());
}

/** Seqs in (after, upTo]: how many the agent assigned, and how many were stored once, never or twice. */
function figures(seqs: number[], after: number, upTo: number) {
  const inRange = seqs.filter((seq) => seq > after && seq <= upTo);
  const distinct = new Set(inRange).size;
  const sent = upTo - after;
  return { sent, stored: distinct, lost: sent - distinct, duplicated: inRange.length - distinct };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one fault for a bounded phase, heals, waits for the agent to catch up, prints and checks the figures. */
async function faultPhase(fault: string, run: (endAt: number) => Promise<{ runs: number; note?: string }>) {
  const startedAt = Date.now();
  const outcome = await run(startedAt + phaseMs);
  proxy.heal();
  const upTo = await caughtUp(Date.now());
  const seqs = storedSeqs();
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  console.log(`RELIABILITY ${JSON.stringify({ fault, runs: outcome.runs, ...figures(seqs, phaseStartSeq, upTo), seconds, ...(outcome.note ? { note: outcome.note } : {}) })}`);
  expectExactlyOnceWithoutHoles(seqs);
  phaseStartSeq = upTo;
}

/** The first agent log event `msg` after `since`. */
const agentEvent = (msg: string, since: number, timeoutMs: number) =>
  waitFor(`agent log "${msg}"\n${agent.output()}`, () => agent.events.find((e) => e.msg === msg && e.at >= since), timeoutMs, 100);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-faults-'));
  const data = join(dir, 'data');
  const port = await freePort();
  server = await startServe(data, port, ['--no-local-agent']);
  proxy = await startFaultProxy({ host: '127.0.0.1', port });
  const tenant = JSON.parse(await tideway('admin', 'tenant', 'create', '--name', 'Faults', '--json', '--data', data));
  const { token } = JSON.parse(await tideway('admin', 'enrollment-token', 'create', '--tenant', tenant.id, '--json', '--data', data));
  const enrolled = await agentCli('enroll', '--server', proxy.url, '--token', token, '--state', stateDir());
  expect(enrolled.code, enrolled.output).toBe(0);
  const credentials = JSON.parse(readFileSync(join(stateDir(), 'credentials.json'), 'utf8'));
  expect(credentials.server, 'the agent talks to the control plane through the proxy').toBe(proxy.url);
  hostId = credentials.hostId;
  const flapping = await startFlapper();
  flapper = flapping;
  writeFileSync(configPath(), `logLevel: info\nchecks:\n  - name: flapping-port\n    kind: tcp\n    host: 127.0.0.1\n    port: ${flapping.port}\n    timeoutMs: 1000\n`);
  agent = startAgent(1);
  phaseStartSeq = await caughtUp(Date.now());
});

afterAll(async () => {
  if (agent) await stopChild(agent.child);
  await flapper?.stop();
  await proxy?.close();
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`network faults between agent and control plane (${phaseMs / 1000} s a phase)`, () => {
  it(`loses and doubles nothing with ${LATENCY_MS} ms latency each way`, async () => {
    await faultPhase('latency', async (endAt) => {
      const before = proxy.stats.bytesUp;
      proxy.latency(LATENCY_MS);
      await sleep(endAt - Date.now());
      // Latency alone does not limit what goes up: this is the agent's own rate.
      agentBytesPerSecond = Math.round((proxy.stats.bytesUp - before) / (phaseMs / 1000));
      return { runs: 1, note: `${LATENCY_MS} ms each way` };
    });
  });

  it(`loses and doubles nothing with the link capped at ${BANDWIDTH_BYTES_PER_SECOND} B/s`, async () => {
    await faultPhase('bandwidth', async (endAt) => {
      const before = proxy.stats.bytesUp;
      proxy.bandwidth(BANDWIDTH_BYTES_PER_SECOND);
      await sleep(endAt - Date.now());
      const rate = Math.round((proxy.stats.bytesUp - before) / (phaseMs / 1000));
      return { runs: 1, note: `capped at ${BANDWIDTH_BYTES_PER_SECOND} B/s each way; ${rate} B/s went up, against ${agentBytesPerSecond} B/s unfaulted` };
    });
  });

  it(`loses and doubles nothing with every chunk sliced into ${SLICE_BYTES}-byte writes`, async () => {
    await faultPhase('sliced frames', async (endAt) => {
      proxy.slice(SLICE_BYTES);
      await sleep(endAt - Date.now());
      return { runs: 1, note: `${SLICE_BYTES}-byte writes` };
    });
  });

  it('drops a half-open link and says hello again within a minute, losing and doubling nothing', async () => {
    const helloAfterMs: number[] = [];
    const detectedAfterMs: number[] = [];
    await faultPhase('half-open', async (endAt) => {
      do {
        if (helloAfterMs.length > 0) await sleep(SETTLE_BETWEEN_HALF_OPENS_MS);
        const halfOpenAt = Date.now();
        expect(proxy.halfOpen(), 'a live link to half-open').toBeGreaterThan(0);
        const dropped = await agentEvent('no frame from the server for two ping periods; dropping the half-open link', halfOpenAt, 90_000);
        const up = await agentEvent('link up', dropped.at, 90_000);
        detectedAfterMs.push(dropped.at - halfOpenAt);
        helloAfterMs.push(up.at - halfOpenAt);
      } while (Date.now() + SETTLE_BETWEEN_HALF_OPENS_MS < endAt);
      const worst = (values: number[]) => (Math.max(...values) / 1000).toFixed(1);
      return { runs: helloAfterMs.length, note: `worst: dropped after ${worst(detectedAfterMs)} s, hello accepted after ${worst(helloAfterMs)} s` };
    });
    expect(Math.max(...helloAfterMs), 'from half-open to the next accepted hello').toBeLessThan(60_000);
  });

  it(`loses and doubles nothing when the link is reset every ${RESET_EVERY_MS / 1000} s`, async () => {
    await faultPhase('resets', async (endAt) => {
      let resets = 0;
      while (Date.now() + RESET_EVERY_MS <= endAt) {
        await sleep(RESET_EVERY_MS);
        resets += proxy.reset();
      }
      expect(resets, 'live links reset').toBeGreaterThan(0);
      return { runs: resets, note: `a reset every ${RESET_EVERY_MS / 1000} s; ${resets} live links reset` };
    });
  });

  it('stores every record the agent enqueued exactly once, as its outbox says after SIGTERM', async () => {
    const startedAt = Date.now();
    await stopChild(agent.child, 'SIGTERM');
    const state = () => JSON.parse(readFileSync(join(stateDir(), 'outbox', 'state.json'), 'utf8')) as { lastSeq: number; ackedSeq: number };
    const { lastSeq, ackedSeq } = state();
    if (Math.max(...storedSeqs()) < lastSeq) {
      // Records the server had not acked when the agent stopped are still in its outbox: a
      // restart (with a long interval, so it adds little) sends them.
      agent = startAgent(3600);
      await waitFor(`seq ${lastSeq} stored\n${agent.output()}`, () => Math.max(...storedSeqs()) >= lastSeq || undefined, 60_000);
      await stopChild(agent.child, 'SIGTERM');
    }
    const seqs = storedSeqs();
    console.log(
      `RELIABILITY ${JSON.stringify({ fault: 'all faults, checked against the agent outbox', runs: 1, ...figures(seqs, 0, lastSeq), seconds: Math.round((Date.now() - startedAt) / 1000), note: `outbox lastSeq ${lastSeq}, acked ${ackedSeq} at SIGTERM; kinds: ${recordKinds()}` })}`,
    );
    expectExactlyOnceWithoutHoles(seqs);
    expect(seqs[seqs.length - 1]).toBeGreaterThanOrEqual(lastSeq);
    expect(seqs[seqs.length - 1]).toBeLessThanOrEqual(state().lastSeq);
  });
});
