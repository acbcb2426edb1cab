import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../../control-plane/scheduling/', import.meta.url));
/** The services around the domain: they read the store, the clock and timers. */
const SERVICES = /-service\.ts$|^(deps|materialiser|service)\.ts$/;

describe('the scheduling domain', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.ts') && !SERVICES.test(name));

  it('has the files this suite checks', () => {
    expect(files).toEqual(expect.arrayContaining(['booking-machine.ts', 'freeze-rules.ts', 'slots.ts', 'window-plan.ts', 'window-diff.ts', 'policy.ts']));
  });

  it('reads no clock, no process state, no store and no files', () => {
    for (const file of files) {
      const source = readFileSync(`${DIR}${file}`, 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(|performance\.|process\.|from 'node:fs'|from 'node:(child_process|net|http)'|setTimeout|setInterval|store\/sqlite|\.store\b/);
    }
  });
});
