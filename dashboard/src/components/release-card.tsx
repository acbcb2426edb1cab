/** One release: version, kind, audit state, track and tenant, notes, artifacts with their SHA-256, and the audit history; audit actions for roles that may. */
import { formatDateTime } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { actorLabel } from '../reasons.ts';
import type { Release } from '../schedule-types.ts';
import type { AuditMode } from './audit-dialog.tsx';
import { RowButton } from './row-button.tsx';
import { AuditBadge } from './schedule-badges.tsx';
import { TableHead } from './table-head.tsx';

export interface ReleaseCardProps {
  release: Release;
  trackName: string;
  tenantName: string | null;
  /** The audit actions this user may take on this release. */
  actions: readonly AuditMode[];
  onAudit: (mode: AuditMode) => void;
}

function Artifacts({ release }: { release: Release }) {
  if (release.artifacts.length === 0) return <p class="muted">{t('release.noArtifacts')}</p>;
  return (
    <div class="table-scroll">
      <table class="artifacts-table">
        <caption class="visually-hidden">{t('release.artifactsCaption', { version: release.version })}</caption>
        <TableHead columns={[t('release.artifactName'), t('release.sha256')]} />
        <tbody>
          {release.artifacts.map((artifact) => (
            <tr key={artifact.name}>
              <th scope="row">{artifact.url ? <a href={artifact.url} rel="noopener noreferrer">{artifact.name}</a> : artifact.name}</th>
              <td>
                <code class="hash">{artifact.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Audits({ release }: { release: Release }) {
  const lang = getLang();
  if (release.audits.length === 0) return null;
  return (
    <ol class="audit-history">
      {release.audits.map((audit) => (
        <li key={audit.id} data-audit-id={audit.id}>
          <AuditBadge state={audit.state} /> {t('audit.submittedBy', { who: actorLabel(audit.submittedBy), at: formatDateTime(Date.parse(audit.submittedAt), lang) })}
          {audit.notes && <span class="sub-line">{audit.notes}</span>}
          {audit.decidedAt && (
            <span class="sub-line">
              {t('audit.decidedBy', { who: actorLabel(audit.decidedBy), at: formatDateTime(Date.parse(audit.decidedAt), lang) })}: {audit.findings}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

export function ReleaseCard({ release, trackName, tenantName, actions, onAudit }: ReleaseCardProps) {
  const lang = getLang();
  return (
    <article class="release-card" data-release-id={release.id} aria-labelledby={`release-${release.id}`}>
      <header class="release-head">
        <h3 id={`release-${release.id}`}>{release.version}</h3>
        <span class="badge release-kind">{t(`releaseKind.${release.kind}`)}</span>
        <AuditBadge state={release.auditState} />
        <div class="row-actions release-actions">
          {actions.map((mode) => (
            <RowButton key={mode} main={mode === 'approve'} label={t(`audit.${mode}.action`)} name={t(`audit.${mode}.label`, { version: release.version })} onClick={() => onAudit(mode)} />
          ))}
        </div>
      </header>
      <p class="muted release-meta">
        {trackName} · {tenantName ?? t('release.shared')} · {t('release.created', { who: actorLabel(release.createdBy), at: formatDateTime(Date.parse(release.createdAt), lang) })}
      </p>
      {release.notes && <p class="release-notes">{release.notes}</p>}
      <Artifacts release={release} />
      <Audits release={release} />
    </article>
  );
}
