import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { ReportRecordSchema } from '../../protocol/index.ts';
import { main } from '../../agent/cli/main.ts';
import { parseConfig } from '../../agent/config/load.ts';
import { createLogger } from '../../agent/log.ts';
import { runAgent } from '../../agent/run/run-agent.ts';
import { revokedMarkerPath, saveCredentials } from '../../agent/state/credentials.ts';
import { nextRoundAt } from '../../agent/run/collection-loop.ts';
import { tempDir } from './helpers.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const credential = { agentId: 'agent-run-0001', agentSecret: 'run-secret-0123456789' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function enrolledState(srv: TestServer): Promise<string> {
  const state = tempDir();
  saveCredentials(state, { server: srv.url, ...credential, hostId: 'host-1', tenantId: 'tenant-1', serverPublicKey: '', enrolledAt: 0 });
  return state;
}

async function server(): Promise<TestServer> {
  const srv = await startTestServer(credential);
  cleanups.push(() => srv.close());
  return srv;
}

function io() {
  const lines: string[] = [];
  return { io: { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) }, lines };
}

describe('running agent', () => {
  it('sends facts, then a sample each interval with metrics and check results, and check changes', async () => {
    const srv = await server();
    const tcp = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => void tcp.close());
    const port = (tcp.address() as AddressInfo).port;
    const config = parseConfig(`checks:\n  - {name: local-port, kind: tcp, host: 127.0.0.1, port: ${port}}\n  - {name: ghost, kind: process, process: no-such-process-xyz}\n`, 'test');
    const controller = new AbortController();
    const lines: string[] = [];
    const running = runAgent({
      stateDir: await enrolledState(srv), config, intervalSeconds: 1, signal: controller.signal,
      log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
    });
    const records = () => [...srv.records.values()];
    await srv.waitFor(() => records().filter((r) => r.kind === 'sample').length >= 2, 10_000);
    controller.abort();
    await expect(running).resolves.toBe('stopped');
    const kinds = records().map((r) => r.kind);
    expect(kinds[0]).toBe('facts');
    for (const record of records()) expect(Value.Check(ReportRecordSchema, record)).toBe(true);
    const sample = records().find((r) => r.kind === 'sample')!;
    if (sample.kind !== 'sample') throw new Error('not a sample');
    expect(sample.metrics.cpu.cores).toBeGreaterThan(0);
    expect(sample.metrics.memory.totalBytes).toBeGreaterThan(0);
    expect(sample.checks.map((c) => `${c.name}:${c.status}`)).toEqual(['local-port:ok', 'ghost:critical']);
    const changes = records().filter((r) => r.kind === 'check-change');
    expect(changes.map((c) => (c.kind === 'check-change' ? `${c.check}:${c.from}->${c.to}` : ''))).toEqual(['local-port:none->ok', 'ghost:none->critical']);
    expect(srv.invalidFrames).toEqual([]);
    expect(lines.join('\n')).not.toContain(credential.agentSecret);
  });

  it('stops with "revoked" when the server closes with 4401, and leaves a marker that slows the next start', async () => {
    const srv = await server();
    const state = await enrolledState(srv);
    srv.events.on('change', () => {
      if (srv.frames.some((f) => f.type === 'hello')) for (const ws of srv.sockets) ws.close(4401, 'revoked');
    });
    const config = parseConfig('', 'test');
    const run = (signal: AbortSignal, lines: string[]) =>
      runAgent({ stateDir: state, config, intervalSeconds: 1, signal, log: createLogger({ write: (l) => lines.push(l) }) });
    const first: string[] = [];
    await expect(run(new AbortController().signal, first)).resolves.toBe('revoked');
    expect(existsSync(revokedMarkerPath(state))).toBe(true);
    expect(first.join('\n')).toContain('agent credential revoked');
    const again = new AbortController();
    const second: string[] = [];
    const running = run(again.signal, second);
    again.abort();
    await expect(running).resolves.toBe('stopped');
    expect(second.join('\n')).toContain('this agent was revoked earlier; waiting');
    expect(srv.connections).toBe(1);
  });

  it.each([
    ['the URLs saved at enrolment', true, ''],
    ['the servers in the config file', false, 'servers'],
  ])('reports through %s, failing over past a dead one', async (_name, savedList, configKey) => {
    const dead = await server();
    const deadUrl = dead.url;
    await dead.close();
    const live = await server();
    const state = tempDir();
    const urls = [deadUrl, live.url];
    saveCredentials(state, { server: deadUrl, ...(savedList ? { servers: urls } : {}), ...credential, hostId: 'host-1', tenantId: 'tenant-1', serverPublicKey: '', enrolledAt: 0 });
    const config = parseConfig(configKey ? `${configKey}: [${urls.join(', ')}]\n` : '', 'test');
    const controller = new AbortController();
    const running = runAgent({ stateDir: state, config, intervalSeconds: 1, signal: controller.signal, log: createLogger({ write: () => {} }) });
    await live.waitFor(() => [...live.records.values()].some((r) => r.kind === 'facts'), 10_000);
    controller.abort();
    await expect(running).resolves.toBe('stopped');
  });

  it.each([
    [0, 1000, 0, 1000], [0, 1000, 999, 1000], [0, 1000, 1000, 2000], [0, 1000, 3500, 4000], [500, 15_000, 500, 15_500],
  ])('from a start at %i with interval %i ms, a round ending at %i is followed by one at %i', (startedAt, intervalMs, now, next) => {
    expect(nextRoundAt(startedAt, intervalMs, now)).toBe(next);
  });
});

describe('run command', () => {
  it('refuses a bad config file with exit 78 and says what to fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.yaml'), 'checks:\n  - {name: x, kind: http, url: "erp.example.com"}\n');
    const cli = io();
    expect(await main(['run', '--state', dir, '--config', join(dir, 'agent.yaml')], cli.io)).toBe(78);
    expect(cli.lines.join('\n')).toContain('checks[0].url: must be an http or https URL, e.g. https://erp.example.com/health');
  });

  it('explains that the host is not enrolled', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.yaml'), '');
    const cli = io();
    expect(await main(['run', '--state', dir, '--config', join(dir, 'agent.yaml')], cli.io)).toBe(1);
    expect(cli.lines.join('\n')).toMatch(/NOT_ENROLLED: not enrolled: .*credentials.json does not exist; run 'tideway-agent enroll/);
  });

  it.each([['0'], ['1.5'], ['3601'], ['soon']])('rejects --interval %s as a usage error', async (value) => {
    const cli = io();
    expect(await main(['run', '--interval', value], cli.io)).toBe(2);
    expect(cli.lines.join('\n')).toContain('--interval must be whole seconds between 1 and 3600');
  });

  it('prints the version and the command list', async () => {
    const cli = io();
    expect(await main(['version'], cli.io)).toBe(0);
    expect(cli.lines[0]).toMatch(/^\d+\.\d+\.\d+/);
    expect(await main(['--help'], cli.io)).toBe(0);
    expect(cli.lines.join('\n')).toMatch(/enroll[\s\S]*run[\s\S]*install-service[\s\S]*version/);
    expect(await main(['frobnicate'], cli.io)).toBe(2);
  });
});
