import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { PlanStepSchema } from '../../../protocol/index.ts';
import { loadServeConfig } from '../../../control-plane/config.ts';
import { DEFAULT_RECIPE, RolloutsConfigError, checkRecipe, loadRecipe, planSteps } from '../../../control-plane/rollouts/recipe.ts';

const sha = 'a'.repeat(64);
const release = { id: 'rel_1', version: '2026.11', artifacts: [{ name: 'erp.tar.gz', sha256: sha, url: 'https://cdn.example.com/erp.tar.gz' }, { name: 'db.sql', sha256: sha.toUpperCase(), url: 'https://cdn.example.com/db.sql' }] };

describe('the built-in recipe', () => {
  it('runs pre-check, one download per artifact, apply, post-check and rollback with allow-list names', () => {
    const { steps, problem } = planSteps(DEFAULT_RECIPE, release);
    expect(problem).toBeUndefined();
    expect(steps.map((s) => [s.name, s.phase, s.command ?? null])).toEqual([
      ['pre-check', 'pre-check', 'tideway-precheck'],
      ['download-erp.tar.gz', 'download', null],
      ['download-db.sql', 'download', null],
      ['apply', 'apply', 'tideway-apply'],
      ['post-check', 'post-check', 'tideway-postcheck'],
      ['rollback', 'rollback', 'tideway-rollback'],
    ]);
    expect(steps[3].args).toEqual(['rel_1', '2026.11', 'erp.tar.gz', 'db.sql']);
    expect(steps[2].artifact).toEqual({ name: 'db.sql', url: 'https://cdn.example.com/db.sql', sha256: sha });
    for (const step of steps) expect(Value.Check(PlanStepSchema, step), step.name).toBe(true);
  });

  it('refuses a release whose artifact has no URL or no plain file name', () => {
    expect(planSteps(DEFAULT_RECIPE, { ...release, artifacts: [{ name: 'x.bin', sha256: sha, url: null }] }).problem).toMatch(/no URL/);
    expect(planSteps(DEFAULT_RECIPE, { ...release, artifacts: [{ name: '../etc/passwd', sha256: sha, url: 'https://x.example.com/a' }] }).problem).toMatch(/plain file name/);
  });
});

describe('rollouts.yaml', () => {
  it('ships an example that is exactly the built-in recipe', () => {
    expect(loadRecipe(fileURLToPath(new URL('../../../control-plane/rollouts/rollouts.example.yaml', import.meta.url)))).toEqual(DEFAULT_RECIPE);
  });

  it('loads steps and defaults from a file, keeping the other defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tideway-recipe-'));
    const file = join(dir, 'rollouts.yaml');
    writeFileSync(file, 'steps:\n  - { name: apply, phase: apply, command: erp-patch, args: ["{releaseVersion}"], timeoutSeconds: 900 }\ndefaults:\n  canary: "5%"\n  maxErrors: 2\n');
    const recipe = loadRecipe(file);
    expect(recipe.defaults).toMatchObject({ canary: '5%', maxErrors: 2, maxConcurrency: 10, healthGateSeconds: 300 });
    expect(planSteps(recipe, release).steps).toEqual([{ name: 'apply', phase: 'apply', command: 'erp-patch', args: ['2026.11'], timeoutMs: 900_000 }]);
  });

  it.each([
    [{ steps: [{ phase: 'apply', command: 'x', name: 'a', timeoutSeconds: 1, shell: true }] }, /shell: is not a known field/],
    [{ steps: [{ phase: 'install', command: 'x', name: 'a', timeoutSeconds: 1 }] }, /steps\[0\]\.phase: must be one of/],
    [{ steps: [{ phase: 'apply', name: 'a', timeoutSeconds: 1 }] }, /command: is required/],
    [{ steps: [{ phase: 'download', command: 'curl', timeoutSeconds: 60 }, { phase: 'apply', name: 'a', command: 'x', timeoutSeconds: 1 }] }, /remove command/],
    [{ steps: [{ phase: 'pre-check', name: 'p', command: 'x', timeoutSeconds: 1 }] }, /must include an apply step/],
    [{ steps: [{ phase: 'apply', name: 'a', command: 'x', timeoutSeconds: 1 }], defaults: { maxErrors: '150%' } }, /defaults\.maxErrors: must be a whole number of hosts, or a share/],
  ])('refuses a bad file with a message saying how to fix it (%#)', (raw, message) => {
    expect(() => checkRecipe(raw)).toThrow(RolloutsConfigError);
    expect(() => checkRecipe(raw)).toThrow(message);
  });
});

describe('tideway serve --rollouts', () => {
  it('takes the recipe file from the flag, or from TIDEWAY_ROLLOUTS', () => {
    expect(loadServeConfig({ env: { TIDEWAY_ROLLOUTS: '/etc/tideway/env.yaml' }, flags: { rollouts: '/etc/tideway/rollouts.yaml' } }).rolloutsFile).toBe('/etc/tideway/rollouts.yaml');
    expect(loadServeConfig({ env: { TIDEWAY_ROLLOUTS: '/etc/tideway/env.yaml' }, flags: {} }).rolloutsFile).toBe('/etc/tideway/env.yaml');
    expect('rolloutsFile' in loadServeConfig({ env: {}, flags: {} })).toBe(false);
  });
});
