/**
 * Incidents with their response deadline in the tenant's zone and a countdown, breach and
 * acknowledgement badges, and the time to acknowledge and to resolve in business and
 * wall-clock hours.
 */
import { incidentTitle, isBreached, responseStatus } from '../incidents.ts';
import { formatDateTime, formatDuration, formatHours, formatRelative } from '../format.ts';
import { getLang, hasKey, t } from '../i18n/index.ts';
import { hostHref, tenantHref } from '../router.ts';
import type { Session } from '../session.ts';
import type { AlertItem, Incident } from '../types.ts';
import { actorName } from '../alerts.ts';
import { SeverityBadge } from './badges.tsx';
import { RowButton } from './row-button.tsx';
import { TableHead } from './table-head.tsx';

export interface IncidentTableProps {
  incidents: readonly Incident[];
  /** The incidents' alerts where known, by fingerprint: host names and Chinese titles. */
  alerts: ReadonlyMap<string, AlertItem>;
  session: Session;
  now: number;
  onAcknowledge?: (incident: Incident) => void;
}

const DEFAULT_ZONE = 'Asia/Shanghai';
/** A deadline closer than this is shown in the warning colour. */
const SOON_SECONDS = 3600;

function Deadline({ incident, zone, now }: { incident: Incident; zone: string; now: number }) {
  const lang = getLang();
  if (incident.responseDueAt === null) {
    return (
      <span class="muted" title={incident.deadlineProblem ?? undefined}>
        {t('incidents.noDeadline')}
      </span>
    );
  }
  const status = responseStatus(incident, now);
  const text =
    status.kind === 'due'
      ? t('incidents.dueIn', { duration: formatDuration(status.seconds, lang) })
      : status.kind === 'overdue'
        ? t('incidents.overdueBy', { duration: formatDuration(status.seconds, lang) })
        : status.kind === 'answered'
          ? t(status.late ? 'incidents.answeredLate' : 'incidents.answered')
          : t('incidents.closedUnanswered');
  return (
    <>
      <time dateTime={incident.responseDueAt}>{formatDateTime(Date.parse(incident.responseDueAt), lang, zone)}</time>
      <small class="muted sub-line">{zone}</small>
      <small class={`countdown countdown-${status.kind === 'due' && status.seconds < SOON_SECONDS ? 'soon' : status.kind}`} data-countdown={status.kind}>
        {text}
      </small>
    </>
  );
}

function Hours({ business, wall }: { business: number | null; wall: number | null }) {
  const lang = getLang();
  if (wall === null) return <span class="muted">–</span>;
  return (
    <>
      <span class="hours">{t('incidents.businessHours', { hours: formatHours(business, lang) })}</span>
      <small class="muted hours">{t('incidents.wallHours', { hours: formatHours(wall, lang) })}</small>
    </>
  );
}

/** Breached, acknowledged and resolved, as far as they apply; an open incident in time says it awaits an answer. */
function StatusBadges({ incident, breached }: { incident: Incident; breached: boolean }) {
  if (!breached && incident.acknowledgedAt === null && incident.resolvedAt === null) return <span class="muted">{t('incidents.awaiting')}</span>;
  return (
    <>
      {breached && (
        <span class="badge flag-breached" data-flag="breached" title={t('incidents.breachedHint')}>
          {t('incidents.breached')}
        </span>
      )}{' '}
      {incident.acknowledgedAt !== null && (
        <span class="badge flag-acknowledged" data-flag="acknowledged" title={t('incidents.ackBy', { by: actorName(incident.acknowledgedBy) })}>
          {t('alert.acknowledged')}
        </span>
      )}{' '}
      {incident.resolvedAt !== null && (
        <span class="badge incident-resolved" data-flag="resolved">
          {t('incidents.resolved')}
        </span>
      )}
    </>
  );
}

function Row({ incident, alert, session, now, onAcknowledge }: Omit<IncidentTableProps, 'incidents' | 'alerts'> & { incident: Incident; alert?: AlertItem }) {
  const lang = getLang();
  const tenant = session.tenants.get(incident.tenantId);
  const zone = tenant?.timeZone ?? DEFAULT_ZONE;
  const openedAt = Date.parse(incident.openedAt);
  const planKey = `plan.${incident.plan}`;
  return (
    <tr data-incident-id={incident.id} data-fingerprint={incident.fingerprint}>
      <td>
        <SeverityBadge severity={incident.severity} />
      </td>
      <th scope="row" class="message">
        {incidentTitle(incident, alert, lang)}
        <small class="sub-line">
          {incident.hostId !== null && <a href={hostHref(incident.hostId)}>{alert?.labels.host ?? incident.hostId}</a>}
          {incident.hostId !== null && ' · '}
          <time class="muted" dateTime={incident.openedAt} title={formatDateTime(openedAt, lang, zone)}>
            {t('incidents.openedAgo', { ago: formatRelative(Math.min(openedAt, now), now, lang) })}
          </time>
        </small>
      </th>
      <td>
        <a href={tenantHref(incident.tenantId)}>{tenant?.name ?? incident.tenantId}</a>
        <small class="muted sub-line">{t('incidents.plan', { plan: hasKey(planKey) ? t(planKey) : incident.plan, calendar: incident.calendar })}</small>
      </td>
      <td class="deadline">
        <Deadline incident={incident} zone={zone} now={now} />
      </td>
      <td class="incident-status">
        <StatusBadges incident={incident} breached={isBreached(incident, now)} />
      </td>
      <td data-hours="acknowledge">
        <Hours business={incident.ackBusinessSeconds} wall={incident.ackWallSeconds} />
      </td>
      <td data-hours="resolve">
        <Hours business={incident.resolveBusinessSeconds} wall={incident.resolveWallSeconds} />
      </td>
      {onAcknowledge && (
        <td>
          {incident.acknowledgedAt === null && incident.resolvedAt === null && (
            <RowButton
              main
              label={t('alerts.acknowledge')}
              name={t('incidents.acknowledgeLabel', { incident: incidentTitle(incident, alert, lang) })}
              onClick={() => onAcknowledge(incident)}
            />
          )}
        </td>
      )}
    </tr>
  );
}

export function IncidentTable({ incidents, alerts, session, now, onAcknowledge }: IncidentTableProps) {
  return (
    <div class="table-scroll">
      <table class="incidents striped">
        <caption class="visually-hidden">{t('incidents.caption')}</caption>
        <TableHead
          columns={[
            t('incidents.col.severity'),
            t('incidents.col.incident'),
            t('incidents.col.tenant'),
            t('incidents.col.deadline'),
            t('incidents.col.status'),
            t('incidents.col.toAck'),
            t('incidents.col.toResolve'),
            onAcknowledge !== undefined && t('incidents.col.actions'),
          ]}
        />
        <tbody>
          {incidents.map((incident) => (
            <Row key={incident.id} incident={incident} alert={alerts.get(incident.fingerprint)} session={session} now={now} onAcknowledge={onAcknowledge} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
