/**
 * Node-only loading of the schedules data files. The pure core (`core.ts`) never touches the
 * file system, so the dashboard can import it; the control plane and CLI load data here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHolidayCalendars, type HolidayCalendars } from './day-kind.ts';
import { ScheduleError, type ScheduleErrorCode } from './errors.ts';
import { parseFreezes, type FreezePeriod } from './freezes.ts';
import { parseHolidayIcs } from './holiday-ics.ts';
import type { HolidayCalendarYear } from './holiday-schema.ts';
import { parseHolidayCalendarJson } from './holiday-validate.ts';
import { parseServicePlans, type ServicePlan } from './service-plans.ts';
import { parseTracks, type Track } from './tracks.ts';

/** The folder holding the shipped data files. */
export const SCHEDULES_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Where extra holiday years come from besides the shipped ones (e.g. the control plane's data dir). */
export interface HolidayLoadOptions {
  region?: string;
  /** Folders with more `<region>/<year>.json` (or `.ics`) files; a year may be defined only once. */
  extraDirs?: readonly string[];
}

/** Every holiday calendar year of a region: `schedules/holidays/<region>/<year>.json` plus extra folders. */
export function loadHolidayCalendars(options: HolidayLoadOptions = {}): HolidayCalendars {
  const region = options.region ?? 'cn';
  const dirs = [join(SCHEDULES_DIR, 'holidays'), ...(options.extraDirs ?? [])].map((dir) => join(dir, region));
  const years = dirs.filter((dir) => existsSync(dir)).flatMap((dir) => readYearFiles(dir, region));
  return buildHolidayCalendars(years, region);
}

function readYearFiles(dir: string, region: string): HolidayCalendarYear[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}\.(json|ics)$/.test(file))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const year = Number(file.slice(0, 4));
      const text = readFileSync(path, 'utf8');
      const calendar = file.endsWith('.ics') ? parseHolidayIcs(text, { year, region }) : parseHolidayCalendarJson(text, path);
      if (calendar.year !== year) {
        throw new ScheduleError('HOLIDAY_CALENDAR_INVALID', `${path} says year ${calendar.year}; name the file ${calendar.year}.json`, { path });
      }
      return calendar;
    });
}

/** The update tracks of `schedules/tracks.yaml` (or another file in the same format). */
export function loadTracks(path = join(SCHEDULES_DIR, 'tracks.yaml')): Track[] {
  return parseTracks(readText(path, 'TRACKS_INVALID'), path);
}

/** The service plans of `schedules/service-plans.yaml`. */
export function loadServicePlans(path = join(SCHEDULES_DIR, 'service-plans.yaml')): ServicePlan[] {
  return parseServicePlans(readText(path, 'SERVICE_PLANS_INVALID'), path);
}

/** The global freezes of `schedules/freezes.yaml` (or another file in the same format). */
export function loadFreezes(path = join(SCHEDULES_DIR, 'freezes.yaml')): FreezePeriod[] {
  return parseFreezes(readText(path, 'FREEZES_INVALID'), path);
}

function readText(path: string, code: ScheduleErrorCode): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScheduleError(code, `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { path });
  }
}
