/**
 * A tenant's scheduling settings: the tracks it follows, its freeze periods, its contacts
 * and its calendar feeds. Tenant admins and ops writers edit them; viewers read (tenant
 * viewers see no contacts or feeds, which the API keeps from them).
 */
import { useEffect } from 'preact/hooks';
import { localDateOf } from '../calendar-days.ts';
import { ContactsSection } from '../components/contacts-section.tsx';
import { FeedsSection } from '../components/feeds-section.tsx';
import { FreezesSection } from '../components/freezes-section.tsx';
import { ScopeFilters, useScopeTenant } from '../components/scope-filters.tsx';
import { SubscriptionsSection } from '../components/subscriptions-section.tsx';
import { useFocusOnChange, useNow } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { scheduleRouteHash, type TenantQuery } from '../schedule-routes.ts';
import { DEFAULT_ZONE, canSchedule, canSeeContacts } from '../schedule-types.ts';
import { useSession, zoneFor } from '../session.ts';
import { isOpsRole } from '../types.ts';

export function SettingsPage({ query }: { query: TenantQuery }) {
  const session = useSession();
  const { role } = session.user;
  const heading = useFocusOnChange('settings');
  const tenantId = useScopeTenant(query.tenantId);
  const tenant = tenantId ? session.tenants.get(tenantId) : undefined;
  const thisMonth = localDateOf(useNow(3_600_000), tenant?.timeZone ?? DEFAULT_ZONE).slice(0, 7);
  const canWrite = canSchedule(role);

  useEffect(() => void (document.title = `${t('settings.title')} · Tideway`), [getLang()]);

  return (
    <section class="settings-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('settings.title')}
          {tenant && <span class="muted page-subject"> · {tenant.name}</span>}
        </h1>
      </header>
      {isOpsRole(role) && (
        <ScopeFilters label={t('settings.filters')} tenantId={query.tenantId} anyTenant={t('schedule.chooseTenant')} hrefFor={(scope) => scheduleRouteHash({ page: 'settings', query: { tenantId: scope.tenantId } })} />
      )}
      {!tenantId && <p class="empty">{t('settings.chooseTenant')}</p>}
      {tenantId && !canWrite && <p class="muted">{t('settings.readOnly')}</p>}
      {tenantId && <SubscriptionsSection key={`subscriptions-${tenantId}`} tenantId={tenantId} canWrite={canWrite} />}
      {tenantId && <FreezesSection key={`freezes-${tenantId}`} tenantId={tenantId} canWrite={canWrite} thisMonth={thisMonth} />}
      {tenantId && canSeeContacts(role) && <ContactsSection key={`contacts-${tenantId}`} tenantId={tenantId} canWrite={canWrite} />}
      {tenantId && canSeeContacts(role) && <FeedsSection key={`feeds-${tenantId}`} tenantId={tenantId} canWrite={canWrite} zone={zoneFor(session, tenantId)} />}
    </section>
  );
}
