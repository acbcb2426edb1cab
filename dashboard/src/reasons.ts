/**
 * Reasons and states of the scheduling views as translated text: a known reason code has its
 * own message (the server's English message is the fallback for a code this build does not
 * know), and a booking can change only while it is open and before its slot's cutoff.
 */
import { hasKey, t } from './i18n/index.ts';
import type { Booking, ScheduleReason } from './schedule-types.ts';

/** The text of a slot, window or coverage reason. */
export function reasonText(reason: ScheduleReason): string {
  const key = `reason.${reason.code}`;
  return hasKey(key) ? t(key) : reason.message;
}

/** Whether a booking may still be cancelled, rescheduled or moved at `now`. */
export const canChangeBooking = (booking: Pick<Booking, 'state' | 'cutoffAt'>, now: number): boolean =>
  (booking.state === 'requested' || booking.state === 'confirmed') && now < Date.parse(booking.cutoffAt);

/** A track's name as the lists show it, or its id when the list does not have it. */
export const trackLabel = (names: ReadonlyMap<string, string>, trackId: string): string => names.get(trackId) ?? trackId;

/** Who did something, without the `user:` or `token:` prefix of the audit actor. */
export const actorLabel = (actor: string | null): string => (actor ?? '').replace(/^(user|token):/, '');
