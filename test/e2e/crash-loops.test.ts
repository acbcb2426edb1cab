/**
 * Crash loops with real processes on loopback. The control plane is killed with SIGKILL under
 * load and every acknowledged report must survive in a database that passes its integrity
 * check; the agent is killed with SIGKILL again and again and every report it enqueued must be
 * stored exactly once; a long outage against a small outbox cap must keep the cap and report
 * exactly what was dropped. Short runs by default, long ones under TIDEWAY_SOAK=1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCredentials } from '../../agent/state/credentials.ts';
import type { GapRecord } from '../../protocol/index.ts';
import {
  SOAK, committedSeq, countRepeats, gapFigures, integrityCheck, missingUpTo, outboxBytes, outboxState, prepareDataDir, printReliability,
  randomMs, readOutbox, sleep, startAgentWithConfig, storedGaps,
} from './crash-fixtures.ts';
import { storedSeqs } from './stored-records.ts';
import { agentCli, freePort, startAgent, startServe, stopChild, waitFor, type ServerProcess } from './processes.ts';
import { ReportLoad, type LoadHost } from './report-load.ts';

const SERVER_KILLS = SOAK ? 20 : 5;
const AGENT_KILLS = SOAK ? 100 : 20;
/** Gap records the outage must produce before the control plane comes back. */
const OUTAGE_GAPS = SOAK ? 60 : 3;
const LOAD_REPORTS_PER_SECOND = 300;
const OUTBOX_CAP_BYTES = 1024 * 1024;

let dir: string;
let dataDir: string;
let port: number;
let server: ServerProcess | undefined;
let loadHosts: LoadHost[];
let agentToken: string;
const agents = new Set<ReturnType<typeof startAgent>>();

const serve = async () => (server = await startServe(dataDir, port, ['--no-local-agent']));
const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

function track(agent: ReturnType<typeof startAgent>) {
  agents.add(agent);
  agent.child.once('exit', () => agents.delete(agent));
  return agent;
}

/** Enrols a real agent over HTTP into its own state directory. */
async function enrolledAgent(name: string): Promise<{ stateDir: string; outboxDir: string; hostId: string; agentId: string }> {
  const stateDir = join(dir, name);
  const enrolled = await agentCli('enroll', '--server', server!.url, '--token', agentToken, '--state', stateDir);
  expect(enrolled.code, enrolled.output).toBe(0);
  const { hostId, agentId } = loadCredentials(stateDir);
  return { stateDir, outboxDir: join(stateDir, 'outbox'), hostId, agentId };
}

/** Highest seq an agent's state directory ever assigned (state file or segments, after a kill). */
function enqueuedUpTo(outboxDir: string): number {
  return Math.max(outboxState(outboxDir).lastSeq, ...readOutbox(outboxDir).seqs);
}

/**
 * A stopped agent's stream: what it assigned (state file), what is stored, what waits on disk
 * for the next start, and seqs in none of them (lost) or stored twice.
 */
function streamAfterStop(agent: { outboxDir: string; hostId: string }) {
  const { lastSeq } = outboxState(agent.outboxDir);
  const seqs = storedSeqs(dataDir, agent.hostId);
  const counts = countRepeats(seqs);
  const pending = new Set(readOutbox(agent.outboxDir).seqs);
  const lost = missingUpTo(seqs, lastSeq).filter((seq) => !pending.has(seq)).length;
  return { sent: lastSeq, stored: counts.stored, pendingOnDisk: lastSeq - counts.stored, lost, duplicated: counts.duplicated };
}

/**
 * Kills the control plane SERVER_KILLS times at random moments under the load, restarting it
 * on the same data directory and port; while it is down, checks the database's integrity and
 * counts acknowledged reports missing from it.
 */
