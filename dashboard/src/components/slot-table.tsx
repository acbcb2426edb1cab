/** Slots of an on-request track: date, time in the tenant's zone, places left, and whether it can be booked or why not. */
import { formatCount, formatDayOf, formatTimeRange } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { reasonText } from '../reasons.ts';
import type { Booking, Slot } from '../schedule-types.ts';
import { RowButton } from './row-button.tsx';
import { BookingBadge } from './schedule-badges.tsx';
import { TableHead } from './table-head.tsx';

export interface SlotTableProps {
  slots: readonly Slot[];
  zone: string;
  /** The tenant's bookings by id, for slots it holds a place in. */
  bookings: ReadonlyMap<string, Booking>;
  /** Leaves the action column out when undefined (a role that may not book). */
  onBook?: (slot: Slot) => void;
}

function SlotStatus({ slot, bookings }: { slot: Slot; bookings: ReadonlyMap<string, Booking> }) {
  if (slot.yourBookingId) {
    return (
      <>
        <BookingBadge state={bookings.get(slot.yourBookingId)?.state ?? 'requested'} /> <span class="sub-line">{t('slots.yours')}</span>
      </>
    );
  }
  if (slot.bookable) return <span class="badge slot-open" data-slot-status="open">{t('slots.open')}</span>;
  return (
    <span class="badge slot-blocked" data-slot-status={slot.reason?.code}>
      {slot.reason ? reasonText(slot.reason) : t('slots.closed')}
    </span>
  );
}

export function SlotTable({ slots, zone, bookings, onBook }: SlotTableProps) {
  const lang = getLang();
  return (
    <div class="table-scroll">
      <table class="slots striped">
        <caption class="visually-hidden">{t('slots.caption')}</caption>
        <TableHead columns={[t('slots.col.date'), t('slots.col.time', { zone }), { label: t('slots.col.remaining'), num: true }, t('slots.col.status'), onBook !== undefined && t('alerts.col.actions')]} />
        <tbody>
          {slots.map((slot) => {
            const day = formatDayOf(Date.parse(slot.startAt), lang, zone);
            return (
              <tr key={slot.slotDate} data-slot-date={slot.slotDate} data-bookable={String(slot.bookable && !slot.yourBookingId)}>
                <th scope="row">{day}</th>
                <td>{formatTimeRange(Date.parse(slot.startAt), Date.parse(slot.endAt), lang, zone)}</td>
                <td class="num">
                  {slot.remaining === null ? '–' : t('slots.remaining', { remaining: formatCount(slot.remaining, lang), capacity: formatCount(slot.capacity ?? 0, lang) })}
                </td>
                <td>
                  <SlotStatus slot={slot} bookings={bookings} />
                </td>
                {onBook && (
                  <td>{slot.bookable && !slot.yourBookingId && <RowButton main label={t('slots.book')} name={t('slots.bookLabel', { date: day })} onClick={() => onBook(slot)} />}</td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
