import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../agent/config/load.ts';
import { DEFAULT_MAX_ARTIFACT_BYTES } from '../../../agent/plans/download.ts';
import { CheckResultsFeed, runHealthGate } from '../../../agent/plans/health-gate.ts';
import { NOW, check, manualClock } from './fixtures.ts';

describe('plans config', () => {
  it('defaults to no version command and a 4 GiB artifact limit', () => {
    expect(parseConfig('', 'test').plans).toEqual({ maxArtifactBytes: DEFAULT_MAX_ARTIFACT_BYTES });
  });

  it('accepts a version command that is on the allow-list', () => {
    const config = parseConfig('commands:\n  product-version: { path: /opt/erp/bin/version }\nplans:\n  versionCommand: product-version\n  maxArtifactBytes: 2048\n', 'test');
    expect(config.plans).toEqual({ versionCommand: 'product-version', maxArtifactBytes: 2048 });
  });

  it('refuses a version command missing from the allow-list, and unknown plan settings, saying how to fix them', () => {
    expect(() => parseConfig('plans:\n  versionCommand: product-version\n  shell: true\n', 'test')).toThrow(
      /plans\.shell: is not a known field[\s\S]*plans\.versionCommand: 'product-version' is not in commands; add it under commands:/,
    );
  });
});

describe('health gate', () => {
  it('ignores rounds that started before the gate and passes on later ok rounds', async () => {
    const feed = new CheckResultsFeed();
    const clock = manualClock();
    const gate = runHealthGate(feed, clock, 60);
    feed.publish([check('erp', 'critical')], NOW - 1);
    feed.publish([check('erp', 'ok')], NOW);
    await expect(gate).resolves.toEqual({ kind: 'passed' });
    expect(clock.now()).toBe(NOW + 60_000);
  });

  it('ends at once on a critical result, before its time is up', async () => {
    const feed = new CheckResultsFeed();
    const clock = manualClock();
    const gate = runHealthGate(feed, clock, 60);
    feed.publish([check('erp', 'ok'), check('disk', 'critical', '98% full')], NOW + 5);
    await expect(gate).resolves.toEqual({ kind: 'failed', reason: "HEALTH_GATE_FAILED: check 'disk' is critical: 98% full" });
    expect(clock.now()).toBe(NOW);
  });

  it('reports stopped when the agent stops during the gate', async () => {
    const controller = new AbortController();
    const gate = runHealthGate(new CheckResultsFeed(), manualClock(), 60, controller.signal);
    controller.abort();
    await expect(gate).resolves.toEqual({ kind: 'stopped' });
  });
});
