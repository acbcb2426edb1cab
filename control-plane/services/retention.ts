/**
 * Keeps storage bounded: rolls raw samples up into hourly aggregates, then deletes raw
 * samples past their retention and rollups past theirs. Work runs in small chunks with a
 * yield between them, so ingest never waits long behind it.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { HOUR_MS, hoursDue } from '../domain/rollup-hours.ts';
import type { Store } from '../store/types.ts';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  rawDays: number;
  rollupDays: number;
  /** Rows deleted per transaction. */
  chunkRows: number;
  /** Hours rolled up per run; the rest wait for the next run. */
  hoursPerRun: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { rawDays: 14, rollupDays: 730, chunkRows: 5000, hoursPerRun: 48 };

export interface RetentionRun {
  hoursRolledUp: number;
  samplesDeleted: number;
  rollupsDeleted: number;
  sessionsDeleted: number;
}

export async function runRetention(store: Store, options: RetentionOptions, now: number): Promise<RetentionRun> {
  const run: RetentionRun = { hoursRolledUp: 0, samplesDeleted: 0, rollupsDeleted: 0, sessionsDeleted: 0 };
  for (const hourAt of hoursDue(store.rollups.watermark(), store.rollups.earliestSampleAt(), now, options.hoursPerRun)) {
    store.transaction(() => {
      store.rollups.rollUpHour(hourAt);
      store.rollups.setWatermark(hourAt);
    });
    run.hoursRolledUp += 1;
    await yieldToLoop();
  }
  for (const hourAt of store.rollups.dirtyHours(options.hoursPerRun)) {
    store.transaction(() => {
      store.rollups.rollUpHour(hourAt);
      store.rollups.clearDirtyHour(hourAt);
    });
    run.hoursRolledUp += 1;
    await yieldToLoop();
  }
  // Raw samples go only once their hour is rolled up, even when retention says sooner (none before the first rollup).
  const watermark = store.rollups.watermark();
  if (watermark !== null) {
    const rawCutoff = Math.min(now - options.rawDays * DAY_MS, watermark + HOUR_MS);
    run.samplesDeleted = await deleteInChunks((limit) => store.samples.deleteOlderThan(rawCutoff, limit), options.chunkRows);
  }
  run.rollupsDeleted = await deleteInChunks((limit) => store.rollups.deleteOlderThan(now - options.rollupDays * DAY_MS, limit), options.chunkRows);
  run.sessionsDeleted = store.sessions.deleteExpired(now);
  return run;
}

async function deleteInChunks(deleteChunk: (limit: number) => number, chunkRows: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = deleteChunk(chunkRows);
    total += deleted;
    if (deleted < chunkRows) return total;
    await yieldToLoop();
  }
}
