/**
 * The calendar of a tenant (ops: of any tenant, or windows across all): a month grid or a
 * list of its windows (scheduled or skipped, with the reason and hosts), open bookings,
 * holidays, make-up workdays and freezes, in the tenant's zone, with a legend.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { dayMark, datesBetween, freezeRanges, frozenDates, holidayIndex, localDateOf, monthGrid, shiftMonth } from '../calendar-days.ts';
import { calendarItems, itemsByDate } from '../calendar-items.ts';
import { CalendarLegend } from '../components/calendar-legend.tsx';
import { CalendarList } from '../components/calendar-list.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { MonthGrid } from '../components/month-grid.tsx';
import { ScopeFilters, useScopeTenant } from '../components/scope-filters.tsx';
import { errorText } from '../errors.ts';
import { formatMonth } from '../format.ts';
import { useFocusOnChange, useNow } from '../hooks.ts';
import { HOLIDAY_YEARS } from '../holidays.ts';
import { getLang, t } from '../i18n/index.ts';
import { trackLabel } from '../reasons.ts';
import { CALENDAR_VIEWS, calendarHref, type CalendarQuery } from '../schedule-routes.ts';
import { useCalendarData, useTracks } from '../schedule-hooks.ts';
import { useSession } from '../session.ts';
import { DEFAULT_ZONE } from '../schedule-types.ts';

function MonthNav({ query, month, thisMonth }: { query: CalendarQuery; month: string; thisMonth: string }) {
  const lang = getLang();
  return (
    <nav class="month-nav" aria-label={t('calendar.monthNav')}>
      <a href={calendarHref({ ...query, month: shiftMonth(month, -1) })} role="button" class="secondary outline">
        {t('calendar.previous')}
      </a>
      <h2 aria-live="polite">{formatMonth(month, lang)}</h2>
      <a href={calendarHref({ ...query, month: shiftMonth(month, 1) })} role="button" class="secondary outline">
        {t('calendar.next')}
      </a>
      {month !== thisMonth && (
        <a href={calendarHref({ ...query, month: undefined })} class="this-month">
          {t('calendar.thisMonth')}
        </a>
      )}
    </nav>
  );
}

export function CalendarPage({ query }: { query: CalendarQuery }) {
  const session = useSession();
  const lang = getLang();
  const heading = useFocusOnChange('calendar');
  const tenantId = useScopeTenant(query.tenantId);
  const tenant = tenantId ? session.tenants.get(tenantId) : undefined;
  const zone = tenant?.timeZone ?? DEFAULT_ZONE;
  const today = localDateOf(useNow(60_000), zone);
  const month = query.month ?? today.slice(0, 7);
  const weeks = useMemo(() => monthGrid(month), [month]);
  const [fromDate, toDate] = [weeks[0][0], weeks[weeks.length - 1][6]];
  const { tracks, names } = useTracks(tenantId);
  const { data, error } = useCalendarData({ tenantId, trackId: query.trackId, zone, fromDate, toDate });

  useEffect(() => void (document.title = `${t('calendar.title')} · Tideway`), [lang]);

  const view = useMemo(() => {
    if (!data) return null;
    const index = holidayIndex(data.holidays);
    const freezes = freezeRanges(data.freezes, fromDate, toDate);
    const items = calendarItems(data.windows, data.bookings, { tenantId: tenantId ?? null, trackId: query.trackId, zone, fromDate, toDate });
    return { markOf: (date: string) => dayMark(date, index), freezes, frozen: frozenDates(freezes, fromDate, toDate), items, byDate: itemsByDate(items) };
  }, [data, tenantId, query.trackId, zone, fromDate, toDate]);

  const trackName = (id: string) => trackLabel(names, id);
  const tenantNames = tenantId ? undefined : (ids: readonly string[]) => ids.map((id) => session.tenants.get(id)?.name ?? id).join(', ');
  const missingYears = [...new Set(weeks.flat().map((date) => Number(date.slice(0, 4))))].filter((year) => !HOLIDAY_YEARS.includes(year));
  const tabs = CALENDAR_VIEWS.map((v) => ({ key: v, href: calendarHref({ ...query, view: v }), label: t(`calendar.view.${v}`), current: query.view === v }));
  return (
    <section class="calendar-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('calendar.title')}
        </h1>
        <LinkTabs label={t('calendar.views')} tabs={tabs} />
      </header>
      <ScopeFilters label={t('calendar.filters')} tenantId={query.tenantId} anyTenant={t('fleet.allTenants')} hrefFor={(scope) => calendarHref({ ...query, ...scope })} tracks={tracks} trackId={query.trackId} />
      <MonthNav query={query} month={month} thisMonth={today.slice(0, 7)} />
      <p class="muted zone-note">
        {t(tenant ? 'calendar.zoneTenant' : 'calendar.zoneTrack', { zone, tenant: tenant?.name ?? '' })}
        {!tenantId && ` ${t('calendar.noFreezes')}`}
      </p>
      {missingYears.length > 0 && <p class="notice">{t('calendar.unknownYears', { years: missingYears.join(', ') })}</p>}
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {view === null && error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {view !== null && query.view === 'month' && (
        <MonthGrid month={month} weeks={weeks} today={today} zone={zone} markOf={view.markOf} freezesOn={view.frozen} itemsOn={view.byDate} trackName={trackName} tenantNames={tenantNames} />
      )}
      {view !== null && query.view === 'list' && (
        <CalendarList
          dates={datesBetween(`${month}-01`, weeks.flat().filter((d) => d.startsWith(month)).at(-1)!)}
          zone={zone}
          markOf={view.markOf}
          freezes={view.freezes.filter((f) => f.toDate >= `${month}-01` && f.fromDate <= `${month}-31`)}
          items={view.items.filter((item) => item.date.startsWith(month))}
          trackName={trackName}
          tenantNames={tenantNames}
        />
      )}
      <CalendarLegend />
    </section>
  );
}
