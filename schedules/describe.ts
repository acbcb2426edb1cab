/**
 * Readable and wire forms of window occurrences, shared by the CLI, the API and the dashboard
 * so a skip reason reads the same everywhere.
 */
import type { WindowOccurrence, SkipReason } from './windows.ts';
import { formatInstant } from './zone-clock.ts';

/** The contract shape of `tideway windows --json` (ISO 8601 with offset), plus detail fields. */
export interface WindowJson {
  track: string;
  start: string;
  end: string;
  status: 'scheduled' | 'skipped';
  reason?: string;
  localDate: string;
  detail?: SkipReason;
  shiftedFrom?: string;
  shiftReason?: string;
  cutoff: string;
  noticeBy?: string;
  capacity?: number;
}

/** One sentence saying why an occurrence was skipped or blocked. */
export function describeSkipReason(reason: SkipReason): string {
  switch (reason.kind) {
    case 'avoid':
      return `${reason.date} is a ${reason.dayKind}${reason.name ? ` (${reason.name})` : ''}`;
    case 'freeze':
      return `${reason.date} is in ${reason.scope} freeze ${reason.freezeId} (${reason.label})`;
    case 'unknown-calendar':
      return `no holiday calendar for ${reason.year} (unknown-calendar, ${reason.date}); add schedules/holidays/cn/${reason.year}.json`;
  }
}

/** The JSON form of an occurrence, with instants in the track's zone. */
export function windowToJson(window: WindowOccurrence): WindowJson {
  const json: WindowJson = {
    track: window.trackId,
    start: formatInstant(window.startAt, window.zone),
    end: formatInstant(window.endAt, window.zone),
    status: window.status,
    localDate: window.localDate,
    cutoff: formatInstant(window.cutoffAt, window.zone),
  };
  if (window.reason) {
    json.reason = describeSkipReason(window.reason);
    json.detail = window.reason;
  }
  if (window.shiftedFrom) {
    json.shiftedFrom = window.shiftedFrom.localDate;
    json.shiftReason = describeSkipReason(window.shiftedFrom.reason);
  }
  if (window.noticeBy) json.noticeBy = window.noticeBy;
  if (window.capacity !== undefined) json.capacity = window.capacity;
  return json;
}
