import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeStatus } from '../../agent/checks/command.ts';
import { httpVerdict, type HttpCheckConfig } from '../../agent/checks/http.ts';
import { processMatches } from '../../agent/checks/process.ts';
import { runCheck, statusChanges } from '../../agent/checks/runner.ts';
import { systemdVerdict } from '../../agent/checks/systemd.ts';
import type { CheckContext } from '../../agent/checks/contract.ts';
import type { CommandSpec } from '../../agent/commands.ts';
import { tempDir } from './helpers.ts';
import { hasOpenssl, selfSignedCert } from './tls-fixture.ts';

const NOW = Date.UTC(2026, 5, 1, 8, 0, 0);
const DAY = 86_400_000;
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

function context(commands: Record<string, CommandSpec> = {}, extra: Partial<CheckContext> = {}): CheckContext {
  return { commands, now: Date.now, ...extra };
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

function script(body: string): string {
  const path = join(tempDir(), 'check.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

describe('exit-code mapping of command checks', () => {
  it.each([
    [0, 'ok'], [1, 'warning'], [2, 'critical'], [3, 'unknown'], [4, 'unknown'], [127, 'unknown'], [-1, 'unknown'], [null, 'unknown'],
  ] as const)('maps exit code %s to %s', (code, status) => {
    expect(exitCodeStatus(code)).toBe(status);
  });
});

describe('http verdicts', () => {
  const check: HttpCheckConfig = { name: 'web', kind: 'http', url: 'https://erp.example.com/health' };
  it.each([
    ['a 200 with a certificate far from expiry is ok', check, { httpStatus: 200, certValidToAt: NOW + 90 * DAY }, 'ok'],
    ['a 503 is critical', check, { httpStatus: 503 }, 'critical'],
    ['a 302 is ok by default', check, { httpStatus: 302 }, 'ok'],
    ['a status outside expectStatus is critical', { ...check, expectStatus: [204] }, { httpStatus: 200 }, 'critical'],
    ['a missing keyword is critical', { ...check, keyword: 'UP' }, { httpStatus: 200, body: 'DOWN' }, 'critical'],
    ['a present keyword is ok', { ...check, keyword: 'UP' }, { httpStatus: 200, body: 'all UP' }, 'ok'],
    ['a certificate expiring in 10 days warns', check, { httpStatus: 200, certValidToAt: NOW + 10 * DAY }, 'warning'],
    ['a certificate expiring in 3 days is critical', check, { httpStatus: 200, certValidToAt: NOW + 3 * DAY }, 'critical'],
    ['custom TLS thresholds apply', { ...check, tlsWarnDays: 30, tlsCriticalDays: 20 }, { httpStatus: 200, certValidToAt: NOW + 25 * DAY }, 'warning'],
  ] as const)('%s', (_name, config, seen, status) => {
    expect(httpVerdict(config as HttpCheckConfig, { latencyMs: 5, ...seen }, NOW).status).toBe(status);
  });

  it('reports whole and fractional days left on the certificate', () => {
    expect(httpVerdict(check, { httpStatus: 200, latencyMs: 1, certValidToAt: NOW + 20.5 * DAY }, NOW).tlsDaysLeft).toBe(20.5);
  });
});

describe('systemd verdicts', () => {
  it.each([
    ['active', 'ok'], ['activating', 'warning'], ['reloading', 'warning'], ['refreshing', 'warning'], ['inactive', 'critical'],
    ['failed', 'critical'], ['deactivating', 'critical'], ['maintenance', 'unknown'], ['', 'unknown'], ['constructor', 'unknown'],
  ] as const)('maps ActiveState %j to %s', (state, status) => {
    expect(systemdVerdict('nginx.service', state).status).toBe(status);
  });
});

describe('process name matching', () => {
  it.each([
    ['nginx', 'nginx\n', '/usr/sbin/nginx\0-g\0daemon off;\0', true],
    ['nginx', 'nginx: worker\n', 'nginx: worker process\0', false],
    ['postgres', 'postgres\n', '', true],
    ['very-long-process-name', 'very-long-proce\n', '/opt/bin/very-long-process-name\0', true],
    ['ngin', 'nginx\n', '/usr/sbin/nginx\0', false],
  ])('%s against comm %j is %s', (name, comm, cmdline, expected) => {
    expect(processMatches(name, comm, cmdline)).toBe(expected);
  });
});

describe('checks against real endpoints', () => {
  it('http check: ok with latency for a 200 that contains the keyword', async () => {
    const port = await listen(createServer((_req, res) => res.end('status: UP')));
    const result = await runCheck({ name: 'web', kind: 'http', url: `http://127.0.0.1:${port}/health`, keyword: 'UP' } as never, context());
    expect(result).toMatchObject({ name: 'web', kind: 'http', status: 'ok', httpStatus: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('http check: critical on a 500 and on a closed port, and on a timeout', async () => {
    const port = await listen(createServer((req, res) => {
      if (req.url === '/slow') return;
      res.statusCode = 500;
      res.end();
    }));
    expect((await runCheck({ name: 'a', kind: 'http', url: `http://127.0.0.1:${port}/` } as never, context())).status).toBe('critical');
    const slow = await runCheck({ name: 'b', kind: 'http', url: `http://127.0.0.1:${port}/slow`, timeoutMs: 200 } as never, context());
    expect(slow).toMatchObject({ status: 'critical', message: 'request failed: timed out after 200 ms' });
    const closedPort = await listen(createTcpServer());
    closers.pop()!();
    expect((await runCheck({ name: 'c', kind: 'http', url: `http://127.0.0.1:${closedPort}/` } as never, context())).status).toBe('critical');
  });

  it.runIf(hasOpenssl())('https check: reports the days left on a self-signed certificate trusted via caFile', async () => {
    const tls = selfSignedCert(tempDir(), 10);
    const port = await listen(createTlsServer(tls, (_req, res) => res.end('ok')) as unknown as Server);
    const result = await runCheck({ name: 's', kind: 'http', url: `https://localhost:${port}/`, caFile: tls.certFile } as never, context());
    expect(result).toMatchObject({ status: 'warning', httpStatus: 200 });
    expect(result.tlsDaysLeft).toBeGreaterThan(9);
    expect(result.tlsDaysLeft).toBeLessThanOrEqual(10);
    const untrusted = await runCheck({ name: 'u', kind: 'http', url: `https://localhost:${port}/` } as never, context());
    expect(untrusted.status).toBe('critical');
    expect(untrusted.message).toMatch(/self.signed/i);
  });

  it('tcp check: ok on a listening port, critical on a closed one', async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    expect((await runCheck({ name: 't', kind: 'tcp', host: '127.0.0.1', port } as never, context())).status).toBe('ok');
    closers.pop()!();
    expect((await runCheck({ name: 't', kind: 'tcp', host: '127.0.0.1', port } as never, context())).status).toBe('critical');
  });

  it('process check: finds the test\'s own process and misses a name nothing runs under', async () => {
    const own = readFileSync('/proc/self/comm', 'utf8').trim();
    expect((await runCheck({ name: 'p', kind: 'process', process: own } as never, context())).status).toBe('ok');
    const missing = await runCheck({ name: 'q', kind: 'process', process: 'no-such-process-xyz' } as never, context());
    expect(missing).toMatchObject({ status: 'critical', message: '0 no-such-process-xyz processes running, expected at least 1' });
  });

  it('systemd check: unknown on a host where systemd is not the init system, without spawning anything', async () => {
    const marker = join(tempDir(), 'system');
    const systemd = { bootedMarker: marker, privateSocket: join(marker, 'private'), systemBusSocket: join(marker, 'bus') };
    const result = await runCheck({ name: 'u', kind: 'systemd', unit: 'nginx.service' } as never, context({}, { systemd }));
    expect(result).toMatchObject({ status: 'unknown', message: `systemd is not the init system on this host (no ${marker})` });
  });

  it.each([[0, 'ok'], [1, 'warning'], [2, 'critical'], [3, 'unknown'], [7, 'unknown']] as const)(
    'command check: an allow-listed script exiting %i is %s, with its output tail as the message',
    async (code, status) => {
      const path = script(`echo "QUEUE depth=${code}"\nexit ${code}`);
      const result = await runCheck({ name: 'q', kind: 'command', command: 'queue' } as never, context({ queue: { path } }));
      expect(result).toMatchObject({ status, message: `QUEUE depth=${code}` });
    },
  );

  it('command check: a timed-out command is unknown', async () => {
    const path = script('sleep 5');
    const result = await runCheck({ name: 'q', kind: 'command', command: 'slow', timeoutMs: 200 } as never, context({ slow: { path } }));
    expect(result.status).toBe('unknown');
    expect(result.message).toMatch(/timed out/);
  });

  it('command check: refuses a command that is not in the local allow-list and runs nothing', async () => {
    const marker = join(tempDir(), 'ran');
    const path = script(`touch ${marker}`);
    const result = await runCheck({ name: 'q', kind: 'command', command: 'evil' } as never, context({ other: { path } }));
    expect(result).toMatchObject({ status: 'unknown', message: "command 'evil' is not in the agent's local commands allow-list" });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('status changes', () => {
  const result = (name: string, status: 'ok' | 'critical') => ({ name, kind: 'tcp', status, message: status });
  it('records a change from none on first sight, then only real changes', () => {
    const first = statusChanges(new Map(), [result('a', 'ok')], NOW);
    expect(first.changes).toEqual([{ kind: 'check-change', at: NOW, check: 'a', checkKind: 'tcp', from: 'none', to: 'ok', message: 'ok' }]);
    expect(statusChanges(first.statuses, [result('a', 'ok')], NOW + 1).changes).toEqual([]);
    expect(statusChanges(first.statuses, [result('a', 'critical')], NOW + 2).changes).toMatchObject([{ from: 'ok', to: 'critical' }]);
  });
});
