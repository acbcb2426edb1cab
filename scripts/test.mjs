// The whole suite, as `npm test` runs it: build, type-check, unit suites under three
// process time zones (domain code must not depend on TZ), the control-plane suites on both
// stores (one contract, two stores), then the end-to-end and browser suites that
// start real processes, PostgreSQL replicas, Prometheus and Chromium.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
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
const postgresUrl = process.env.TIDEWAY_TEST_POSTGRES_URL ?? 'postgres://tideway:tideway@127.0.0.1:5432/tideway_test';

/** Fails early, with what to do, when the tests' PostgreSQL is not there. */
async function checkPostgres() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    console.error(
      `PostgreSQL for the tests is not reachable at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')} (${error.message}).\n` +
        'Install it and run `bash scripts/setup-test-postgres.sh` once, or set TIDEWAY_TEST_POSTGRES_URL.',
    );
    process.exit(1);
  }
}
await checkPostgres();
run('build', process.execPath, ['scripts/build.mjs']);
run('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json']);
// Vitest runs one worker on a 2-core machine (cores - 1); unit files spend much of their time
// waiting on SQLite fsyncs and child processes, so three workers keep both cores busy
// (210 s -> 121 s a zone here).
const unitWorkers = ['--maxWorkers', String(Math.max(3, availableParallelism()))];
// Every unit folder but the control plane's (the e2e project has e2e/ and browser/).
const otherUnitDirs = readdirSync('test', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['control-plane', 'e2e', 'browser', 'helpers'].includes(entry.name))
  .map((entry) => `test/${entry.name}/`);
// The control-plane suites are the store contract: on SQLite under UTC, on PostgreSQL under
// America/New_York (a zone with daylight saving). Under Asia/Shanghai, where the product's own
// zone would hide a dependence on the process zone, the other folders run.
for (const tz of zones) {
  if (tz === 'UTC') {
    run(`unit tests, TZ=${tz}`, process.execPath, [...vitest, '--project', 'unit', ...unitWorkers, ...extra], { TZ: tz });
    continue;
  }
  run(`unit tests outside the control plane, TZ=${tz}`, process.execPath, [...vitest, '--project', 'unit', ...unitWorkers, ...otherUnitDirs, ...extra], { TZ: tz });
  if (tz !== 'America/New_York') continue;
  run(`control-plane suites on PostgreSQL, TZ=${tz}`, process.execPath, [...vitest, '--project', 'unit', ...unitWorkers, 'test/control-plane', ...extra], {
    TZ: tz,
    TIDEWAY_TEST_STORE: 'postgres',
  });
}
run('end-to-end and browser tests, TZ=America/New_York', process.execPath, [...vitest, '--project', 'e2e', ...extra], {
  TZ: 'America/New_York',
});
