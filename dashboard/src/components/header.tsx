/** The top bar: brand, live state, time-zone and language choice, the user and sign-out. */
import { LANGS, getLang, setLang, t, type Lang } from '../i18n/index.ts';
import type { LiveClient } from '../live.ts';
import type { ZoneMode } from '../session.ts';
import type { User } from '../types.ts';
import { LiveIndicator } from './live-indicator.tsx';

export interface HeaderProps {
  user: User | null;
  live: LiveClient | null;
  zoneMode: ZoneMode;
  onZoneMode: (mode: ZoneMode) => void;
  onSignOut: () => void;
}

export function Header({ user, live, zoneMode, onZoneMode, onSignOut }: HeaderProps) {
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
