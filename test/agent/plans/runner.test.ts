import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanLedger, plansDir } from '../../../agent/plans/ledger.ts';
import { planStatusRecord, versionFromOutput } from '../../../agent/plans/runner.ts';
import { planBody, statusRecords } from './fixtures.ts';
import { harness, lastStatus, runOnce } from './harness.ts';

describe('plan runner', () => {
  it('runs a redelivered plan once and reports its last state again', async () => {
    const h = harness();
    const runner = h.open();
    const signed = h.sign();
    runner.submit(signed);
    runner.submit({ ...signed });
    await runner.whenIdle();
    runner.submit(signed);
    await runner.whenIdle();
    expect(h.stepLog()).toEqual(['pre-check:disk-space:ok', 'apply:install:ok', 'post-check:smoke:ok']);
    expect(h.states().slice(-3)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('never reruns a plan after a restart, and refuses older versions then', async () => {
    const h = harness();
    await runOnce(h, { version: 5 });
    const after = h.records.length;
    const runner = h.open();
    runner.submit(h.sign({ version: 5 }));
    runner.submit(h.sign({ version: 4, planId: 'plan-0000000002' }));
    await runner.whenIdle();
    expect(h.stepLog()).toHaveLength(3);
    expect(statusRecords(h.records.slice(after)).map((r) => `${r.planId}:${r.state}:${r.reason ?? ''}`)).toEqual([
      'plan-0000000001:succeeded:', 'plan-0000000002:refused:PLAN_STALE_VERSION',
    ]);
    expect(PlanLedger.open(h.stateDir).highestVersion).toBe(5);
  });

  it('reports a plan a crash interrupted as failed at start and never resumes it', async () => {
    const h = harness();
    const ledger = PlanLedger.open(h.stateDir);
    ledger.accept(planBody({ version: 3 }), h.clock.now());
    ledger.update('plan-0000000001', { state: 'running', step: 'install', phase: 'apply' });
    const runner = h.open();
    expect(lastStatus(h)).toMatchObject({ state: 'failed', step: 'install', phase: 'apply', version: 3 });
    expect(lastStatus(h).reason).toBe("AGENT_RESTARTED: the agent stopped during apply step 'install'; the plan was not resumed");
    runner.submit(h.sign({ version: 3 }));
    await runner.whenIdle();
    expect(h.execs).toEqual([]);
    expect(h.states()).toEqual(['failed:apply:install', 'failed:apply:install']);
  });

  it('writes the ledger before the first step starts', async () => {
    const h = harness();
    let seen: unknown;
    h.afterExec = (name) => {
      if (name === 'step' && seen === undefined) seen = JSON.parse(readFileSync(join(plansDir(h.stateDir), 'ledger.json'), 'utf8'));
    };
    await runOnce(h, { version: 2 });
    expect(seen).toMatchObject({ highestVersion: 2, plans: { 'plan-0000000001': { state: 'running', step: 'disk-space' } } });
  });

  it('refuses to start over a damaged ledger rather than forgetting what ran', () => {
    const h = harness();
    h.open();
    writeFileSync(join(plansDir(h.stateDir), 'ledger.json'), '{"highestVersion": "lots"}');
    expect(() => h.open()).toThrow(expect.objectContaining({ code: 'PLAN_LEDGER_INVALID' }));
  });

  it('runs one plan at a time, in arrival order, verifying each when its turn comes', async () => {
    const h = harness();
    const runner = h.open();
    runner.submit(h.sign({ version: 1 }));
    runner.submit(h.sign({ version: 2, planId: 'plan-0000000002' }));
    runner.submit(h.sign({ version: 2, planId: 'plan-0000000003' }));
    await runner.whenIdle();
    const records = statusRecords(h.records);
    const order = records.filter((r) => r.state !== 'running').map((r) => `${r.planId}:${r.state}:${r.reason ?? ''}`);
    expect(order).toEqual([
      'plan-0000000001:accepted:', 'plan-0000000001:succeeded:', 'plan-0000000002:accepted:', 'plan-0000000002:succeeded:',
      'plan-0000000003:refused:PLAN_STALE_VERSION',
    ]);
  });

  it('stops a running plan when the agent stops: the step is killed, nothing else starts, the plan ends failed', async () => {
    const h = harness();
    const runner = h.open();
    const started = new Promise<void>((resolve) => {
      const push = h.records.push.bind(h.records);
      h.records.push = (...items) => {
        const length = push(...items);
        if (items.some((r) => r.kind === 'plan-status' && r.step === 'install')) setImmediate(resolve);
        return length;
      };
    });
    runner.submit(h.sign({ steps: [{ ...planBody().steps[1], args: ['sleep', '30'] }, planBody().steps[3]] }));
    await started;
    const before = Date.now();
    await runner.stop();
    expect(Date.now() - before).toBeLessThan(5000);
    expect(lastStatus(h)).toMatchObject({ state: 'failed', step: 'install', phase: 'apply' });
    expect(lastStatus(h).reason).toMatch(/^AGENT_STOPPING: /);
    expect(h.execs).toEqual(['version', 'step']);
    expect(h.stepLog().filter((line) => line.startsWith('rollback'))).toEqual([]);
  });

  it('refuses every plan when no key was pinned, reporting under the claimed plan id', async () => {
    const h = harness();
    const runner = h.open({ serverPublicKey: '' });
    runner.submit(h.sign());
    await runner.whenIdle();
    expect(h.states()).toEqual(['refused']);
    expect(lastStatus(h).reason).toBe('PLAN_BAD_SIGNATURE');
    expect(h.execs).toEqual([]);
  });

  it('omits the versions when no version command is configured or it fails', async () => {
    const h = harness();
    const runner = h.open({ versionCommand: undefined });
    runner.submit(h.sign());
    await runner.whenIdle();
    expect(lastStatus(h)).not.toHaveProperty('versionBefore');
    expect(versionFromOutput(1, '1.0.0')).toBeUndefined();
    expect(versionFromOutput(0, '\n  8.2.1-hotfix3 (build 77)\nmore')).toBe('8.2.1-hotfix3 (build 77)');
    expect(versionFromOutput(0, '   ')).toBeUndefined();
  });

  it('builds plan-status records without undefined fields', () => {
    expect(planStatusRecord({ planId: 'plan-0000000001', rolloutId: 'rollout-000001', version: 1 }, { state: 'refused', reason: 'PLAN_EXPIRED', step: undefined }, 5)).toEqual({
      kind: 'plan-status', at: 5, planId: 'plan-0000000001', rolloutId: 'rollout-000001', version: 1, state: 'refused', reason: 'PLAN_EXPIRED',
    });
  });
});
