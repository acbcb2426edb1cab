// Builds what the control plane serves and ships: the dashboard (Vite) and the
// self-contained agent bundle (esbuild), which runs on a host without this package's
// other dependencies.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFile } from 'node:fs/promises';

const started = Date.now();
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await esbuild({
  entryPoints: ['agent/cli/bundle-entry.ts'],
  outfile: 'dist/tideway-agent.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __tidewayRequire } from 'node:module';\nconst require = __tidewayRequire(import.meta.url);",
  },
  define: { TIDEWAY_AGENT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
console.log(`built dist/tideway-agent.mjs`);

await viteBuild({ configFile: 'dashboard/vite.config.ts', logLevel: 'warn' });
console.log(`built dist/dashboard in ${Date.now() - started} ms`);
