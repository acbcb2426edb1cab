// The whole suite, as `npm test` runs it: build, type-check, unit suites under three
// process time zones (domain code must not depend on TZ), then the end-to-end and browser
// suites that start real processes, Prometheus and Chromium.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const zones = ['UTC', 'Asia/Shanghai', 'America/New_York'];
const extra = process.argv.slice(2);

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n== ${label} failed after ${seconds} s (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  console.log(`== ${label} passed in ${seconds} s`);
}

const vitest = ['node_modules/vitest/vitest.mjs', 'run'];
run('build', process.execPath, ['scripts/build.mjs']);
run('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
// Vitest runs one worker on a 2-core machine (cores - 1); unit files spend much of their time
// waiting on SQLite fsyncs and child processes, so three workers keep both cores busy
// (210 s -> 121 s a zone here).
const unitWorkers = ['--maxWorkers', String(Math.max(3, availableParallelism()))];
for (const tz of zones) {
  run(`unit tests, TZ=${tz}`, process.execPath, [...vitest, '--project', 'unit', ...unitWorkers, ...extra], { TZ: tz });
}
run('end-to-end and browser tests, TZ=America/New_York', process.execPath, [...vitest, '--project', 'e2e', ...extra], {
  TZ: 'America/New_York',
});