async function killServerRepeatedly(load: ReportLoad): Promise<number> {
  let lost = 0;
  for (let run = 0; run < SERVER_KILLS; run += 1) {
    await waitFor('every load host to be welcomed', () => load.allConnected || undefined, 60_000, 50);
    await sleep(randomMs(500, 3000));
    await server!.stop('SIGKILL');
    // Acks already in the clients' socket buffers count as received before the kill.
    await waitFor('every load host to see the kill', () => load.noneConnected || undefined, 10_000, 10);
    expect(integrityCheck(dataDir), `integrity after kill ${run + 1}`).toBe('ok');
    for (const [hostId, acked] of load.ackedByHost()) lost += missingUpTo(storedSeqs(dataDir, hostId), acked).length;
    await serve();
  }
  return lost;
}

/** Waits until the host's stored records cover 1..upTo. */
const storedThrough = (hostId: string, upTo: number) =>
  waitFor(`host ${hostId} to store seqs 1..${upTo}`, () => missingUpTo(storedSeqs(dataDir, hostId), upTo).length === 0 || undefined, 120_000, 250);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-crash-'));
  dataDir = join(dir, 'data');
  ({ hosts: loadHosts, agentToken } = prepareDataDir(dataDir, 4));
  port = await freePort();
  await serve();
});

