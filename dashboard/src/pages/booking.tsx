/**
 * Booking an update slot: pick a track, see the next weeks' slots with the places left or
 * the reason a slot cannot be booked, book one (with a release and a note), and follow the
 * tenant's bookings: pending or confirmed, cancelled or rescheduled until the cutoff.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { addDays } from '../calendar-days.ts';
import { BookDialog } from '../components/book-dialog.tsx';
import { BookingChangeDialog, type ChangeMode } from '../components/booking-change-dialog.tsx';
import { MyBookings } from '../components/my-bookings.tsx';
import { ScopeFilters, useScopeTenant } from '../components/scope-filters.tsx';
import { SlotTable } from '../components/slot-table.tsx';
import { TrackFacts } from '../components/track-facts.tsx';
import { errorText } from '../errors.ts';
import { formatLocalDay } from '../format.ts';
import { useFocusOnChange, useNow, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { scheduleApi } from '../schedule-api.ts';
import { bookingHref, type BookingQuery } from '../schedule-routes.ts';
import { useTracks } from '../schedule-hooks.ts';
import { DEFAULT_ZONE, canSchedule, type Booking, type Release, type Slot, type Track } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { isOpsRole } from '../types.ts';

/** How far one page of slots reaches: four weeks, as the API's default. */
const PAGE_DAYS = 28;
/** The last page that stays inside the 180-day booking horizon. */
const MAX_PAGE = 5;

function SlotsSection({ track, tenantId, releaseId, zone, bookings, reload, onBook }: {
  track: Track;
  tenantId: string | undefined;
  releaseId: string;
  zone: string;
  bookings: ReadonlyMap<string, Booking>;
  reload: number;
  onBook?: (slot: Slot) => void;
}) {
  const lang = getLang();
  const [page, setPage] = useState(0);
  const [firstDate, setFirstDate] = useState('');
  useEffect(() => setPage(0), [track.id, tenantId]);
  const from = page > 0 ? addDays(firstDate, page * PAGE_DAYS) : undefined;
  const query = { tenantId, ...(releaseId ? { releaseId } : {}), ...(from ? { from, to: addDays(from, PAGE_DAYS - 1) } : {}) };
  const listing = useResource((signal) => scheduleApi.slots(track.id, query, signal), [track.id, tenantId, releaseId, from, reload]);
  const later = () => {
    if (page === 0 && listing.data) setFirstDate(listing.data.fromDate);
    setPage(page + 1);
  };
  return (
    <section aria-labelledby="slots-heading" class="slots-section">
      <div class="section-head">
        <h2 id="slots-heading">{listing.data ? t('slots.title', { from: formatLocalDay(listing.data.fromDate, lang), to: formatLocalDay(listing.data.toDate, lang) }) : t('slots.titlePlain')}</h2>
        <div class="pager-buttons section-action">
          <button type="button" class="secondary outline" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('slots.earlier')}
          </button>
          <button type="button" class="secondary outline" disabled={!listing.data || page >= MAX_PAGE} onClick={later}>
            {t('slots.later')}
          </button>
        </div>
      </div>
      {listing.error !== null && <p role="alert" class="error">{errorText(listing.error)}</p>}
      {listing.data === null && listing.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {listing.data && listing.data.items.length === 0 && <p class="empty">{t('slots.none')}</p>}
      {listing.data && listing.data.items.length > 0 && <SlotTable slots={listing.data.items} zone={zone} bookings={bookings} onBook={onBook} />}
    </section>
  );
}

/** The release a booking is for: slots then show whether its audit lets them be booked. */
function ReleasePicker({ releases, value, onChange }: { releases: readonly Release[]; value: string; onChange: (releaseId: string) => void }) {
  return (
    <label>
      {t('book.release')}
      <select value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{t('book.noRelease')}</option>
        {releases.map((r) => (
          <option key={r.id} value={r.id}>
            {r.version} ({t(`releaseKind.${r.kind}`)})
          </option>
        ))}
      </select>
    </label>
  );
}

