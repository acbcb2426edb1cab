import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanStep } from '../../../protocol/index.ts';
import { check } from './fixtures.ts';
import { harness, lastStatus, runOnce, type Harness } from './harness.ts';

const step = (name: string, phase: PlanStep['phase'], args: string[]): PlanStep => ({ name, phase, command: 'step', args, timeoutMs: 10_000 });

function versionSteps(h: Harness, apply: string[][] = [['write', h.versionFile, '1.1.0']]): PlanStep[] {
  return [
    step('disk-space', 'pre-check', ['ok']),
    ...apply.map((args, index) => step(index === 0 ? 'install' : `install-${index + 1}`, 'apply', args)),
    step('smoke', 'post-check', ['ok']),
    step('restore', 'rollback', ['write', h.versionFile, '1.0.0']),
  ];
}

describe('executing an accepted plan', () => {
  it('runs pre-check, apply and post-check in phase order, passes the health gate and reports versions before and after', async () => {
    const h = harness();
    const steps = versionSteps(h);
    await runOnce(h, { steps: [steps[3], steps[2], steps[1], steps[0]] });
    expect(h.states()).toEqual([
      'accepted', 'running:pre-check:disk-space', 'running:apply:install', 'running:post-check:smoke', 'running:post-check:health-gate', 'succeeded',
    ]);
    expect(h.stepLog()).toEqual(['pre-check:disk-space:ok', `apply:install:write ${h.versionFile} 1.1.0`, 'post-check:smoke:ok']);
    expect(lastStatus(h)).toMatchObject({ versionBefore: '1.0.0', versionAfter: '1.1.0', outputTail: 'ran smoke for 1.1.0' });
  });

  it('rolls back after a failing canary apply step and never runs post-check', async () => {
    const h = harness();
    await runOnce(h, { steps: versionSteps(h, [['write', h.versionFile, '1.1.0'], ['fail']]) });
    expect(h.stepLog()).toEqual(['pre-check:disk-space:ok', `apply:install:write ${h.versionFile} 1.1.0`, 'apply:install-2:fail', `rollback:restore:write ${h.versionFile} 1.0.0`]);
    expect(lastStatus(h)).toMatchObject({ state: 'rolled-back', phase: 'apply', step: 'install-2', versionBefore: '1.0.0', versionAfter: '1.0.0' });
    expect(lastStatus(h).reason).toMatch(/^STEP_FAILED: apply step 'install-2' exited 3/);
    expect(lastStatus(h).outputTail).toContain('step broke');
  });

  it('fails without apply or rollback when a pre-check fails', async () => {
    const h = harness();
    await runOnce(h, { steps: [step('disk-space', 'pre-check', ['fail']), ...versionSteps(h).slice(1)] });
    expect(h.stepLog()).toEqual(['pre-check:disk-space:fail']);
    expect(lastStatus(h)).toMatchObject({ state: 'failed', phase: 'pre-check', step: 'disk-space' });
    expect(readFileSync(h.versionFile, 'utf8')).toBe('1.0.0\n');
  });

  it('rolls back when a check turns critical during the health gate', async () => {
    const h = harness([[check('erp', 'ok')], [check('erp', 'critical', 'HTTP 503')]]);
    await runOnce(h, { steps: versionSteps(h) });
    expect(h.stepLog().at(-1)).toBe(`rollback:restore:write ${h.versionFile} 1.0.0`);
    expect(lastStatus(h)).toMatchObject({ state: 'rolled-back', step: 'health-gate', phase: 'post-check', versionAfter: '1.0.0' });
    expect(lastStatus(h).reason).toBe("HEALTH_GATE_FAILED: check 'erp' is critical: HTTP 503");
  });

  it('passes the health gate on warning results and fails it when no check round arrives', async () => {
    const warned = harness([[check('erp', 'warning')]]);
    await runOnce(warned);
    expect(lastStatus(warned).state).toBe('succeeded');
    const silent = harness([]);
    await runOnce(silent);
    expect(lastStatus(silent)).toMatchObject({ state: 'rolled-back', reason: 'HEALTH_GATE_FAILED: no check round completed within 300 s' });
  });

  it('skips the health gate when the plan asks for zero seconds', async () => {
    const h = harness([]);
    await runOnce(h, { healthGateSeconds: 0 });
    expect(lastStatus(h).state).toBe('succeeded');
  });

  it('starts no step after the cutoff: the second apply step is skipped and the first rolled back', async () => {
    const h = harness();
    const plan = { steps: versionSteps(h, [['write', h.versionFile, '1.1.0'], ['ok']]) };
    h.afterExec = (_name, options) => {
      if (options.env?.TIDEWAY_STEP === 'install') h.clock.advance(4 * 3_600_000 + 1);
    };
    await runOnce(h, plan);
    expect(h.stepLog()).toEqual(['pre-check:disk-space:ok', `apply:install:write ${h.versionFile} 1.1.0`, `rollback:restore:write ${h.versionFile} 1.0.0`]);
    expect(lastStatus(h)).toMatchObject({ state: 'rolled-back', step: 'install-2', phase: 'apply' });
    expect(lastStatus(h).reason).toMatch(/^CUTOFF_REACHED: apply step 'install-2' would start after/);
  });

  it('fails without rollback when the cutoff passes before any apply step', async () => {
    const h = harness();
    h.afterExec = (_name, options) => {
      if (options.env?.TIDEWAY_STEP === 'disk-space') h.clock.advance(4 * 3_600_000 + 1);
    };
    await runOnce(h, { steps: versionSteps(h) });
    expect(h.stepLog()).toEqual(['pre-check:disk-space:ok']);
    expect(lastStatus(h)).toMatchObject({ state: 'failed', step: 'install', phase: 'apply' });
  });

  it('ends failed when the rollback itself fails, or when there is nothing to roll back with', async () => {
    const broken = harness();
    await runOnce(broken, { steps: [step('install', 'apply', ['fail']), step('restore', 'rollback', ['fail'])] });
    expect(lastStatus(broken)).toMatchObject({ state: 'failed', step: 'restore', phase: 'rollback' });
    expect(lastStatus(broken).reason).toMatch(/^ROLLBACK_FAILED: STEP_FAILED: rollback step 'restore' exited 3, after STEP_FAILED: apply step 'install'/);
    const bare = harness();
    await runOnce(bare, { steps: [step('install', 'apply', ['fail'])] });
    expect(lastStatus(bare)).toMatchObject({ state: 'failed', step: 'install', phase: 'apply' });
    expect(lastStatus(bare).reason).toMatch(/^NO_ROLLBACK_STEPS: /);
  });

  it('kills a step past its timeout and rolls back', async () => {
    const h = harness();
    await runOnce(h, { steps: [step('install', 'apply', ['sleep', '30']), step('restore', 'rollback', ['ok'])].map((s) => (s.name === 'install' ? { ...s, timeoutMs: 1000 } : s)) });
    expect(lastStatus(h)).toMatchObject({ state: 'rolled-back', step: 'install' });
    expect(lastStatus(h).reason).toBe("STEP_TIMED_OUT: apply step 'install' ran past 1000 ms");
  });

  it('runs commands in a work directory under the state dir with the plan in the environment, and removes it after', async () => {
    const h = harness();
    await runOnce(h, { steps: [step('where', 'apply', ['write', 'here.txt', 'x']), step('env', 'post-check', ['has', 'here.txt'])] });
    expect(lastStatus(h).state).toBe('succeeded');
    expect(h.stepLog()).toEqual(['apply:where:write here.txt x', 'post-check:env:has here.txt']);
    expect(() => readFileSync(`${h.stateDir}/plans/work/plan-0000000001/here.txt`)).toThrow();
  });
});
