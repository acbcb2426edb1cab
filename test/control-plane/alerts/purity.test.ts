import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ALERTS = fileURLToPath(new URL('../../../control-plane/alerts/', import.meta.url));

/** The domain files: everything in alerts/ but the lead's engine and plugin files and the loader. */
function domainFiles(dir = ALERTS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(path);
    const name = relative(ALERTS, path);
    return name.endsWith('.ts') && !/^(engine|plugin)/.test(entry.name) && name !== join('rules', 'load.ts') ? [name] : [];
  });
}

describe('the alerting domain', () => {
  const files = domainFiles();

  it('has the files this suite checks', () => {
    expect(files).toEqual(expect.arrayContaining(['state-machine.ts', 'evaluate.ts', 'flapping.ts', join('rules', 'rule-set.ts')]));
  });

  it('reads no clock, no process state and no files outside rules/load.ts', () => {
    for (const file of files) {
      const source = readFileSync(join(ALERTS, file), 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(|performance\.now|process\.|from 'node:fs'|from 'node:(child_process|net|http)'|setTimeout|setInterval/);
    }
  });
});
