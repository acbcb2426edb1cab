/**
 * The monitoring loop with real processes on loopback: `tideway serve`, the CLI and the
 * bundled agent. The control plane goes away for 30 s while the agent collects every
 * second, and the agent is killed with SIGKILL while it flushes; every sequence number
 * must arrive exactly once, with no hole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCli, freePort, startAgent, startServe, stopChild, tideway, waitFor, type ServerProcess } from './processes.ts';
import { expectExactlyOnceWithoutHoles, storedSeqs as storedSeqsOf } from './stored-records.ts';

let dir: string;
let port: number;
let server: ServerProcess;
let agent: ReturnType<typeof startAgent>;
let apiToken: string;
let hostId: string;
const stateDir = () => join(dir, 'agent-state');

const api = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } })).json();

/** Every stored record's seq for the host, whatever its kind. */
const storedSeqs = () => storedSeqsOf(join(dir, 'data'), hostId);

/** Waits until the host reports samples collected after `since`: everything older was sent first. */
const caughtUp = (since: number) =>
  waitFor(`samples collected after ${new Date(since).toISOString()}`, async () => {
    const { items } = await api(`/api/v1/hosts/${hostId}/samples?from=${new Date(since).toISOString()}`);
    return items.length >= 2 || undefined;
  }, 120_000, 500);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tideway-e2e-'));
  port = await freePort();
  server = await startServe(join(dir, 'data'), port, ['--no-local-agent']);
  const tenant = JSON.parse(await tideway('admin', 'tenant', 'create', '--name', 'Acme', '--json', '--data', join(dir, 'data')));
  const { token } = JSON.parse(await tideway('admin', 'enrollment-token', 'create', '--tenant', tenant.id, '--json', '--data', join(dir, 'data')));
  apiToken = JSON.parse(await tideway('admin', 'api-token', 'create', '--role', 'ops-viewer', '--json', '--data', join(dir, 'data'))).token;
  const enrolled = await agentCli('enroll', '--server', server.url, '--token', token, '--state', stateDir());
  expect(enrolled.code, enrolled.output).toBe(0);
  agent = startAgent(stateDir(), 1);
});

afterAll(async () => {
  if (agent) await stopChild(agent.child);
  if (server) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('monitoring loop', () => {
  it('shows an enrolled agent as a live host with samples through the API', async () => {
    const hosts = await waitFor('the host to be up', async () => {
      const { items } = await api('/api/v1/hosts');
      return items.length === 1 && items[0].status === 'up' ? items : undefined;
    });
    hostId = hosts[0].id;
    await caughtUp(Date.now() - 5_000);
    const detail = await api(`/api/v1/hosts/${hostId}`);
    expect(detail.latest.metrics.cpu.cores).toBeGreaterThan(0);
    expect(detail.latest.metrics.disks.length).toBeGreaterThan(0);
    expect(detail.facts.agentVersion).toBe('0.1.0');
  });

  it('delivers everything collected while the control plane was down for 30 s, once each', async () => {
    const stoppedAt = Date.now();
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    server = await startServe(join(dir, 'data'), port, ['--no-local-agent']);
    await caughtUp(Date.now());
    const { items } = await api(`/api/v1/hosts/${hostId}/samples?from=${new Date(stoppedAt).toISOString()}&to=${new Date(stoppedAt + 30_000).toISOString()}`);
    expect(items.length, 'samples collected during the outage').toBeGreaterThanOrEqual(27);
    expectExactlyOnceWithoutHoles(storedSeqs());
  });

  it('loses and doubles nothing when the agent is killed with SIGKILL while it flushes a backlog', async () => {
    for (let round = 0; round < 4; round += 1) {
      // Build a backlog, bring the server back, and kill the agent while it sends.
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      server = await startServe(join(dir, 'data'), port, ['--no-local-agent']);
      // The agent sends its backlog right after the server's welcome: kill it then.
      await waitFor('the agent to reconnect', async () => (await api(`/api/v1/hosts/${hostId}`)).connected || undefined, 90_000, 20);
      await new Promise((resolve) => setTimeout(resolve, round * 15));
      await stopChild(agent.child, 'SIGKILL');
      agent = startAgent(stateDir(), 1);
    }
    await caughtUp(Date.now());
    expectExactlyOnceWithoutHoles(storedSeqs());
  });
});