afterAll(async () => {
  await Promise.all([...agents].map((agent) => stopChild(agent.child, 'SIGKILL')));
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash loops', () => {
  it(`keeps every acknowledged report and an intact database across ${SERVER_KILLS} kill -9 of the control plane under load`, async () => {
    const startedAt = Date.now();
    const real = await enrolledAgent('cp-agent');
    const realAgent = track(startAgent(real.stateDir, 1));
    const load = new ReportLoad(server!.url, loadHosts, LOAD_REPORTS_PER_SECOND);
    load.start();
    let lostAtKill = 0;
    try {
      lostAtKill = await killServerRepeatedly(load);
      await waitFor('every load host to be welcomed', () => load.allConnected || undefined, 60_000, 50);
      load.pause();
      await waitFor('every generated report to be acknowledged', () => load.drained || undefined, 120_000, 100);
    } finally {
      load.close();
    }
    const generated = load.generatedByHost();
    let stored = 0;
    let duplicated = 0;
    let lost = lostAtKill;
    for (const host of loadHosts) {
      const seqs = storedSeqs(dataDir, host.hostId);
      const counts = countRepeats(seqs);
      stored += counts.stored;
      duplicated += counts.duplicated;
      lost += missingUpTo(seqs, generated.get(host.hostId)!).length;
    }
    // The real agent may sit in a long reconnect backoff after the kills: stop it and account
    // for its stream as stored or waiting on disk.
    expect(await stopChild(realAgent.child, 'SIGTERM'), realAgent.output()).toBe(0);
    const agentStream = streamAfterStop(real);
    const integrity = integrityCheck(dataDir);
    printReliability({
      fault: 'control-plane kill -9', runs: SERVER_KILLS, sent: load.sent, acked: load.acked, stored, lost, duplicated,
      resent: load.resent, agentSent: agentStream.sent, agentStored: agentStream.stored, agentPendingOnDisk: agentStream.pendingOnDisk,
      agentLost: agentStream.lost, agentDuplicated: agentStream.duplicated, integrity, seconds: seconds(startedAt),
      note: `${LOAD_REPORTS_PER_SECOND} reports/s from ${loadHosts.length} protocol hosts plus a real agent (${agentStream.stored} stored, ` +
        `${agentStream.pendingOnDisk} on disk, ${agentStream.lost} lost); integrity_check ${integrity} after every kill`,
    });
    expect(load.forgotten, 'no welcome resumes below an ack already received').toEqual([]);
    expect(lost, 'acknowledged reports missing from the database').toBe(0);
    expect(duplicated, 'reports stored twice').toBe(0);
    expect(stored).toBe(load.sent);
    expect(agentStream.duplicated, 'real agent records stored twice').toBe(0);
    expect(agentStream.lost, 'real agent records neither stored nor on disk').toBe(0);
    expect(agentStream.stored, 'the real agent delivered under the kills').toBeGreaterThan(0);
    expect(integrity).toBe('ok');
  });

  it(`stores every report the agent enqueued exactly once across ${AGENT_KILLS} kill -9 of the agent`, async () => {
    const startedAt = Date.now();
    const agent = await enrolledAgent('killed-agent');
    for (let run = 0; run < AGENT_KILLS; run += 1) {
      const running = track(startAgent(agent.stateDir, 1));
      // From before the first collection (about 0.5 s to boot) to a few rounds in, mid-flush included.
      await sleep(randomMs(200, 2500));
      await stopChild(running.child, 'SIGKILL');
    }
    const enqueuedInLoop = enqueuedUpTo(agent.outboxDir);
    const draining = track(startAgent(agent.stateDir, 1));
    // Each start writes a facts record first: one past the loop's records proves this run is up and linked.
    await storedThrough(agent.hostId, enqueuedInLoop + 1);
    expect(await stopChild(draining.child, 'SIGTERM'), draining.output()).toBe(0);
    const stream = streamAfterStop(agent);
    printReliability({
      fault: 'agent kill -9', runs: AGENT_KILLS, ...stream, seconds: seconds(startedAt),
      note: 'killed 0.2-2.5 s after each start, 1 s interval; sent = seqs the agent assigned',
    });
    expect(enqueuedInLoop, 'the agent enqueued reports between kills').toBeGreaterThan(AGENT_KILLS);
    expect(stream.duplicated, 'records stored twice').toBe(0);
    expect(stream.lost, 'records neither stored nor waiting on disk').toBe(0);
    expect(stream.stored).toBeGreaterThanOrEqual(enqueuedInLoop);
  });

  it('keeps the outbox under a 1 MiB cap through a long outage and reports exactly the gap it dropped', async () => {
    const startedAt = Date.now();
    const agent = await enrolledAgent('capped-agent');
    const configPath = join(dir, 'capped-agent.yaml');
    writeFileSync(configPath, JSON.stringify(cappedConfig(await freePort())));
    const running = track(startAgentWithConfig(agent.stateDir, configPath, 1));
    await storedThrough(agent.hostId, 3);

    await server!.stop('SIGTERM');
    server = undefined;
    const outageAt = Date.now();
    const seenGaps = new Map<number, GapRecord>();
    let maxOutboxBytes = 0;
    let sizeSamples = 0;
    const watchBytes = setInterval(() => {
      maxOutboxBytes = Math.max(maxOutboxBytes, outboxBytes(agent.outboxDir));
      sizeSamples += 1;
    }, 25);
    // The agent's own account of what it dropped: the gap records in its outbox, until acknowledged.
    const watchGaps = setInterval(() => readOutbox(agent.outboxDir).gaps.forEach((gap) => seenGaps.set(gap.seq, gap)), 200);
    try {
      await waitFor(`${OUTAGE_GAPS} gap records in the outbox`, () => seenGaps.size >= OUTAGE_GAPS || undefined, SOAK ? 600_000 : 90_000, 250);
      const outageSeconds = seconds(outageAt);
      await serve();
      // Dropped samples are never stored: wait for the server's resume point instead.
      const upTo = enqueuedUpTo(agent.outboxDir);
      await waitFor(`the server to commit seq ${upTo}`, () => committedSeq(dataDir, agent.agentId) >= upTo || undefined, 120_000, 250);
      expect(await stopChild(running.child, 'SIGTERM'), running.output()).toBe(0);
      clearInterval(watchBytes);
      clearInterval(watchGaps);
      const figures = checkGapAccounting(agent, seenGaps);
      printReliability({
        fault: 'outbox cap, control plane down', runs: 1, capBytes: OUTBOX_CAP_BYTES, maxOutboxBytes, sizeSamples, outageSeconds,
        gapsSeenInOutbox: seenGaps.size, ...figures, seconds: seconds(startedAt),
        note: `1 MiB cap, ${outageSeconds} s outage; max ${maxOutboxBytes} B on disk; ${figures.dropped} samples dropped in ` +
          `${figures.gapRecords} gap records (${seenGaps.size} matched field by field with the agent's outbox)`,
      });
      expect(maxOutboxBytes, 'outbox bytes on disk').toBeLessThanOrEqual(OUTBOX_CAP_BYTES);
      expect(maxOutboxBytes, 'the outage filled the outbox').toBeGreaterThan(OUTBOX_CAP_BYTES * 0.8);
    } finally {
      clearInterval(watchBytes);
      clearInterval(watchGaps);
    }
  });
});

