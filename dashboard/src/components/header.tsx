/** The top bar: brand, page links (rollouts, reports and critical periods for every role) with the firing count, live state, time-zone and language choice, the user and sign-out. */
import { formatCount } from '../format.ts';
import { LANGS, getLang, setLang, t, type Lang } from '../i18n/index.ts';
import type { LiveClient } from '../live.ts';
import { criticalPeriodsHref } from '../critical-routes.ts';
import { alertsHref, routeHash, type Route } from '../router.ts';
import { reportsHref } from '../report-routes.ts';
import { rolloutsHref } from '../rollout-routes.ts';
import { schedulePageHref, scheduleNavPages, type ScheduleRoute } from '../schedule-routes.ts';
import type { ZoneMode } from '../session.ts';
import type { Role, User } from '../types.ts';
import { LiveIndicator } from './live-indicator.tsx';

export interface HeaderProps {
  user: User | null;
  live: LiveClient | null;
  zoneMode: ZoneMode;
  onZoneMode: (mode: ZoneMode) => void;
  onSignOut: () => void;
  route: Route;
  /** Firing alerts, or null while unknown. */
  firingCount: number | null;
}

/** The link text of a scheduling page; a tenant viewer's booking page only shows slots. */
function scheduleLabel(page: ScheduleRoute['page'], role: Role): string {
  if (page === 'booking') return t(role === 'tenant-viewer' ? 'nav.bookings' : 'nav.booking');
  return t(`nav.${page}`);
}

function PageLinks({ route, firingCount, role }: Pick<HeaderProps, 'route' | 'firingCount'> & { role: Role }) {
  const lang = getLang();
  const current = (page: Route['page'][]) => (page.includes(route.page) ? 'page' : undefined);
  return (
    <ul class="topbar-links">
      <li>
        <a href="#/" aria-current={current(['fleet', 'host'])}>
          {t('nav.hosts')}
        </a>
      </li>
      <li>
        <a href={alertsHref()} aria-current={current(['alerts'])}>
          {t('nav.alerts')}{' '}
          {firingCount !== null && firingCount > 0 && (
            <span class="badge nav-count severity-critical" title={t('nav.firingCount', { count: firingCount })}>
              <span aria-hidden="true" data-testid="firing-count">
                {formatCount(firingCount, lang)}
              </span>
              <span class="visually-hidden">{t('nav.firingCount', { count: formatCount(firingCount, lang) })}</span>
            </span>
          )}
        </a>
      </li>
      <li>
        <a href={routeHash({ page: 'incidents', query: { open: true } })} aria-current={current(['incidents'])}>
          {t('nav.incidents')}
        </a>
      </li>
      <li>
        <a href={rolloutsHref()} aria-current={current(['rollouts', 'rollout'])}>
          {t('nav.rollouts')}
        </a>
      </li>
      <li>
        <a href={reportsHref()} aria-current={current(['reports', 'report'])}>
          {t('nav.reports')}
        </a>
      </li>
      <li>
        <a href={criticalPeriodsHref()} aria-current={current(['critical-periods', 'critical-board'])}>
          {t('nav.critical')}
        </a>
      </li>
      {scheduleNavPages(role).map((page) => (
        <li key={page}>
          <a href={schedulePageHref(page)} aria-current={current([page])}>
            {scheduleLabel(page, role)}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function Header({ user, live, zoneMode, onZoneMode, onSignOut, route, firingCount }: HeaderProps) {
  return (
    <header class="topbar">
      <nav class="container-fluid" aria-label={t('nav.label')}>
        <ul>
          <li>
            <a href="#/" class="brand">
              <strong>Tideway</strong>
            </a>
          </li>
          {live && (
            <li>
              <LiveIndicator live={live} />
            </li>
          )}
        </ul>
        {user && <PageLinks route={route} firingCount={firingCount} role={user.role} />}
        <ul class="topbar-tools">
          {user && (
            <li>
              <label class="inline">
                <span>{t('header.zone')}</span>
                <select value={zoneMode} onChange={(event) => onZoneMode(event.currentTarget.value as ZoneMode)}>
                  <option value="browser">{t('header.zoneBrowser')}</option>
                  <option value="tenant">{t('header.zoneTenant')}</option>
                </select>
              </label>
            </li>
          )}
          <li>
            <label class="inline">
              <span>{t('header.language')}</span>
              <select value={getLang()} onChange={(event) => setLang(event.currentTarget.value as Lang)} data-testid="language">
                {LANGS.map((lang) => (
                  <option key={lang} value={lang} lang={lang}>
                    {t(`lang.${lang}`)}
                  </option>
                ))}
              </select>
            </label>
          </li>
          {user && (
            <li class="user">
              <span>{user.name}</span>
              <small class="muted">{t(`role.${user.role}`)}</small>
            </li>
          )}
          {user && (
            <li>
              <button type="button" class="secondary outline" onClick={onSignOut}>
                {t('header.signOut')}
              </button>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}
