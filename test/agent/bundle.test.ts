import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../agent/config/load.ts';
import { tempDir } from './helpers.ts';

const root = new URL('../../', import.meta.url);

describe('agent bundle', () => {
  it('runs from a directory outside the repository and reports the version esbuild defined', async () => {
    const dir = tempDir();
    const outfile = join(dir, 'tideway-agent.mjs');
    // The options scripts/build.mjs uses for the shipped bundle.
    await build({
      entryPoints: [new URL('agent/cli/bundle-entry.ts', root).pathname],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      banner: { js: "#!/usr/bin/env node\nimport { createRequire as __tidewayRequire } from 'node:module';\nconst require = __tidewayRequire(import.meta.url);" },
      define: { TIDEWAY_AGENT_VERSION: JSON.stringify('9.8.7-bundle') },
      logLevel: 'silent',
    });
    expect(execFileSync(process.execPath, [outfile, 'version'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('9.8.7-bundle');
    expect(execFileSync(process.execPath, [outfile, '--help'], { cwd: dir, encoding: 'utf8' })).toContain('install-service');
    expect(statSync(outfile).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('ships an example config that the agent accepts', () => {
    const text = readFileSync(new URL('agent/agent.example.yaml', root), 'utf8');
    expect(parseConfig(text, 'agent.example.yaml').checks).toHaveLength(5);
  });
});
