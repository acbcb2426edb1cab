import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../../control-plane/rollouts/', import.meta.url));
/** The files around the domain: they read the store, files, metrics and ids. */
const AROUND = /^(service|create|metrics|recipe)\.ts$/;

describe('the rollout domain', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.ts') && !AROUND.test(name));

  it('has the files this suite checks', () => {
    expect(files).toEqual(expect.arrayContaining(['waves.ts', 'progress.ts', 'host-machine.ts', 'auto-start.ts', 'plan.ts', 'new-rollout.ts']));
  });

  it('reads no clock, no process state, no store and no files', () => {
    for (const file of files) {
      const source = readFileSync(`${DIR}${file}`, 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(|performance\.|process\.|from 'node:fs'|from 'node:(child_process|net|http)'|setTimeout|setInterval|store\/sqlite|Math\.random|randomBytes/);
    }
  });
});
