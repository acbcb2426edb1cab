/** Writes a benchmark's figures, with the machine they ran on, to bench/results/<name>.json. */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  what: string;
  value: number;
  unit: string;
  target?: string;
  /** The same measurement of a baseline in the same run, and value / baseline. */
  baseline?: { what: string; value: number };
  ratio?: number;
  met?: boolean;
}

export interface BenchResult {
  name: string;
  ranAt: string;
  machine: { cpus: string; cores: number; memoryGiB: number; node: string };
  results: BenchFigure[];
}

export function machine(): BenchResult['machine'] {
  return { cpus: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), node: process.version };
}

export function writeBenchResult(name: string, results: BenchFigure[]): BenchResult {
  const result: BenchResult = { name, ranAt: new Date().toISOString(), machine: machine(), results };
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  for (const r of results) {
    const base = r.baseline ? ` (baseline ${r.baseline.what}: ${r.baseline.value} ${r.unit}, ratio ${r.ratio?.toFixed(2)})` : '';
    console.log(`${name}: ${r.what}: ${r.value} ${r.unit}${r.target ? ` [target ${r.target}${r.met === undefined ? '' : r.met ? ', met' : ', MISSED'}]` : ''}${base}`);
  }
  return result;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
