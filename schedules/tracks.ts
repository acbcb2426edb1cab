/**
 * Update tracks: parsed from YAML, checked (schema first, then the rules a schema cannot say)
 * and normalised into `Track` values with minutes and milliseconds instead of strings.
 */
import { parseWallDuration } from './durations.ts';
import { ScheduleError, throwIfIssues, type ScheduleIssue } from './errors.ts';
import { isLocalDate, parseClock, weekdayNumber, type WeekdayName } from './local-date.ts';
import { parseYamlDocument, schemaIssues } from './schema-check.ts';
import { TracksFileSchema, type AvoidKind, type CadenceSpec, type TrackSpec } from './track-schema.ts';
import { DEFAULT_ZONE, isValidZone } from './zone-clock.ts';

const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** A cadence with weekdays as ISO numbers (1 = Monday) and durations in ms. */
export type Cadence =
  | { kind: 'weekly'; weekdays: number[]; everyWeeks: number; anchor?: string }
  | { kind: 'monthly-mid-weekend'; months: number[] }
  | { kind: 'monthly-nth-weekday'; nth: 1 | 2 | 3 | 4 | 'last'; weekday: number; offsetDays: number; months: number[] }
  | { kind: 'on-request'; weekdays: number[]; minLeadMs: number };

/** A checked update track. `start` is local wall-clock time in `zone`. */
export interface Track {
  id: string;
  name: string;
  zone: string;
  cadence: Cadence;
  start: string;
  startMinute: number;
  durationMs: number;
  avoid: AvoidKind[];
  /** Days of notice before a window; absent for on-request tracks (notice is the booking). */
  noticeDays?: number;
  /** Tenants per window or slot; absent means no limit (a batch window). */
  capacity?: number;
  /** No new work starts later than this long before the window's end. */
  cutoffMs: number;
  prerequisites: 'security-audit'[];
  alternativeTrack?: string;
}

/** Parses `tracks.yaml` text (or its already-parsed value); throws `TRACKS_INVALID` listing every issue. */
export function parseTracks(input: string | unknown, what = 'tracks.yaml'): Track[] {
  const value = typeof input === 'string' ? parseYamlDocument(input, 'TRACKS_INVALID', what) : input;
  throwIfIssues('TRACKS_INVALID', what, schemaIssues(TracksFileSchema, value));
  const specs = (value as { tracks: TrackSpec[] }).tracks;
  const issues = specs.flatMap((spec, index) => trackIssues(spec, `tracks[${index}]`));
  issues.push(...crossTrackIssues(specs));
  throwIfIssues('TRACKS_INVALID', what, issues);
  return specs.map(normalizeTrack);
}

/** The track with `id`; throws `TRACK_NOT_FOUND` listing the known ids. */
export function findTrack(tracks: readonly Track[], id: string): Track {
  const track = tracks.find((candidate) => candidate.id === id);
  if (!track) {
    throw new ScheduleError('TRACK_NOT_FOUND', `no track '${id}'; known tracks: ${tracks.map((t) => t.id).join(', ')}`, { track: id });
  }
  return track;
}

function trackIssues(spec: TrackSpec, path: string): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const zone = spec.zone ?? DEFAULT_ZONE;
  if (!isValidZone(zone)) issues.push({ path: `${path}.zone`, message: `must be an IANA time zone, e.g. Asia/Shanghai (got "${zone}")` });
  const durationMs = wallMs(spec.duration, `${path}.duration`, issues);
  if (durationMs !== undefined && (durationMs <= 0 || durationMs > 7 * 86_400_000)) {
    issues.push({ path: `${path}.duration`, message: `must be more than 0 and at most 7d (got "${spec.duration}")` });
  }
  const cutoffMs = spec.cutoff === undefined ? 0 : wallMs(spec.cutoff, `${path}.cutoff`, issues);
  if (durationMs !== undefined && cutoffMs !== undefined && cutoffMs >= durationMs) {
    issues.push({ path: `${path}.cutoff`, message: `must be shorter than the duration ${spec.duration} (got "${spec.cutoff}")` });
  }
  issues.push(...cadenceIssues(spec, `${path}.cadence`));
  if (spec.cadence.kind === 'on-request' && spec.capacity === undefined) {
    issues.push({ path: `${path}.capacity`, message: 'is required for on-request tracks: tenants per slot, e.g. 10' });
  }
  return issues;
}

