/**
 * Window generation at fleet scale: every window of every default track for 10,000 tenants
 * over one year, tenants differing by their freezes. Each track's occurrences are prepared
 * once (holiday checks, instants); each tenant then only applies its own freeze mask.
 *
 *   node --import tsx bench/windows.bench.ts
 *
 * Prints a line per figure and writes bench/results/windows.json (through bench/lib/report.ts).
 */
import {
  freezeMask,
  loadFreezes,
  loadHolidayCalendars,
  loadTracks,
  prepareTrack,
  resolveWindows,
  type FreezePeriod,
  type HolidayCalendars,
  type Track,
  type WindowOccurrence,
} from '../schedules/index.ts';
import { median, writeBenchResult } from './lib/report.ts';

const TENANTS = 10_000;
const FROM = '2026-01-01';
const TO = '2026-12-31';
const RUNS = 5;
const TARGET_MS = 1000;

/** Deterministic PRNG (mulberry32) so every run measures the same tenants. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic mix: month-end closing, monthly tax filing, annual reconciliation, year-end, custom ranges. */
function tenantFreezes(rand: () => number): FreezePeriod[] {
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pad = (n: number) => String(n).padStart(2, '0');
  const freezes: FreezePeriod[] = [];
  if (rand() < 0.45) freezes.push({ kind: 'month-edges', id: 'month-end', label: 'month-end closing', lastDays: int(2, 4), firstDays: int(0, 3) });
  if (rand() < 0.2) freezes.push({ kind: 'month-edges', id: 'tax-filing', label: 'monthly tax filing', lastDays: 0, firstDays: int(10, 15) });
  if (rand() < 0.1) freezes.push({ kind: 'annual', id: 'tax-reconciliation', label: 'annual tax reconciliation', from: '03-01', to: '06-30' });
  if (rand() < 0.3) freezes.push({ kind: 'annual', id: 'year-end', label: 'year-end', from: `12-${pad(int(15, 25))}`, to: `01-${pad(int(3, 10))}` });
  if (rand() < 0.1) freezes.push({ kind: 'month-edges', id: 'quarter-close', label: 'quarter close', lastDays: int(3, 7), firstDays: 0, months: [3, 6, 9, 12] });
  for (let index = rand() < 0.35 ? int(1, 3) : 0; index > 0; index--) {
    const month = int(1, 12);
    const day = int(1, 20);
    const from = `2026-${pad(month)}-${pad(day)}`;
    freezes.push({ kind: 'dates', id: `custom-${index}`, label: 'customer event', from, to: `2026-${pad(month)}-${pad(day + int(1, 8))}` });
  }
  return freezes;
}

/**
 * Every tenant's windows of every track; `visit` sees each tenant's list (the timed runs only
 * count them, the check run also tallies statuses).
 */
function generateAll(tracks: Track[], calendars: HolidayCalendars, global: FreezePeriod[], tenants: FreezePeriod[][], visit: (windows: WindowOccurrence[]) => void): void {
  const prepared = tracks.map((track) => prepareTrack(track, FROM, TO, calendars));
  const firstDay = Math.min(...prepared.map((p) => p.firstDay));
  const lastDay = Math.max(...prepared.map((p) => p.lastDay));
  for (const tenant of tenants) {
    const mask = freezeMask({ global, tenant }, firstDay, lastDay);
    for (const track of prepared) visit(resolveWindows(track, mask));
  }
}

function timed(body: () => void): number {
  const started = performance.now();
  body();
  return performance.now() - started;
}

const rand = random(20260101);
const tenants = Array.from({ length: TENANTS }, () => tenantFreezes(rand));
const [tracks, calendars, global] = [loadTracks(), loadHolidayCalendars(), loadFreezes()];

let occurrences = 0;
const count = (windows: WindowOccurrence[]) => {
  occurrences += windows.length;
};
const coldMs = timed(() => generateAll(tracks, calendars, global, tenants, count));
const warmMs = median(Array.from({ length: RUNS }, () => timed(() => generateAll(tracks, calendars, global, tenants, count))));
let scheduled = 0;
generateAll(tracks, calendars, global, tenants, (windows) => {
  for (const window of windows) if (window.status === 'scheduled') scheduled++;
});
occurrences /= RUNS + 1;

const round = (ms: number) => Math.round(ms * 10) / 10;
const n = (value: number) => value.toLocaleString('en-US');
const what = `every window of all ${tracks.length} default tracks for ${n(TENANTS)} tenants over ${FROM}..${TO} (${n(occurrences)} occurrences, ${n(scheduled)} scheduled)`;
writeBenchResult('windows', [
  { what: `${what}, median of ${RUNS} warm runs`, value: round(warmMs), unit: 'ms', target: `< ${TARGET_MS} ms`, met: warmMs < TARGET_MS },
  { what: `${what}, first (cold) run`, value: round(coldMs), unit: 'ms', target: `< ${TARGET_MS} ms`, met: coldMs < TARGET_MS },
]);
