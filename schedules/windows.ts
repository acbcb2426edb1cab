/**
 * Window generation: every occurrence of a track between two local dates, each scheduled or
 * skipped with its reason. Work is split in two so that many tenants are cheap: `prepareTrack`
 * places the candidates and checks them against the holiday calendar once; `resolveWindows`
 * applies one tenant's freezes. `windowsBetween` does both for one caller.
 */
import { candidateGroups } from './cadences.ts';
import { dayKindOf, type HolidayCalendars } from './day-kind.ts';
import { ScheduleError } from './errors.ts';
import { freezeMask, freezeOn, freezeReasonOn, type FreezeMask, type FreezeSet, type FreezeSkipReason } from './freezes.ts';
import { civilFromDays, formatLocalDate, parseLocalDate, type DayNumber } from './local-date.ts';
import type { AvoidKind } from './track-schema.ts';
import type { Track } from './tracks.ts';
import { localDayOf, localToInstant } from './zone-clock.ts';

/** Why an occurrence has no window: an avoided day kind, a freeze, or a year without calendar data. */
export type SkipReason =
  | { kind: 'avoid'; date: string; dayKind: AvoidKind; name?: string }
  | FreezeSkipReason
  | { kind: 'unknown-calendar'; date: string; year: number };

/**
 * One occurrence of a track. Instants are epoch ms; `localDate` is the local start date in
 * `zone`. Occurrences may be shared between callers: treat them as read-only.
 */
export interface WindowOccurrence {
  trackId: string;
  zone: string;
  localDate: string;
  startAt: number;
  endAt: number;
  status: 'scheduled' | 'skipped';
  reason?: SkipReason;
  /** A monthly-mid-weekend window moved off its preferred Saturday: that date and why. */
  shiftedFrom?: { localDate: string; reason: SkipReason };
  /** monthly-mid-weekend: the alternative Saturdays tried after the preferred one and why each was blocked. */
  alternatives?: { localDate: string; reason: SkipReason }[];
  /** No new work starts after this instant (the window's end minus the track's cutoff). */
  cutoffAt: number;
  /** Last local date to tell tenants (start date minus the track's notice days). */
  noticeBy?: string;
  /** Tenants per window or slot, when the track limits it. */
  capacity?: number;
  /** On-request slots: the last instant a booking meets the minimum lead time. */
  bookBeforeAt?: number;
}

/** What window generation reads besides the track: holiday data and freezes. */
export interface WindowContext {
  calendars: HolidayCalendars;
  freezes?: FreezeSet;
}

interface Candidate {
  day: DayNumber;
  days: DayNumber[];
  calendarBlock?: SkipReason;
  /** The occurrence as scheduled; shared (frozen) and used as the template of a skipped one. */
  scheduled: Readonly<WindowOccurrence>;
}

interface CandidateGroup {
  candidates: Candidate[];
  /** The resolution when no freeze touches the group; shared by every tenant without one. */
  unfrozen: WindowOccurrence;
}

/** A track's candidates between two dates, checked against the holiday calendar; reusable across tenants. */
export interface PreparedTrack {
  track: Track;
  /** The requested range; `YYYY-MM-DD` strings compare in date order. */
  fromDate: string;
  toDate: string;
  /** First and last local day any candidate touches: the span a freeze mask must cover. */
  firstDay: DayNumber;
  lastDay: DayNumber;
  groups: CandidateGroup[];
}

// Ten years: enough for any planning view, small enough to stay fast.
const MAX_RANGE_DAYS = 3660;

/** Every occurrence of `track` whose local start date is in [fromDate, toDate] (YYYY-MM-DD), in order. */
export function windowsBetween(track: Track, fromDate: string, toDate: string, context: WindowContext): WindowOccurrence[] {
  const prepared = prepareTrack(track, fromDate, toDate, context.calendars);
  return resolveWindows(prepared, freezeMask(context.freezes ?? {}, prepared.firstDay, prepared.lastDay));
}

/** Places a track's candidates and checks their day kinds; throws `RANGE_INVALID` for a bad range. */
export function prepareTrack(track: Track, fromDate: string, toDate: string, calendars: HolidayCalendars): PreparedTrack {
  const fromDay = parseLocalDate(fromDate);
  const toDay = parseLocalDate(toDate);
  if (toDay < fromDay || toDay - fromDay > MAX_RANGE_DAYS) {
    throw new ScheduleError('RANGE_INVALID', `--from ${fromDate} --to ${toDate}: to must not be before from, and the range at most ${MAX_RANGE_DAYS} days`, { fromDate, toDate });
  }
  // A single candidate outside the range can never land in it; only shifting groups need a check later.
  const groups = candidateGroups(track.cadence, fromDay, toDay)
    .filter((days) => days.length > 1 || (days[0] >= fromDay && days[0] <= toDay))
    .map((days) => {
      const candidates = days.map((day) => placeCandidate(track, day, calendars));
      return { candidates, unfrozen: Object.freeze(resolveGroup(candidates, undefined)) };
    });
  let [firstDay, lastDay] = [fromDay, toDay];
  for (const candidate of groups.flatMap((group) => group.candidates)) {
    firstDay = Math.min(firstDay, candidate.days[0]);
    lastDay = Math.max(lastDay, candidate.days[candidate.days.length - 1]);
  }
  return { track, fromDate, toDate, firstDay, lastDay, groups };
}

