/** The audit log: who changed what and when (bookings, windows, releases, settings, sign-ins); ops choose a tenant or see all. */
import { useEffect } from 'preact/hooks';
import { ScopeFilters } from '../components/scope-filters.tsx';
import { TableHead } from '../components/table-head.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { useFocusOnChange, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { actorLabel } from '../reasons.ts';
import { scheduleRouteHash, type TenantQuery } from '../schedule-routes.ts';
import type { AuditEntry } from '../schedule-types.ts';
import { useSession, zoneFor } from '../session.ts';
import { tenantApi } from '../tenant-api.ts';
import { isOpsRole } from '../types.ts';

/** An entry's details as `key: value` pairs; nested values as JSON. */
export function detailText(details: AuditEntry['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

export function AuditPage({ query }: { query: TenantQuery }) {
  const session = useSession();
  const lang = getLang();
  const heading = useFocusOnChange('audit');
  const entries = useResource((signal) => tenantApi.audit({ tenantId: query.tenantId }, signal).then((page) => page.items), [query.tenantId]);

  useEffect(() => void (document.title = `${t('auditLog.title')} · Tideway`), [lang]);

  return (
    <section class="audit-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('auditLog.title')}
        </h1>
      </header>
      {isOpsRole(session.user.role) && (
        <ScopeFilters label={t('auditLog.filters')} tenantId={query.tenantId} anyTenant={t('fleet.allTenants')} hrefFor={(scope) => scheduleRouteHash({ page: 'audit', query: { tenantId: scope.tenantId } })} />
      )}
      <p class="muted">{t('auditLog.intro')}</p>
      {entries.error !== null && <p role="alert" class="error">{errorText(entries.error)}</p>}
      {entries.data === null && entries.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {entries.data?.length === 0 && <p class="empty">{t('auditLog.empty')}</p>}
      {entries.data && entries.data.length > 0 && (
        <div class="table-scroll">
          <table class="audit-log striped">
            <caption class="visually-hidden">{t('auditLog.caption')}</caption>
            <TableHead columns={[t('auditLog.col.at'), t('auditLog.col.actor'), t('auditLog.col.action'), t('auditLog.col.target'), t('auditLog.col.details')]} />
            <tbody>
              {entries.data.map((entry, index) => (
                <tr key={`${entry.at}-${index}`} data-action={entry.action}>
                  <td>{formatDateTime(Date.parse(entry.at), lang, entry.tenantId ? zoneFor(session, entry.tenantId) : undefined)}</td>
                  <td>{actorLabel(entry.actor)}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td>
                    <code>{entry.target ?? '–'}</code>
                  </td>
                  <td class="message">{detailText(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