function cadenceIssues(spec: TrackSpec, path: string): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const cadence = spec.cadence;
  if (cadence.kind === 'weekly' && cadence.anchor !== undefined && !isLocalDate(cadence.anchor)) {
    issues.push({ path: `${path}.anchor`, message: `is not a real date (got "${cadence.anchor}")` });
  }
  if (cadence.kind === 'weekly' && (cadence.everyWeeks ?? 1) > 1 && cadence.anchor === undefined) {
    issues.push({ path: `${path}.anchor`, message: 'is required when everyWeeks is more than 1: it says which weeks count, e.g. 2026-01-10' });
  }
  if (cadence.kind === 'on-request') wallMs(cadence.minLead, `${path}.minLead`, issues);
  return issues;
}

function wallMs(text: string, path: string, issues: ScheduleIssue[]): number | undefined {
  try {
    return parseWallDuration(text);
  } catch {
    issues.push({ path, message: `must be a whole number of minutes, e.g. 30m or 1.5h (got "${text}")` });
    return undefined;
  }
}

function crossTrackIssues(specs: TrackSpec[]): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const byId = new Map<string, TrackSpec>();
  specs.forEach((spec, index) => {
    if (byId.has(spec.id)) issues.push({ path: `tracks[${index}].id`, message: `repeats '${spec.id}'; track ids must be unique` });
    byId.set(spec.id, spec);
  });
  specs.forEach((spec, index) => {
    if (spec.alternativeTrack === undefined) return;
    if (byId.get(spec.alternativeTrack)?.cadence.kind !== 'on-request') {
      issues.push({ path: `tracks[${index}].alternativeTrack`, message: `must be the id of an on-request track in this file (got "${spec.alternativeTrack}")` });
    }
  });
  return issues;
}

/** A schema-checked track spec as a `Track`. */
export function normalizeTrack(spec: TrackSpec): Track {
  const track: Track = {
    id: spec.id,
    name: spec.name,
    zone: spec.zone ?? DEFAULT_ZONE,
    cadence: normalizeCadence(spec.cadence),
    start: spec.start,
    startMinute: parseClock(spec.start),
    durationMs: parseWallDuration(spec.duration),
    avoid: spec.avoid ?? [],
    cutoffMs: spec.cutoff ? parseWallDuration(spec.cutoff) : 0,
    prerequisites: spec.prerequisites ?? [],
  };
  if (spec.noticeDays !== undefined) track.noticeDays = spec.noticeDays;
  if (spec.capacity !== undefined) track.capacity = spec.capacity;
  if (spec.alternativeTrack !== undefined) track.alternativeTrack = spec.alternativeTrack;
  return track;
}

function normalizeCadence(spec: CadenceSpec): Cadence {
  const weekdays = (names: WeekdayName[]) => names.map(weekdayNumber).sort((a, b) => a - b);
  switch (spec.kind) {
    case 'weekly':
      return { kind: 'weekly', weekdays: weekdays(spec.weekdays), everyWeeks: spec.everyWeeks ?? 1, ...(spec.anchor ? { anchor: spec.anchor } : {}) };
    case 'monthly-mid-weekend':
      return { kind: 'monthly-mid-weekend', months: spec.months ?? ALL_MONTHS };
    case 'monthly-nth-weekday':
      return { kind: 'monthly-nth-weekday', nth: spec.nth, weekday: weekdayNumber(spec.weekday), offsetDays: spec.offsetDays ?? 0, months: spec.months ?? ALL_MONTHS };
    case 'on-request':
      return { kind: 'on-request', weekdays: weekdays(spec.weekdays), minLeadMs: parseWallDuration(spec.minLead) };
  }
}
