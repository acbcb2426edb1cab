/** Silences in force or scheduled, with Expire for roles that may; ended ones folded away below. */
import { actorName, matcherText, muteStatus } from '../alerts.ts';
import { alertsApi } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { zoneFor, type Session } from '../session.ts';
import type { Silence } from '../types.ts';
import { MuteBadge } from './badges.tsx';
import { FormError } from './modal.tsx';
import { RowButton } from './row-button.tsx';
import { TableHead } from './table-head.tsx';

export interface SilencesSectionProps {
  silences: readonly Silence[];
  session: Session;
  now: number;
  canWrite: boolean;
  /** Called after a silence was expired, so the page reloads what it affects. */
  onChanged: () => void;
}

interface TableProps {
  silences: readonly Silence[];
  session: Session;
  now: number;
  caption: string;
  onExpire?: (silence: Silence) => void;
  busy?: boolean;
}

function SilenceTable({ silences, session, now, caption, onExpire, busy }: TableProps) {
  const lang = getLang();
  return (
    <div class="table-scroll">
      <table class="silences striped">
        <caption class="visually-hidden">{caption}</caption>
        <TableHead
          columns={[
            t('silences.col.matchers'),
            t('silences.col.tenant'),
            t('silences.col.status'),
            t('silences.col.ends'),
            t('silences.col.createdBy'),
            t('silences.col.comment'),
            onExpire !== undefined && t('alerts.col.actions'),
          ]}
        />
        <tbody>
          {silences.map((silence) => {
            const matchers = silence.matchers.map(matcherText).join(', ');
            const zone = silence.tenantId === null ? undefined : zoneFor(session, silence.tenantId);
            return (
              <tr key={silence.id} data-silence-id={silence.id}>
                <th scope="row" class="matcher-list">
                  {silence.matchers.map((matcher, index) => (
                    <code key={index}>{matcherText(matcher)}</code>
                  ))}
                </th>
                <td>{silence.tenantId === null ? t('silences.allTenants') : (session.tenants.get(silence.tenantId)?.name ?? silence.tenantId)}</td>
                <td>
                  <MuteBadge status={muteStatus(silence, now)} />
                </td>
                <td>{formatDateTime(Date.parse(silence.expiredAt ?? silence.endsAt), lang, zone)}</td>
                <td>{actorName(silence.createdBy)}</td>
                <td class="message">{silence.comment}</td>
                {onExpire && (
                  <td>
                    <RowButton label={t('silences.expire')} name={t('silences.expireLabel', { matchers })} disabled={busy} onClick={() => onExpire(silence)} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function SilencesSection({ silences, session, now, canWrite, onChanged }: SilencesSectionProps) {
  const { busy, error, run } = useAction();
  const current = silences.filter((s) => muteStatus(s, now) !== 'ended');
  const ended = silences.filter((s) => muteStatus(s, now) === 'ended');
  const expire = (silence: Silence) =>
    void run(async () => {
      await alertsApi.expireSilence(silence.id);
      onChanged();
    });
  return (
    <section aria-labelledby="silences-heading" class="silences-section">
      <h2 id="silences-heading">{t('silences.title')}</h2>
      <FormError error={error} />
      {current.length === 0 ? (
        <p class="muted">{t('silences.none')}</p>
      ) : (
        <SilenceTable silences={current} session={session} now={now} caption={t('silences.caption')} onExpire={canWrite ? expire : undefined} busy={busy} />
      )}
      {ended.length > 0 && (
        <details>
          <summary>{t('silences.ended', { count: ended.length })}</summary>
          <SilenceTable silences={ended} session={session} now={now} caption={t('silences.endedCaption')} />
        </details>
      )}
    </section>
  );
}