/**
 * An agent config whose samples are big: 200 TCP checks (the cheapest kind) against a closed
 * loopback port, with long names, make each sample about 60 KB, so a 1 MiB outbox fills in
 * well under a minute at one sample a second.
 */
function cappedConfig(closedPort: number) {
  const checks = Array.from({ length: 200 }, (_, i) => ({
    name: `closed-port-${String(i).padStart(3, '0')}-${'x'.repeat(100)}`,
    kind: 'tcp',
    host: '127.0.0.1',
    port: closedPort,
    timeoutMs: 2000,
  }));
  return { logLevel: 'warn', outbox: { maxBytes: OUTBOX_CAP_BYTES }, checks };
}

/**
 * Checks the capped agent's stream after a clean stop: every seq it assigned is stored once,
 * waits on disk, or lies in exactly one stored gap whose droppedCount is what is missing; and
 * every gap record seen in the outbox during the outage is stored unchanged.
 */
function checkGapAccounting(agent: { outboxDir: string; hostId: string }, seenGaps: Map<number, GapRecord>) {
  const { lastSeq } = outboxState(agent.outboxDir);
  const seqs = storedSeqs(dataDir, agent.hostId);
  const counts = countRepeats(seqs);
  const onDisk = readOutbox(agent.outboxDir);
  const storedGapList = storedGaps(dataDir, agent.hostId);
  // A gap written after the last ack waits on disk with the records it accounts for.
  const gaps = [...storedGapList, ...onDisk.gaps.filter((gap) => !seqs.includes(gap.seq)).map(gapFigures)];
  const stored = new Set(seqs);
  const pending = new Set(onDisk.seqs);
  const droppedBy = new Map<number, number>();
  for (const gap of gaps) {
    let missing = 0;
    for (let seq = gap.fromSeq; seq <= gap.toSeq; seq += 1) {
      if (stored.has(seq) || pending.has(seq)) continue;
      missing += 1;
      droppedBy.set(seq, (droppedBy.get(seq) ?? 0) + 1);
    }
    expect({ gap: gap.seq, missing }, 'a gap names exactly the samples missing from its range').toEqual({ gap: gap.seq, missing: gap.droppedCount });
  }
  const storedBySeq = new Map(storedGapList.map((gap) => [gap.seq, gap]));
  for (const gap of seenGaps.values()) expect(storedBySeq.get(gap.seq), `gap record ${gap.seq} as the agent wrote it`).toEqual(gapFigures(gap));
  let lost = 0;
  for (let seq = 1; seq <= lastSeq; seq += 1) if (!stored.has(seq) && !pending.has(seq) && !droppedBy.has(seq)) lost += 1;
  const droppedTwice = [...droppedBy.values()].filter((n) => n > 1).length;
  const dropped = gaps.reduce((sum, gap) => sum + gap.droppedCount, 0);
  expect(lost, 'seqs neither stored, pending nor in a gap').toBe(0);
  expect(droppedTwice, 'seqs claimed by two gaps').toBe(0);
  expect(counts.duplicated, 'records stored twice').toBe(0);
  expect(dropped).toBe(droppedBy.size);
  expect(gaps.length).toBeGreaterThanOrEqual(seenGaps.size);
  return { sent: lastSeq, stored: counts.stored, dropped, gapRecords: gaps.length, lost, duplicated: counts.duplicated };
}
