/**
 * Duration strings used in data files and on the command line. Business durations count open
 * time of a service calendar (`wd` = one working day = 8 business hours); wall durations
 * count elapsed clock time (`d` = 24 hours).
 */
import { ScheduleError } from './errors.ts';

/** Business seconds in one working day (`1wd`): two sessions, 3.5 h + 4.5 h. */
export const WORKING_DAY_SECONDS = 8 * 3600;

const BUSINESS_UNITS: Record<string, number> = { wd: WORKING_DAY_SECONDS, h: 3600, m: 60 };
const WALL_UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** Business seconds of `4h`, `30m`, `1wd` or `0.5wd`; throws `DURATION_INVALID`. */
export function parseBusinessDuration(text: string): number {
  const seconds = parseUnits(text, BUSINESS_UNITS, 'a business duration such as 4h, 30m or 0.5wd (1wd = 8 business hours)');
  if (!Number.isInteger(seconds)) {
    throw new ScheduleError('DURATION_INVALID', `'${text}' is not a whole number of seconds`, { value: text });
  }
  return seconds;
}

/** Milliseconds of a wall-clock duration `8h`, `30m` or `2d`; throws `DURATION_INVALID`. */
export function parseWallDuration(text: string): number {
  const ms = parseUnits(text, WALL_UNITS, 'a duration such as 8h, 30m or 2d');
  if (!Number.isInteger(ms / 60_000)) {
    throw new ScheduleError('DURATION_INVALID', `'${text}' is not a whole number of minutes`, { value: text });
  }
  return ms;
}

/** True when `text` parses as a wall-clock duration. */
export function isWallDuration(text: string): boolean {
  try {
    parseWallDuration(text);
    return true;
  } catch {
    return false;
  }
}

function parseUnits(text: string, units: Record<string, number>, expected: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/.exec(text);
  const unit = match ? units[match[2]] : undefined;
  if (!match || unit === undefined) {
    throw new ScheduleError('DURATION_INVALID', `'${text}' is not ${expected}`, { value: text });
  }
  return Math.round(Number(match[1]) * unit * 1e6) / 1e6;
}
