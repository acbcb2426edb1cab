/**
 * Wall-clock times of `<input type="datetime-local">` (`2026-05-01T22:00`) read and written
 * in a named IANA zone, so an operator can enter a tenant's maintenance window in that
 * tenant's zone whatever the browser's zone is. Offsets come from Intl; the page carries no
 * zone database of its own.
 */

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const partFormats = new Map<string, Intl.DateTimeFormat>();
function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's wall clock at an instant, as if that wall clock were UTC (epoch ms, whole seconds). */
function wallAsUtc(at: number, timeZone: string): number {
  const parts = Object.fromEntries(partFormat(timeZone).formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
const offsetMs = (at: number, timeZone: string): number => wallAsUtc(at, timeZone) - Math.floor(at / 1000) * 1000;

/** The browser's own zone, for labels when no tenant zone applies. */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The instant a wall-clock time names in a zone, or null when the text is not `YYYY-MM-DDTHH:mm`.
 * A time that occurs twice (clocks going back) is the earlier one; a time that never occurs
 * (clocks going forward) moves forward by the jump, as Temporal's "compatible" rule does.
 */
export function wallTimeToInstant(value: string, timeZone: string): number | null {
  const match = WALL_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // 2026-02-30 or 25:00 would roll over silently; only a time that reads back unchanged is real.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== value) return null;
  // Any transition near this wall time lies between the offsets a day before and a day after.
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((at) => wallAsUtc(at, timeZone) === wall).sort((a, b) => a - b);
  return candidates[0] ?? wall - before;
}

/** An instant as the zone's wall clock, in the `datetime-local` form `YYYY-MM-DDTHH:mm`. */
export function instantToWallTime(at: number, timeZone: string): string {
  return new Date(wallAsUtc(at, timeZone)).toISOString().slice(0, 16);
}
