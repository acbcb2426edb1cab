import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { saveCredentials } from '../../agent/state/credentials.ts';
import { tempDir } from './helpers.ts';
import { startTestServer } from './test-server.ts';

const bin = fileURLToPath(new URL('../../bin/tideway-agent.mjs', import.meta.url));
const credential = { agentId: 'agent-proc-0001', agentSecret: 'proc-secret-0123456789' };
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startAgent(state: string, config: string): { child: ChildProcess; exited: Promise<number | null>; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, [bin, 'run', '--state', state, '--config', config, '--interval', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output };
}

describe('agent process', () => {
  it('streams over a real link, survives kill -9 and resumes without losing or reusing a seq', async () => {
    const srv = await startTestServer(credential, { behaviour: { autoAck: false } });
    try {
      const state = tempDir();
      saveCredentials(state, { server: srv.url, ...credential, hostId: 'host-1', tenantId: 'tenant-1', serverPublicKey: '', enrolledAt: 0 });
      const config = join(state, 'agent.yaml');
      writeFileSync(config, 'logLevel: debug\n');

      const first = startAgent(state, config);
      await srv.waitFor(() => srv.records.size >= 3, 20_000);
      srv.ack(2);
      first.child.kill('SIGKILL');
      await first.exited;
      const beforeRestart = Math.max(...srv.records.keys());

      srv.behaviour.autoAck = true;
      const second = startAgent(state, config);
      await srv.waitFor(() => Math.max(...srv.records.keys()) >= beforeRestart + 3, 20_000);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);

      const seqs = [...srv.records.keys()].sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(srv.conflicts).toEqual([]);
      expect(srv.invalidFrames).toEqual([]);
      expect(srv.frames.filter((f) => f.type === 'hello')).toHaveLength(2);
      expect([...srv.records.values()].filter((r) => r.kind === 'facts')).toHaveLength(2);
      const log = second.output.join('');
      expect(log).toContain('"msg":"agent stopped"');
      expect(log + first.output.join('')).not.toContain(credential.agentSecret);
    } finally {
      await srv.close();
    }
  }, 60_000);
});
