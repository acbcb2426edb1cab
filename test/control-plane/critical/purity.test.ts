import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../../control-plane/critical/', import.meta.url));
/** The service writes the store and makes ids; the rest take `now` and their inputs. */
const AROUND = /^service\.ts$/;

describe('the critical-period domain', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.ts') && !AROUND.test(name));

  it('has the files this suite checks', () => {
    expect(files).toEqual(expect.arrayContaining(['model.ts', 'validation.ts', 'freeze.ts', 'notify.ts', 'board.ts']));
  });

  it('reads no clock, no process state, no database and no files', () => {
    for (const file of files) {
      const source = readFileSync(`${DIR}${file}`, 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(\)|performance\.|process\.|from 'node:fs'|from 'node:(child_process|net|http)'|setTimeout|setInterval|store\/sqlite|Math\.random|randomBytes/);
    }
  });
});
