/**
 * Checks of a declared critical period (pure). The range is local wall-clock time in the
 * tenant's zone, resolved with the `schedules` zone clock, so the result never depends on
 * the process time zone. Every problem is a `VALIDATION_FAILED` naming the field and a
 * stable `rule`, so callers and tests can tell the problems apart.
 */
import { isLocalDate, parseLocalDate } from '../../schedules/core.ts';
import { isValidZone, localToInstant } from '../../schedules/zone-clock.ts';
import { AppError } from '../errors.ts';

/** A period may last at most this many days. */
export const MAX_PERIOD_DAYS = 62;
const DAY_MS = 86_400_000;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** Why a period is refused: the `rule` in the error's details. */
export type PeriodRule = 'LOCAL_TIME_INVALID' | 'ZONE_INVALID' | 'END_NOT_AFTER_START' | 'TOO_LONG' | 'ALREADY_OVER' | 'NOT_OF_TENANT';

/** Throws `VALIDATION_FAILED` with `{ field, rule }` details. */
export function refuse(field: string, rule: PeriodRule, message: string, extra: Record<string, unknown> = {}): never {
  throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, { field, rule, ...extra });
}

/** The instant `text` (`YYYY-MM-DDTHH:mm`) names on the wall clock of `zone`. */
export function resolveLocalDateTime(field: string, text: string, zone: string): number {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match || !isLocalDate(match[1])) refuse(field, 'LOCAL_TIME_INVALID', `must be a local date-time YYYY-MM-DDTHH:mm, e.g. 2026-12-28T00:00 (got "${text}")`);
  if (!isValidZone(zone)) refuse('zone', 'ZONE_INVALID', `the tenant's zone '${zone}' is not an IANA time zone`);
  return localToInstant(parseLocalDate(match[1]), Number(match[2]) * 60 + Number(match[3]), zone);
}

/** A local range resolved to instants. */
export interface ResolvedRange {
  startsAt: number;
  endsAt: number;
}

/**
 * Resolves [startLocal, endLocal) in `zone` and checks it: the end after the start, at most
 * `MAX_PERIOD_DAYS` long, and not over by `now` (a period declared after the fact freezes and
 * escalates nothing).
 */
export function resolveRange(startLocal: string, endLocal: string, zone: string, now: number): ResolvedRange {
  const startsAt = resolveLocalDateTime('start', startLocal, zone);
  const endsAt = resolveLocalDateTime('end', endLocal, zone);
  checkRange({ startsAt, endsAt }, startLocal, endLocal, now);
  return { startsAt, endsAt };
}

/** The checks of `resolveRange` on a range already resolved (a new end for a declared start). */
export function checkRange({ startsAt, endsAt }: ResolvedRange, startLocal: string, endLocal: string, now: number): void {
  if (endsAt <= startsAt) refuse('end', 'END_NOT_AFTER_START', `must be after start ${startLocal} (got ${endLocal})`);
  if (endsAt - startsAt > MAX_PERIOD_DAYS * DAY_MS) refuse('end', 'TOO_LONG', `a critical period lasts at most ${MAX_PERIOD_DAYS} days; declare a longer one as several`);
  if (endsAt <= now) refuse('end', 'ALREADY_OVER', `${endLocal} is already past; a critical period must end in the future`);
}

/** Throws `NOT_OF_TENANT` for `field` when some of `ids` are not among `own`. */
export function requireOwn(field: string, ids: readonly string[], own: ReadonlySet<string>): void {
  const foreign = ids.filter((id) => !own.has(id));
  if (foreign.length > 0) refuse(field, 'NOT_OF_TENANT', `must be the tenant's own (unknown: ${foreign.join(', ')})`, { ids: foreign });
}

/** The list without repeats, in first-seen order. */
export const distinct = (ids: readonly string[]): string[] => [...new Set(ids)];
