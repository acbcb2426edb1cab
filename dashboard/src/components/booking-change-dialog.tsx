/**
 * One change to a booking: approve, reject, cancel (a reason, required to reject) or
 * reschedule and move (another slot of the track, and a reason, required to move). The
 * slots offered are those the tenant may take now; ops moving may go below the lead time.
 */
import { useState } from 'preact/hooks';
import { formatWhen } from '../format.ts';
import { useAction, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { scheduleApi, type BookingChange } from '../schedule-api.ts';
import type { Booking, Slot } from '../schedule-types.ts';
import { DialogFooter, Modal } from './modal.tsx';

export type ChangeMode = BookingChange['action'];

export interface BookingChangeDialogProps {
  mode: ChangeMode;
  booking: Booking;
  trackName: string;
  zone: string;
  onChanged: (booking: Booking) => void;
  onClose: () => void;
}

/** Slots a booking may go to: not its own, not already held, open (or only too soon, for an ops move). */
export function slotChoices(slots: readonly Slot[], booking: Pick<Booking, 'slotDate'>, mode: ChangeMode): Slot[] {
  return slots.filter((slot) => slot.slotDate !== booking.slotDate && !slot.yourBookingId && (slot.bookable || (mode === 'move' && slot.reason?.code === 'TOO_SOON')));
}

function changeOf(mode: ChangeMode, slotDate: string, reason: string): BookingChange {
  const why = reason.trim();
  if (mode === 'reject' || mode === 'move') return mode === 'move' ? { action: 'move', slotDate, reason: why } : { action: 'reject', reason: why };
  if (mode === 'reschedule') return { action: 'reschedule', slotDate, ...(why ? { reason: why } : {}) };
  return { action: mode, ...(why ? { reason: why } : {}) };
}

export function BookingChangeDialog({ mode, booking, trackName, zone, onChanged, onClose }: BookingChangeDialogProps) {
  const lang = getLang();
  const needsSlot = mode === 'reschedule' || mode === 'move';
  const reasonRequired = mode === 'reject' || mode === 'move';
  const [reason, setReason] = useState('');
  const [slotDate, setSlotDate] = useState('');
  const { busy, error, run } = useAction();
  const slots = useResource(needsSlot ? (signal) => scheduleApi.slots(booking.trackId, { tenantId: booking.tenantId }, signal).then((l) => slotChoices(l.items, booking, mode)) : null, [booking.id, mode]);
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      onChanged(await scheduleApi.changeBooking(booking.id, changeOf(mode, slotDate, reason)));
      onClose();
    });
  };
  const when = formatWhen(Date.parse(booking.slotStartAt), Date.parse(booking.slotEndAt), lang, zone);
  return (
    <Modal id="booking-change" title={t(`change.${mode}.title`)} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{t('change.subject', { track: trackName, when, zone })}</p>
        {needsSlot && (
          <label>
            {t('change.slot')}
            <select required value={slotDate} onChange={(event) => setSlotDate(event.currentTarget.value)} aria-busy={slots.data === null}>
              <option value="">{slots.data?.length === 0 ? t('change.noSlots') : t('change.chooseSlot')}</option>
              {(slots.data ?? []).map((slot) => (
                <option key={slot.slotDate} value={slot.slotDate}>
                  {formatWhen(Date.parse(slot.startAt), Date.parse(slot.endAt), lang, zone)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t(reasonRequired ? 'change.reason' : 'change.reasonOptional')}
          <textarea rows={3} maxLength={1000} required={reasonRequired} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
        </label>
        {slots.error !== null && <p class="error">{t('change.slotsFailed')}</p>}
        <DialogFooter error={error} busy={busy} disabled={(needsSlot && !slotDate) || (reasonRequired && !reason.trim())} submitLabel={t(`change.${mode}.submit`)} onCancel={onClose} />
      </form>
    </Modal>
  );
}
