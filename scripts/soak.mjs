// `npm run soak`: the long versions of the fault and crash runs (TIDEWAY_SOAK=1 selects them
// in the same test files `npm test` runs short). Each run prints a `RELIABILITY {json}` line;
// this script collects them into the table in docs/reliability.md between its markers.
// Bounded: every run has its own duration, and the whole soak stops after SOAK_LIMIT_MINUTES.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const FILES = ['test/e2e/faults.test.ts', 'test/e2e/crash-loops.test.ts'];
const limitMinutes = Number(process.env.SOAK_LIMIT_MINUTES ?? 45);
const only = process.argv.slice(2);
const files = FILES.filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

const args = ['node_modules/vitest/vitest.mjs', 'run', '--project', 'e2e', '--testTimeout', String(limitMinutes * 60_000), ...files];
const child = spawn(process.execPath, args, { env: { ...process.env, TIDEWAY_SOAK: '1', TZ: 'America/New_York' }, stdio: ['ignore', 'pipe', 'inherit'] });
const limit = setTimeout(() => {
  console.error(`\nsoak: stopping after ${limitMinutes} minutes (SOAK_LIMIT_MINUTES)`);
  child.kill('SIGTERM');
}, limitMinutes * 60_000);

const runs = [];
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const at = line.indexOf('RELIABILITY ');
    if (at >= 0) runs.push(JSON.parse(line.slice(at + 'RELIABILITY '.length)));
  }
});

const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
clearTimeout(limit);
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
const ranAt = new Date().toISOString().slice(0, 16);
const rows = runs.map(
  (r) => `| ${r.fault} | ${r.runs} | ${r.sent} | ${r.stored} | ${r.lost} | ${r.duplicated} | ${r.seconds} | ${r.note ?? '-'} | ${ranAt}Z, ${machine} |`,
);
const doc = readFileSync('docs/reliability.md', 'utf8');
// Rows of faults this run did not try (a soak of one file) stay as they were.
const tried = new Set(runs.map((r) => r.fault));
const kept = (/<!-- soak:begin -->([\s\S]*)<!-- soak:end -->/.exec(doc)?.[1] ?? '')
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| fault or crash') && !tried.has(line.split(' | ')[0].slice(2)));
const table = ['| fault or crash | runs | reports sent | stored | lost | duplicated | seconds | notes | ran on |', '|---|---|---|---|---|---|---|---|---|', ...kept, ...rows].join('\n');
writeFileSync('docs/reliability.md', doc.replace(/<!-- soak:begin -->[\s\S]*<!-- soak:end -->/, `<!-- soak:begin -->\n${table}\n<!-- soak:end -->`));
console.log(`\ndocs/reliability.md updated with ${rows.length} runs; vitest exit ${code}`);
process.exit(code === 0 && runs.length > 0 ? 0 : 1);
