import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanStatusRecord } from '../../../protocol/index.ts';
import { parseConfig } from '../../../agent/config/load.ts';
import { createLogger } from '../../../agent/log.ts';
import { runAgent } from '../../../agent/run/run-agent.ts';
import { saveCredentials } from '../../../agent/state/credentials.ts';
import { tempDir } from '../helpers.ts';
import { startTestServer, type TestServer } from '../test-server.ts';
import { keyPair, planBody, signPlan, stepScript } from './fixtures.ts';

const credential = { agentId: 'agent-plan-0001', agentSecret: 'plan-secret-0123456789' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a running agent receiving a plan', () => {
  it('runs it from the link, gates on its own check results, rolls back and streams every plan-status record', async () => {
    const srv: TestServer = await startTestServer(credential);
    cleanups.push(() => srv.close());
    const server = keyPair();
    const dir = tempDir();
    const state = join(dir, 'state');
    const log = join(dir, 'steps.log');
    saveCredentials(state, { server: srv.url, ...credential, hostId: 'host-1', tenantId: 'tenant-1', serverPublicKey: server.publicKeyPem, enrolledAt: 0 });
    const config = parseConfig(
      [
        'commands:',
        `  step: { path: ${stepScript(dir)}, args: [${log}] }`,
        'checks:',
        '  - { name: ghost, kind: process, process: no-such-process-xyz }',
      ].join('\n'),
      'test',
    );
    const now = Date.now();
    const plan = planBody({
      hostId: 'host-1', tenantId: 'tenant-1', healthGateSeconds: 2,
      windowStartAt: now - 60_000, windowEndAt: now + 3_600_000, notAfter: now + 3_600_000, expiresAt: now + 3_600_000,
    });
    let sent = false;
    srv.events.on('change', () => {
      if (sent || !srv.frames.some((f) => f.type === 'hello')) return;
      sent = true;
      for (const ws of srv.sockets) ws.send(JSON.stringify({ type: 'plan', plan: signPlan(plan, server.privateKey) }));
    });
    const controller = new AbortController();
    const running = runAgent({ stateDir: state, config, intervalSeconds: 1, signal: controller.signal, log: createLogger({ level: 'error', write: () => {} }) });
    const statuses = () => [...srv.records.values()].filter((r): r is PlanStatusRecord => r.kind === 'plan-status');
    await srv.waitFor(() => statuses().some((r) => r.state === 'rolled-back'), 15_000);
    controller.abort();
    await expect(running).resolves.toBe('stopped');
    expect(srv.invalidFrames).toEqual([]);
    expect(statuses().map((r) => r.state)).toEqual(['accepted', 'running', 'running', 'running', 'running', 'running', 'rolled-back']);
    expect(statuses().at(-1)!.reason).toMatch(/^HEALTH_GATE_FAILED: check 'ghost' is critical/);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['pre-check:disk-space:ok', 'apply:install:ok', 'post-check:smoke:ok', 'rollback:restore:ok']);
  });
});
