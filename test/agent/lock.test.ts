import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockStateDir } from '../../agent/state/lock.ts';
import { tempDir } from './helpers.ts';

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('state directory lock', () => {
  it('lets one agent hold a state directory and refuses a second while the first lives', () => {
    const dir = tempDir();
    const release = lockStateDir(dir);
    expect(readFileSync(join(dir, 'agent.lock'), 'utf8')).toBe(`${process.pid}\n`);
    const parent = process.ppid;
    writeFileSync(join(dir, 'agent.lock'), `${parent}\n`);
    expect(() => lockStateDir(dir)).toThrow(expect.objectContaining({ code: 'STATE_LOCKED' }));
    writeFileSync(join(dir, 'agent.lock'), `${process.pid}\n`);
    release();
    expect(existsSync(join(dir, 'agent.lock'))).toBe(false);
  });

  it('takes over a lock left by an agent that was killed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.lock'), `${deadPid()}\n`);
    const release = lockStateDir(dir);
    expect(readFileSync(join(dir, 'agent.lock'), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
