import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../agent/cli/main.ts';
import { DEFAULT_UNIT_OPTIONS, renderUnit } from '../../agent/systemd/unit.ts';
import { tempDir } from './helpers.ts';

const ANALYZE = '/usr/bin/systemd-analyze';
const shipped = new URL('../../agent/systemd/tideway-agent.service', import.meta.url);

function io() {
  const out: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => out.push(t) }, out };
}

describe('systemd unit', () => {
  it('ships the same unit that install-service renders for the packaged paths', () => {
    expect(readFileSync(shipped, 'utf8')).toBe(renderUnit(DEFAULT_UNIT_OPTIONS));
  });

  it('is hardened and restarts always, except after revocation or a bad config', () => {
    const unit = renderUnit(DEFAULT_UNIT_OPTIONS);
    for (const line of [
      'Restart=always', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=read-only', 'PrivateTmp=yes',
      'StateDirectory=tideway-agent', 'ReadWritePaths=/var/lib/tideway-agent', 'RestartPreventExitStatus=77 78',
      'ExecStart=/usr/bin/node --lite-mode /opt/tideway-agent/tideway-agent.mjs run --state /var/lib/tideway-agent --config /etc/tideway-agent/agent.yaml',
    ]) expect(unit.split('\n')).toContain(line);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
    expect(unit).not.toMatch(/^ProtectProc=invisible/m);
  });

  it('makes only a custom state directory writable, quoting paths with spaces', () => {
    const unit = renderUnit({ ...DEFAULT_UNIT_OPTIONS, stateDir: '/srv/tideway state' });
    expect(unit).toContain('ReadWritePaths="/srv/tideway state"');
    expect(unit).not.toContain('StateDirectory=');
  });

  it.runIf(existsSync(ANALYZE))('install-service --no-enable writes a unit that systemd-analyze verify accepts without warnings', async () => {
    const unitDir = tempDir();
    const cli = io();
    const code = await main(['install-service', '--unit-dir', unitDir, '--no-enable', '--state', join(unitDir, 'state'), '--config', '/etc/tideway-agent/agent.yaml'], cli.io);
    expect(code).toBe(0);
    const path = join(unitDir, 'tideway-agent.service');
    const unit = readFileSync(path, 'utf8');
    // ExecStart points at this node binary and the script this process runs from; verify
    // checks that the executable exists.
    expect(unit).toContain(`ExecStart=${process.execPath} `);
    const result = spawnSync(ANALYZE, ['verify', path], { encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr.split('\n').filter((l) => l.includes('tideway-agent')) }).toEqual({ status: 0, stderr: [] });
  });

  it.runIf(existsSync(ANALYZE))('systemd-analyze verify fails for a unit whose ExecStart binary is missing, so the check above can fail', () => {
    const dir = tempDir();
    const path = join(dir, 'tideway-agent.service');
    writeFileSync(path, renderUnit({ ...DEFAULT_UNIT_OPTIONS, nodePath: '/nonexistent/node' }));
    expect(spawnSync(ANALYZE, ['verify', path]).status).not.toBe(0);
  });
});
