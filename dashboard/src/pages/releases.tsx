/**
 * Releases per track: ops register them (artifacts with SHA-256) and decide security audits;
 * a tenant admin may submit its own tenant's release for audit; everyone reads in scope.
 */
import { useEffect, useState } from 'preact/hooks';
import { AuditDialog, type AuditMode } from '../components/audit-dialog.tsx';
import { ReleaseCard } from '../components/release-card.tsx';
import { ReleaseDialog } from '../components/release-dialog.tsx';
import { ScopeFilters, useScopeTenant } from '../components/scope-filters.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { scheduleApi } from '../schedule-api.ts';
import { scheduleRouteHash, type ReleasesQuery } from '../schedule-routes.ts';
import { useTracks } from '../schedule-hooks.ts';
import { canDecide, canSchedule, type Release } from '../schedule-types.ts';
import { useSession, type Session } from '../session.ts';
import { isOpsRole } from '../types.ts';

const href = (query: ReleasesQuery) => scheduleRouteHash({ page: 'releases', query });

/** The audit actions `session`'s user may take on a release now. */
export function auditActions(release: Pick<Release, 'tenantId' | 'auditState' | 'audits'>, session: Pick<Session, 'user'>): AuditMode[] {
  const { role, tenantId } = session.user;
  const latest = release.audits.at(-1)?.state;
  if (latest === 'submitted') return canDecide(role) ? ['approve', 'reject'] : [];
  const mayAsk = canSchedule(role) && (isOpsRole(role) || (release.tenantId !== null && release.tenantId === tenantId));
  return mayAsk && (release.auditState === 'missing' || release.auditState === 'rejected') ? ['submit'] : [];
}

export function ReleasesPage({ query }: { query: ReleasesQuery }) {
  const session = useSession();
  const heading = useFocusOnChange('releases');
  const tenantId = useScopeTenant(query.tenantId);
  const { tracks, names } = useTracks(tenantId);
  const releases = useResource((signal) => scheduleApi.releases({ trackId: query.trackId, tenantId }, signal).then((page) => page.items), [query.trackId, tenantId]);
  const [registering, setRegistering] = useState(false);
  const [auditing, setAuditing] = useState<{ release: Release; mode: AuditMode } | null>(null);
  const replace = (updated: Release) => releases.setData((current) => current && current.map((r) => (r.id === updated.id ? updated : r)));

  useEffect(() => void (document.title = `${t('releases.title')} · Tideway`), [getLang()]);

  return (
    <section class="releases-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('releases.title')}
        </h1>
        {canDecide(session.user.role) && (
          <button type="button" class="add-host" onClick={() => setRegistering(true)}>
            {t('release.open')}
          </button>
        )}
      </header>
      <ScopeFilters label={t('releases.filters')} tenantId={query.tenantId} anyTenant={t('fleet.allTenants')} hrefFor={href} tracks={tracks} trackId={query.trackId} />
      <p class="muted">{t('releases.intro')}</p>
      {releases.error !== null && <p role="alert" class="error">{errorText(releases.error)}</p>}
      {releases.data === null && releases.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {releases.data?.length === 0 && <p class="empty">{t('releases.empty')}</p>}
      {releases.data?.map((release) => (
        <ReleaseCard
          key={release.id}
          release={release}
          trackName={names.get(release.trackId) ?? release.trackId}
          tenantName={release.tenantId === null ? null : (session.tenants.get(release.tenantId)?.name ?? release.tenantId)}
          actions={auditActions(release, session)}
          onAudit={(mode) => setAuditing({ release, mode })}
        />
      ))}
      {registering && (
        <ReleaseDialog
          tracks={tracks}
          defaultTrackId={query.trackId}
          defaultTenantId={query.tenantId}
          onCreated={(created) => releases.setData((current) => [created, ...(current ?? [])])}
          onClose={() => setRegistering(false)}
        />
      )}
      {auditing && (
        <AuditDialog mode={auditing.mode} release={auditing.release} trackName={names.get(auditing.release.trackId) ?? auditing.release.trackId} onDone={replace} onClose={() => setAuditing(null)} />
      )}
    </section>
  );
}
