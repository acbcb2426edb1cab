/** Bookings with their slot (in the tenant's zone), state and why, who asked and when, release and note; row actions from the page. */
import type { ComponentChildren } from 'preact';
import { formatDateTime, formatDayOf, formatTimeRange } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { actorLabel, trackLabel } from '../reasons.ts';
import { DEFAULT_ZONE, type Booking, type Release } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { BookingBadge } from './schedule-badges.tsx';
import { TableHead } from './table-head.tsx';

export interface BookingTableProps {
  bookings: readonly Booking[];
  caption: string;
  trackNames: ReadonlyMap<string, string>;
  releases?: ReadonlyMap<string, Release>;
  showTenant: boolean;
  /** The actions of a row; undefined leaves the column out. */
  actions?: (booking: Booking) => ComponentChildren;
}

/** Who made the last decision on a booking, and why. */
function Decision({ booking }: { booking: Booking }) {
  const by = booking.state === 'confirmed' ? booking.confirmedBy : booking.state === 'rejected' ? booking.rejectedBy : booking.state === 'cancelled' ? booking.cancelledBy : null;
  return (
    <>
      <BookingBadge state={booking.state} />
      {by && <span class="sub-line">{t('bookings.by', { who: actorLabel(by) })}</span>}
      {booking.reason && <span class="sub-line booking-reason">{booking.reason}</span>}
    </>
  );
}

export function BookingTable({ bookings, caption, trackNames, releases, showTenant, actions }: BookingTableProps) {
  const session = useSession();
  const lang = getLang();
  return (
    <div class="table-scroll">
      <table class="bookings striped">
        <caption class="visually-hidden">{caption}</caption>
        <TableHead
          columns={[
            t('bookings.col.slot'),
            t('schedule.track'),
            showTenant && t('fleet.col.tenant'),
            t('bookings.col.state'),
            t('bookings.col.requested'),
            t('book.release'),
            t('bookings.col.note'),
            actions !== undefined && t('alerts.col.actions'),
          ]}
        />
        <tbody>
          {bookings.map((booking) => {
            const zone = session.tenants.get(booking.tenantId)?.timeZone ?? DEFAULT_ZONE;
            const startAt = Date.parse(booking.slotStartAt);
            const release = booking.releaseId ? releases?.get(booking.releaseId) : undefined;
            return (
              <tr key={booking.id} data-booking-id={booking.id} data-state={booking.state}>
                <th scope="row">
                  {formatDayOf(startAt, lang, zone)}
                  <span class="sub-line">
                    {formatTimeRange(startAt, Date.parse(booking.slotEndAt), lang, zone)} {zone}
                  </span>
                </th>
                <td class="message">{trackLabel(trackNames, booking.trackId)}</td>
                {showTenant && <td>{session.tenants.get(booking.tenantId)?.name ?? booking.tenantId}</td>}
                <td class="message">
                  <Decision booking={booking} />
                </td>
                <td>
                  {actorLabel(booking.requestedBy)}
                  <span class="sub-line">{formatDateTime(Date.parse(booking.requestedAt), lang, zone)}</span>
                </td>
                <td>{release ? release.version : (booking.releaseId ?? '–')}</td>
                <td class="message">{booking.note}</td>
                {actions && <td class="row-actions-cell">{actions(booking)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