/** The occurrences of a prepared track under one set of freezes (a mask covering its days). */
export function resolveWindows(prepared: PreparedTrack, mask: FreezeMask | undefined): WindowOccurrence[] {
  const occurrences: WindowOccurrence[] = [];
  for (const group of prepared.groups) {
    const occurrence = mask && touchesFreeze(group, mask) ? resolveGroup(group.candidates, mask) : group.unfrozen;
    if (group.candidates.length === 1 || (occurrence.localDate >= prepared.fromDate && occurrence.localDate <= prepared.toDate)) occurrences.push(occurrence);
  }
  return occurrences;
}

// The hot loop when many tenants are resolved: plain loops, no closures.
function touchesFreeze(group: CandidateGroup, mask: FreezeMask): boolean {
  for (const candidate of group.candidates) {
    for (const day of candidate.days) if (freezeOn(mask, day)) return true;
  }
  return false;
}

function placeCandidate(track: Track, day: DayNumber, calendars: HolidayCalendars): Candidate {
  const startAt = localToInstant(day, track.startMinute, track.zone);
  const endAt = startAt + track.durationMs;
  const days: DayNumber[] = [];
  for (let touched = localDayOf(startAt, track.zone); touched <= localDayOf(endAt - 1, track.zone); touched++) days.push(touched);
  const scheduled: WindowOccurrence = { trackId: track.id, zone: track.zone, localDate: formatLocalDate(day), startAt, endAt, status: 'scheduled', cutoffAt: endAt - track.cutoffMs };
  if (track.noticeDays !== undefined) scheduled.noticeBy = formatLocalDate(day - track.noticeDays);
  if (track.capacity !== undefined) scheduled.capacity = track.capacity;
  if (track.cadence.kind === 'on-request') scheduled.bookBeforeAt = startAt - track.cadence.minLeadMs;
  return { day, days, calendarBlock: calendarBlock(track, days, calendars), scheduled: Object.freeze(scheduled) };
}

/** An avoided day kind wins over missing data: it blocks whatever the unknown days turn out to be. */
function calendarBlock(track: Track, days: DayNumber[], calendars: HolidayCalendars): SkipReason | undefined {
  if (track.avoid.length === 0) return undefined;
  let unknownDay: DayNumber | undefined;
  for (const day of days) {
    const kind = dayKindOf(day, calendars);
    if (kind === 'unknown') unknownDay ??= day;
    else if ((track.avoid as string[]).includes(kind)) {
      const name = calendars.days.get(day)?.name;
      return { kind: 'avoid', date: formatLocalDate(day), dayKind: kind as AvoidKind, ...(name ? { name } : {}) };
    }
  }
  return unknownDay === undefined ? undefined : { kind: 'unknown-calendar', date: formatLocalDate(unknownDay), year: civilFromDays(unknownDay).year };
}

/** Freezes come first: they block for certain, whatever the calendar says. */
function blockOf(candidate: Candidate, mask: FreezeMask | undefined): SkipReason | undefined {
  if (mask) {
    for (const day of candidate.days) {
      const reason = freezeReasonOn(mask, day);
      if (reason) return reason;
    }
  }
  return candidate.calendarBlock;
}

/**
 * The first unblocked candidate is scheduled. A candidate in a year without data stops the
 * search: whether it is blocked cannot be known, so the occurrence is skipped, not moved.
 * `reason` is always about the preferred date; `alternatives` says why each other try failed.
 */
function resolveGroup(candidates: Candidate[], mask: FreezeMask | undefined): WindowOccurrence {
  const [preferred] = candidates;
  const firstReason = blockOf(preferred, mask);
  if (!firstReason) return preferred.scheduled;
  if (candidates.length === 1 || firstReason.kind === 'unknown-calendar') return skipped(preferred, firstReason);
  const tried: { localDate: string; reason: SkipReason }[] = [{ localDate: preferred.scheduled.localDate, reason: firstReason }];
  for (const candidate of candidates.slice(1)) {
    const reason = blockOf(candidate, mask);
    if (!reason) {
      const occurrence: WindowOccurrence = { ...candidate.scheduled, shiftedFrom: tried[0] };
      if (tried.length > 1) occurrence.alternatives = tried.slice(1);
      return occurrence;
    }
    tried.push({ localDate: candidate.scheduled.localDate, reason });
    if (reason.kind === 'unknown-calendar') break;
  }
  return { ...skipped(preferred, firstReason), alternatives: tried.slice(1) };
}

// Built field by field: copying the shared scheduled object with a spread is several times slower.
function skipped(candidate: Candidate, reason: SkipReason): WindowOccurrence {
  const base = candidate.scheduled;
  const occurrence: WindowOccurrence = {
    trackId: base.trackId,
    zone: base.zone,
    localDate: base.localDate,
    startAt: base.startAt,
    endAt: base.endAt,
    status: 'skipped',
    reason,
    cutoffAt: base.cutoffAt,
  };
  if (base.noticeBy !== undefined) occurrence.noticeBy = base.noticeBy;
  if (base.capacity !== undefined) occurrence.capacity = base.capacity;
  if (base.bookBeforeAt !== undefined) occurrence.bookBeforeAt = base.bookBeforeAt;
  return occurrence;
}
