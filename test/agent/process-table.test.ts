import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countProcesses } from '../../agent/checks/process.ts';
import { runChecks } from '../../agent/checks/runner.ts';
import { HostMetricsCollector } from '../../agent/collectors/host-metrics.ts';
import { ProcessTable } from '../../agent/collectors/processes.ts';
import { tempDir } from './helpers.ts';

// A fake /proc: pid directories with comm and cmdline, and entries that are not processes.
function fakeProc(processes: Record<string, [comm: string, cmdline: string]>): string {
  const root = tempDir();
  for (const [pid, [comm, cmdline]] of Object.entries(processes)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'comm'), `${comm}\n`);
    writeFileSync(join(root, pid, 'cmdline'), cmdline);
  }
  mkdirSync(join(root, 'self'));
  writeFileSync(join(root, 'stat'), 'cpu 1 2 3\n');
  return root;
}

const LONG_ARGV0 = `/opt/${'d/'.repeat(2100)}very-long-process-name`;

describe('the per-round process table', () => {
  it('lists only pid directories and reads comm and argv[0] of each', () => {
    const root = fakeProc({
      1: ['systemd', '/sbin/init\0splash\0'],
      2: ['kthreadd', ''],
      42: ['nginx', 'nginx: worker process\0'],
      43: ['very-long-proce', `${LONG_ARGV0}\0--flag\0`],
    });
    const table = new ProcessTable(root);
    expect([...table.pids()].sort()).toEqual(['1', '2', '42', '43']);
    expect(table.names()).toEqual(expect.arrayContaining([
      { comm: 'systemd', argv0: '/sbin/init' },
      { comm: 'kthreadd', argv0: '' },
      { comm: 'nginx', argv0: 'nginx: worker process' },
      { comm: 'very-long-proce', argv0: LONG_ARGV0 },
    ]));
    expect(countProcesses('very-long-process-name', table)).toBe(1);
    expect(countProcesses('nginx', table)).toBe(1);
  });

  it('leaves out a process that exited between listing and reading', () => {
    const root = fakeProc({ 7: ['cron', '/usr/sbin/cron\0'], 8: ['sshd', '/usr/sbin/sshd\0'] });
    const table = new ProcessTable(root);
    expect(table.pids()).toHaveLength(2);
    rmSync(join(root, '8'), { recursive: true });
    expect(table.names()).toEqual([{ comm: 'cron', argv0: '/usr/sbin/cron' }]);
  });

  it('reads /proc once per round: every process check and the process count of a round see the same view', async () => {
    const root = fakeProc({ 7: ['cron', '/usr/sbin/cron\0'], 8: ['sshd', '/usr/sbin/sshd\0'], 9: ['sshd', '/usr/sbin/sshd\0'] });
    const checks = [
      { name: 'a', kind: 'process', process: 'sshd', maxCount: 1 },
      { name: 'b', kind: 'process', process: 'cron' },
    ] as never;
    const round = (processes: ProcessTable) => runChecks(checks, { commands: {}, now: Date.now, processes }).then((results) => results.map((r) => r.message));
    const processes = new ProcessTable(root);
    const seen = ['2 sshd processes running, expected at most 1', '1 cron processes running'];
    expect(await round(processes)).toEqual(seen);
    rmSync(join(root, '9'), { recursive: true });
    writeFileSync(join(root, '7', 'comm'), 'sshd\n');
    writeFileSync(join(root, '7', 'cmdline'), '/usr/sbin/sshd\0');
    expect((await new HostMetricsCollector().collect(Date.now(), processes)).processCount).toBe(3);
    expect(await round(processes)).toEqual(seen);
    expect(await round(new ProcessTable(root))).toEqual(['2 sshd processes running, expected at most 1', '0 cron processes running, expected at least 1']);
  });
});
