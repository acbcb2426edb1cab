/**
 * The approval queue: bookings waiting for ops (approve, reject with a reason, move with a
 * reason) and confirmed ones whose slot is still ahead (move, cancel). No live pushes exist
 * for bookings, so the list is fetched again after each action.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { BookingChangeDialog, type ChangeMode } from '../components/booking-change-dialog.tsx';
import { BookingTable } from '../components/booking-table.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { RowButton } from '../components/row-button.tsx';
import { ScopeFilters } from '../components/scope-filters.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useNow, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { canChangeBooking } from '../reasons.ts';
import { scheduleApi } from '../schedule-api.ts';
import { APPROVAL_TABS, bookingHref, scheduleRouteHash, type ApprovalsQuery } from '../schedule-routes.ts';
import { useTracks } from '../schedule-hooks.ts';
import { DEFAULT_ZONE, canDecide, canSchedule, type Booking } from '../schedule-types.ts';
import { useSession } from '../session.ts';

const href = (query: ApprovalsQuery) => scheduleRouteHash({ page: 'approvals', query });

/** The actions of one row: what ops may do with a booking in this tab. */
function rowActions(tab: ApprovalsQuery['tab'], now: number, trackName: (id: string) => string, onChange: (booking: Booking, mode: ChangeMode) => void) {
  return (booking: Booking) => {
    if (!canChangeBooking(booking, now)) return <span class="muted">{t('bookings.closed')}</span>;
    const subject = { track: trackName(booking.trackId), date: booking.slotDate };
    const modes: ChangeMode[] = tab === 'requested' ? ['approve', 'reject', 'move'] : ['move', 'cancel'];
    return (
      <div class="row-actions">
        {modes.map((mode) => (
          <RowButton key={mode} main={mode === 'approve'} label={t(`approvals.${mode}`)} name={t(`approvals.${mode}Label`, subject)} onClick={() => onChange(booking, mode)} />
        ))}
      </div>
    );
  };
}

export function ApprovalsPage({ query }: { query: ApprovalsQuery }) {
  const session = useSession();
  const heading = useFocusOnChange('approvals');
  const now = useNow(60_000);
  const { names } = useTracks(undefined);
  const [changing, setChanging] = useState<{ booking: Booking; mode: ChangeMode } | null>(null);
  const bookings = useResource((signal) => scheduleApi.bookings({ tenantId: query.tenantId, states: [query.tab] }, signal).then((page) => page.items), [query.tab, query.tenantId]);
  const releases = useResource((signal) => scheduleApi.releases({}, signal).then((page) => new Map(page.items.map((r) => [r.id, r]))), []);
  const rows = useMemo(
    () => (bookings.data ?? []).filter((b) => Date.parse(b.slotEndAt) > now).sort((a, b) => Date.parse(a.slotStartAt) - Date.parse(b.slotStartAt)),
    [bookings.data, now],
  );
  const trackName = (id: string) => names.get(id) ?? id;

  useEffect(() => void (document.title = `${t('approvals.title')} · Tideway`), [getLang()]);

  const tabs = APPROVAL_TABS.map((tab) => ({ key: tab, href: href({ ...query, tab }), label: t(`approvals.tab.${tab}`), current: query.tab === tab }));
  const changingZone = changing ? (session.tenants.get(changing.booking.tenantId)?.timeZone ?? DEFAULT_ZONE) : DEFAULT_ZONE;
  return (
    <section class="approvals-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('approvals.title')}
        </h1>
        <LinkTabs label={t('approvals.tabs')} tabs={tabs} />
        {canSchedule(session.user.role) && (
          <a class="page-head-link" href={bookingHref({ tenantId: query.tenantId })}>
            {t('approvals.bookFor')}
          </a>
        )}
      </header>
      <ScopeFilters label={t('approvals.filters')} tenantId={query.tenantId} anyTenant={t('fleet.allTenants')} hrefFor={(scope) => href({ ...query, tenantId: scope.tenantId })} />
      <p class="muted">{t(`approvals.intro.${query.tab}`)}</p>
      {bookings.error !== null && <p role="alert" class="error">{errorText(bookings.error)}</p>}
      {bookings.data === null && bookings.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {bookings.data !== null && rows.length === 0 && <p class="empty">{t(`approvals.empty.${query.tab}`)}</p>}
      {rows.length > 0 && (
        <BookingTable
          bookings={rows}
          caption={t(`approvals.caption.${query.tab}`)}
          trackNames={names}
          releases={releases.data ?? undefined}
          showTenant
          actions={canDecide(session.user.role) ? rowActions(query.tab, now, trackName, (booking, mode) => setChanging({ booking, mode })) : undefined}
        />
      )}
      {changing && (
        <BookingChangeDialog
          mode={changing.mode}
          booking={changing.booking}
          trackName={trackName(changing.booking.trackId)}
          zone={changingZone}
          onChanged={() => bookings.reload()}
          onClose={() => setChanging(null)}
        />
      )}
    </section>
  );
}
