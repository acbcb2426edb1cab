/**
 * Raw bookable slots of on-request tracks, from the track's slot template (weekdays, start,
 * duration, capacity per slot, minimum lead time). Capacity use and the lead-time check
 * against `now` belong to bookings; this says only which slots exist and which are blocked.
 */
import { ScheduleError } from './errors.ts';
import type { Track } from './tracks.ts';
import { windowsBetween, type SkipReason, type WindowContext } from './windows.ts';

/** A slot of an on-request track. Instants are epoch ms; `blocked` says why it cannot be booked. */
export interface Slot {
  trackId: string;
  zone: string;
  localDate: string;
  startAt: number;
  endAt: number;
  capacity: number;
  minLeadMs: number;
  /** A booking made after this instant misses the minimum lead time. */
  bookBeforeAt: number;
  blocked?: SkipReason;
}

/** The slot template of an on-request track, as one value. */
export interface SlotTemplate {
  weekdays: number[];
  start: string;
  durationMs: number;
  capacityPerSlot: number;
  minLeadMs: number;
}

/** The template of an on-request track; throws `TRACK_NOT_BOOKABLE` for a track with fixed windows. */
export function slotTemplate(track: Track): SlotTemplate {
  if (track.cadence.kind !== 'on-request' || track.capacity === undefined) {
    throw new ScheduleError('TRACK_NOT_BOOKABLE', `track '${track.id}' has fixed windows, not bookable slots`, { track: track.id });
  }
  return { weekdays: track.cadence.weekdays, start: track.start, durationMs: track.durationMs, capacityPerSlot: track.capacity, minLeadMs: track.cadence.minLeadMs };
}

/** Every slot of an on-request track whose local start date is in [fromDate, toDate], blocked ones included. */
export function slotsBetween(track: Track, fromDate: string, toDate: string, context: WindowContext): Slot[] {
  const template = slotTemplate(track);
  return windowsBetween(track, fromDate, toDate, context).map((window) => {
    const slot: Slot = {
      trackId: window.trackId,
      zone: window.zone,
      localDate: window.localDate,
      startAt: window.startAt,
      endAt: window.endAt,
      capacity: template.capacityPerSlot,
      minLeadMs: template.minLeadMs,
      bookBeforeAt: window.startAt - template.minLeadMs,
    };
    if (window.reason) slot.blocked = window.reason;
    return slot;
  });
}
