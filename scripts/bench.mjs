// `npm run bench`: runs every bench/*.bench.ts in its own process, then writes the table of
// results in docs/performance.md between its generated-table markers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench/${file} failed (exit ${result.status ?? result.signal})`);
  }
}

const results = readdirSync('bench/results').filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(`bench/results/${f}`, 'utf8')));
const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));
const rows = results.flatMap((r) =>
  r.results.map((x) => `| ${r.name} | ${x.what} | ${fmt(x.value)} ${x.unit} | ${x.target ?? '-'} | ${x.met === undefined ? '-' : x.met ? 'yes' : '**no**'} | ${x.baseline ? `${x.baseline.what}: ${fmt(x.baseline.value)} ${x.unit} (ratio ${fmt(x.ratio)})` : '-'} | ${r.ranAt.slice(0, 16)}Z, ${r.machine.cores} x ${r.machine.cpus}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node} |`),
);
const table = ['| bench | what | result | target | met | baseline in the same run | ran on |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
const doc = existsSync('docs/performance.md') ? readFileSync('docs/performance.md', 'utf8') : '# Performance\n\n<!-- bench:begin -->\n<!-- bench:end -->\n';
const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';
writeFileSync('docs/performance.md', doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`));
console.log(`\ndocs/performance.md updated with ${rows.length} figures`);
process.exit(failed ? 1 : 0);
