/** Shared fixtures for the schedules suites: the shipped data, loaded once, and instant helpers. */
import { ScheduleError, formatInstant, loadFreezes, loadHolidayCalendars, loadServicePlans, loadTracks, parseInstant, type Track } from '../../schedules/index.ts';
import { findTrack, parseTracks, type TrackSpec } from '../../schedules/core.ts';

export const calendars = loadHolidayCalendars();
export const tracks = loadTracks();
export const plans = loadServicePlans();
export const globalFreezes = loadFreezes();

/** Epoch ms of an ISO instant with offset. */
export const at = (iso: string): number => parseInstant(iso);

/** ISO text of an instant in a zone (Shanghai unless told). */
export const iso = (instantAt: number, zone = 'Asia/Shanghai'): string => formatInstant(instantAt, zone);

/** A default-catalog track by id. */
export const track = (id: string): Track => findTrack(tracks, id);

/** A track built (and schema-checked) from a YAML-shaped spec, with usual fields filled in. */
export function customTrack(spec: Partial<TrackSpec> & Pick<TrackSpec, 'cadence'>): Track {
  return parseTracks({ tracks: [{ id: 'private/test', name: 'test track', start: '22:00', duration: '6h', ...spec }] })[0];
}

/** The code and issues of the ScheduleError `run` throws (fails the test when it does not throw). */
export function scheduleIssues(run: () => unknown): { code: string; issues: { path: string; message: string; code?: string }[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof ScheduleError) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error('expected a ScheduleError');
}
