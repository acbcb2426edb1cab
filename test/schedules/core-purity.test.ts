import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCHEDULES = fileURLToPath(new URL('../../schedules/', import.meta.url));

/** Every file the module graph of `entry` reaches, and the packages it imports. */
function moduleGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(SCHEDULES, entry));
  return { files: [...files].map((file) => relative(SCHEDULES, file)).sort(), packages: [...packages].sort() };
}

describe('the browser-safe core (schedules/core.ts)', () => {
  const graph = moduleGraph('core.ts');

  it('imports only browser-safe packages, never node: modules or the file loader', () => {
    expect(graph.packages).toEqual(['@sinclair/typebox', '@sinclair/typebox/value', 'luxon', 'yaml']);
    expect(graph.files).not.toContain('load.ts');
  });

  it('reads no clock and no process-zone wall time', () => {
    for (const file of graph.files) {
      const source = readFileSync(join(SCHEDULES, file), 'utf8');
      expect(source, file).not.toMatch(/Date\.now\(|new Date\(|\.getHours\(|\.getDate\(|\.getDay\(|process\.|rrule/);
    }
  });
});
