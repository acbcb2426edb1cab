/**
 * Schedules for Node callers (control plane, CLI, benches): the pure core plus the loaders of
 * the shipped data files. Browser code imports `schedules/core.ts` instead.
 */
export * from './core.ts';
export { SCHEDULES_DIR, loadFreezes, loadHolidayCalendars, loadServicePlans, loadTracks, type HolidayLoadOptions } from './load.ts';
