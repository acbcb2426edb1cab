/** A tenant's bookings: open ones with cancel and reschedule until the cutoff, decided and cancelled ones folded away. */
import { t } from '../i18n/index.ts';
import { canChangeBooking } from '../reasons.ts';
import type { Booking, Release } from '../schedule-types.ts';
import { BookingTable } from './booking-table.tsx';
import type { ChangeMode } from './booking-change-dialog.tsx';
import { RowButton } from './row-button.tsx';

export interface MyBookingsProps {
  bookings: readonly Booking[];
  trackNames: ReadonlyMap<string, string>;
  releases: ReadonlyMap<string, Release>;
  now: number;
  showTenant: boolean;
  /** Undefined for a role that may not change bookings. */
  onChange?: (booking: Booking, mode: ChangeMode) => void;
}

export function MyBookings({ bookings, trackNames, releases, now, showTenant, onChange }: MyBookingsProps) {
  const open = bookings.filter((b) => (b.state === 'requested' || b.state === 'confirmed') && Date.parse(b.slotEndAt) > now);
  const closed = bookings.filter((b) => !open.includes(b));
  const actions = onChange
    ? (booking: Booking) => {
        if (!canChangeBooking(booking, now)) return <span class="muted">{t('bookings.closed')}</span>;
        const track = trackNames.get(booking.trackId) ?? booking.trackId;
        return (
          <div class="row-actions">
            <RowButton label={t('bookings.reschedule')} name={t('bookings.rescheduleLabel', { track, date: booking.slotDate })} onClick={() => onChange(booking, 'reschedule')} />
            <RowButton label={t('bookings.cancel')} name={t('bookings.cancelLabel', { track, date: booking.slotDate })} onClick={() => onChange(booking, 'cancel')} />
          </div>
        );
      }
    : undefined;
  return (
    <section aria-labelledby="my-bookings-heading" class="my-bookings">
      <h2 id="my-bookings-heading">{t('bookings.title')}</h2>
      {open.length === 0 ? (
        <p class="muted">{t('bookings.none')}</p>
      ) : (
        <BookingTable bookings={open} caption={t('bookings.caption')} trackNames={trackNames} releases={releases} showTenant={showTenant} actions={actions} />
      )}
      {closed.length > 0 && (
        <details>
          <summary>{t('bookings.past', { count: closed.length })}</summary>
          <BookingTable bookings={closed} caption={t('bookings.pastCaption')} trackNames={trackNames} releases={releases} showTenant={showTenant} />
        </details>
      )}
    </section>
  );
}