export function BookingPage({ query }: { query: BookingQuery }) {
  const session = useSession();
  const ops = isOpsRole(session.user.role);
  const heading = useFocusOnChange('booking');
  const now = useNow(60_000);
  const tenantId = useScopeTenant(query.tenantId);
  const zone = (tenantId && session.tenants.get(tenantId)?.timeZone) || DEFAULT_ZONE;
  const { tracks, names, error: tracksError } = useTracks(tenantId);
  const bookable = tracks.filter((track) => track.bookable);
  const track = bookable.find((candidate) => candidate.id === query.trackId);
  const [releaseId, setReleaseId] = useState('');
  const [reload, setReload] = useState(0);
  const [booking, setBooking] = useState<Slot | null>(null);
  const [changing, setChanging] = useState<{ booking: Booking; mode: ChangeMode } | null>(null);
  const [notice, setNotice] = useState('');
  const mine = useResource(tenantId ? (signal) => scheduleApi.bookings({ tenantId }, signal).then((page) => page.items) : null, [tenantId, reload]);
  const releases = useResource(track && tenantId ? (signal) => scheduleApi.releases({ trackId: track.id, tenantId }, signal).then((page) => page.items) : null, [track?.id, tenantId]);
  const releaseMap = useMemo(() => new Map((releases.data ?? []).map((r) => [r.id, r])), [releases.data]);
  const bookingMap = useMemo(() => new Map((mine.data ?? []).map((b) => [b.id, b])), [mine.data]);
  const writer = canSchedule(session.user.role) && tenantId !== undefined;

  useEffect(() => void (document.title = `${t('booking.title')} · Tideway`), [getLang()]);
  useEffect(() => setReleaseId(''), [track?.id, tenantId]);

  const booked = (made: Booking) => {
    setNotice(t(made.state === 'confirmed' ? 'booking.confirmedNotice' : 'booking.requestedNotice', { date: formatLocalDay(made.slotDate, getLang()) }));
    setReload((n) => n + 1);
  };
  return (
    <section class="booking-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('booking.title')}
        </h1>
      </header>
      <ScopeFilters label={t('booking.filters')} tenantId={query.tenantId} anyTenant={t('schedule.chooseTenant')} hrefFor={bookingHref} tracks={bookable} trackId={query.trackId} anyTrack={t('schedule.chooseTrack')}>
        {track && (releases.data ?? []).length > 0 && <ReleasePicker releases={releases.data ?? []} value={releaseId} onChange={setReleaseId} />}
      </ScopeFilters>
      {tracksError !== null && <p role="alert" class="error">{errorText(tracksError)}</p>}
      {ops && !tenantId && <p class="empty">{t('booking.chooseTenant')}</p>}
      {tenantId && !track && <p class="empty">{bookable.length === 0 && tracks.length > 0 ? t('booking.noBookable') : t('booking.chooseTrack')}</p>}
      <p role="status" class="notice-line">{notice}</p>
      {track && tenantId && <TrackFacts track={track} />}
      {track && tenantId && (
        <SlotsSection track={track} tenantId={tenantId} releaseId={releaseId} zone={zone} bookings={bookingMap} reload={reload} onBook={writer ? setBooking : undefined} />
      )}
      {mine.error !== null && <p role="alert" class="error">{errorText(mine.error)}</p>}
      {mine.data && (
        <MyBookings bookings={mine.data} trackNames={names} releases={releaseMap} now={now} showTenant={false} onChange={writer ? (b, mode) => setChanging({ booking: b, mode }) : undefined} />
      )}
      {booking && track && (
        <BookDialog track={track} slot={booking} zone={zone} release={releaseMap.get(releaseId) ?? null} tenantId={ops ? tenantId : undefined} onBooked={booked} onClose={() => setBooking(null)} />
      )}
      {changing && (
        <BookingChangeDialog
          mode={changing.mode}
          booking={changing.booking}
          trackName={names.get(changing.booking.trackId) ?? changing.booking.trackId}
          zone={zone}
          onChanged={() => setReload((n) => n + 1)}
          onClose={() => setChanging(null)}
        />
      )}
    </section>
  );
}
