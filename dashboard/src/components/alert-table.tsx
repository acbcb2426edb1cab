/** One tab of the alert list: severity, summary and flags, where, value, since when, and the actions the role allows. */
import { actorName, localizedAnnotation, sinceAt } from '../alerts.ts';
import { formatDateTime, formatRelative, formatValue } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { hostHref, tenantHref, type AlertTab } from '../router.ts';
import { zoneFor, type Session } from '../session.ts';
import type { AlertItem } from '../types.ts';
import { AlertFlags, SeverityBadge } from './badges.tsx';
import { RowButton } from './row-button.tsx';
import { TableHead } from './table-head.tsx';

export interface AlertTableProps {
  alerts: readonly AlertItem[];
  tab: AlertTab;
  session: Session;
  now: number;
  /** Present for roles that may acknowledge and silence. */
  onAcknowledge?: (alert: AlertItem) => void;
  onSilence?: (alert: AlertItem) => void;
}

function Where({ alert, session }: { alert: AlertItem; session: Session }) {
  const tenantName = alert.tenantId === null ? null : (session.tenants.get(alert.tenantId)?.name ?? alert.labels.tenant ?? alert.tenantId);
  return (
    <>
      <td>{alert.hostId === null ? <span class="muted">{t('alerts.global')}</span> : <a href={hostHref(alert.hostId)}>{alert.labels.host ?? alert.hostId}</a>}</td>
      <td>{alert.tenantId === null ? <span class="muted">{t('alerts.global')}</span> : <a href={tenantHref(alert.tenantId)}>{tenantName}</a>}</td>
    </>
  );
}

function Actions({ alert, onAcknowledge, onSilence }: { alert: AlertItem } & Pick<AlertTableProps, 'onAcknowledge' | 'onSilence'>) {
  const active = alert.state === 'firing' || alert.state === 'pending';
  const summary = localizedAnnotation(alert, 'summary', getLang());
  return (
    <td>
      <div class="row-actions">
        {onAcknowledge && active && alert.acknowledgedAt === null && (
          <RowButton main label={t('alerts.acknowledge')} name={t('alerts.acknowledgeLabel', { alert: summary })} onClick={() => onAcknowledge(alert)} />
        )}
        {onSilence && active && !alert.silenced && (
          <RowButton label={t('alerts.silence')} name={t('alerts.silenceLabel', { alert: summary })} onClick={() => onSilence(alert)} />
        )}
      </div>
    </td>
  );
}

function Row({ alert, session, now, onAcknowledge, onSilence }: Omit<AlertTableProps, 'alerts' | 'tab'> & { alert: AlertItem }) {
  const lang = getLang();
  const zone = alert.tenantId === null ? undefined : zoneFor(session, alert.tenantId);
  const since = sinceAt(alert);
  return (
    <tr data-fingerprint={alert.fingerprint} data-state={alert.state}>
      <td>
        <SeverityBadge severity={alert.severity} />
      </td>
      <th scope="row" class="alert-summary">
        <span class="summary-text">{localizedAnnotation(alert, 'summary', lang)}</span> <AlertFlags alert={alert} timeZone={zone} />
        {alert.acknowledgeComment && <small class="muted ack-note">{t('alerts.ackNote', { by: actorName(alert.acknowledgedBy), comment: alert.acknowledgeComment })}</small>}
      </th>
      <Where alert={alert} session={session} />
      <td class="num">{formatValue(alert.value, lang)}</td>
      <td>
        {since === null ? (
          '–'
        ) : (
          <time dateTime={new Date(since).toISOString()} title={formatDateTime(since, lang, zone)}>
            {formatRelative(Math.min(since, now), now, lang)}
          </time>
        )}
      </td>
      {(onAcknowledge || onSilence) && <Actions alert={alert} onAcknowledge={onAcknowledge} onSilence={onSilence} />}
    </tr>
  );
}

export function AlertTable({ alerts, tab, session, now, onAcknowledge, onSilence }: AlertTableProps) {
  const acting = Boolean(onAcknowledge || onSilence) && tab !== 'resolved';
  return (
    <div class="table-scroll">
      <table class="alerts striped">
        <caption class="visually-hidden">{t('alerts.caption', { state: t(`alertState.${tab}`) })}</caption>
        <TableHead
          columns={[
            t('alerts.col.severity'),
            t('alerts.col.alert'),
            t('alerts.col.host'),
            t('alerts.col.tenant'),
            { label: t('alerts.col.value'), num: true },
            t(`alerts.col.since.${tab}`),
            acting && t('alerts.col.actions'),
          ]}
        />
        <tbody>
          {alerts.map((alert) => (
            <Row
              key={alert.fingerprint}
              alert={alert}
              session={session}
              now={now}
              onAcknowledge={acting ? onAcknowledge : undefined}
              onSilence={acting ? onSilence : undefined}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
