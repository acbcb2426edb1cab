/**
 * The critical-period board's tables: the covered hosts' live health, and the period's
 * incidents with their heightened response deadlines in the tenant's zone and a countdown.
 */
import type { BoardHost, BoardIncident } from '../critical-types.ts';
import { formatDateTime, formatDuration, formatRelative } from '../format.ts';
import { ct, type CriticalTextKey } from '../i18n/critical-text.ts';
import { getLang } from '../i18n/index.ts';
import { responseStatus } from '../incidents.ts';
import { hostHref } from '../router.ts';
import { SeverityBadge, StatusBadge } from './badges.tsx';
import { TableHead } from './table-head.tsx';

export function BoardHostTable({ hosts, now }: { hosts: readonly BoardHost[]; now: number }) {
  const lang = getLang();
  if (hosts.length === 0) return <p class="empty">{ct('board.noHosts')}</p>;
  return (
    <div class="table-scroll">
      <table class="board-hosts striped">
        <caption class="visually-hidden">{ct('board.hostsCaption')}</caption>
        <TableHead columns={[ct('board.col.host'), ct('board.col.product'), ct('board.col.status'), ct('board.col.lastSeen'), { label: ct('board.col.alerts'), num: true }]} />
        <tbody>
          {hosts.map((host) => (
            <tr key={host.id} data-host-id={host.id} data-status={host.status}>
              <th scope="row">
                <a href={hostHref(host.id)}>{host.name}</a>
              </th>
              <td>{host.product ?? '–'}</td>
              <td>
                <StatusBadge status={host.status} />
              </td>
              <td>{host.lastSeenAt === null ? '–' : formatRelative(Math.min(Date.parse(host.lastSeenAt), now), now, lang)}</td>
              <td class="num">{host.firingAlerts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The countdown text of an incident's deadline. */
function deadlineText(incident: BoardIncident, now: number, lang: string): { kind: string; text: string } {
  const status = responseStatus({ ...incident, responseBreached: incident.breached }, now);
  const key: Record<typeof status.kind, CriticalTextKey> = { due: 'board.dueIn', overdue: 'board.overdueBy', answered: 'board.answered', closed: 'board.closed', unknown: 'board.noDeadline' };
  if (status.kind === 'due' || status.kind === 'overdue') return { kind: status.kind, text: ct(key[status.kind], { duration: formatDuration(status.seconds, lang) }) };
  return { kind: status.kind, text: ct(status.kind === 'answered' && status.late ? 'board.answeredLate' : key[status.kind]) };
}

function Flags({ incident }: { incident: BoardIncident }) {
  const flags: Array<[string, CriticalTextKey, boolean]> = [
    ['escalated', 'board.escalated', incident.escalated],
    ['breached', 'board.breached', incident.breached],
    ['acknowledged', 'board.acknowledged', incident.acknowledgedAt !== null],
    ['resolved', 'board.resolved', incident.resolvedAt !== null],
  ];
  const shown = flags.filter(([, , on]) => on);
  if (shown.length === 0) return <span class="muted">{ct('board.awaiting')}</span>;
  return (
    <>
      {shown.map(([name, key]) => (
        <span key={name} class={`badge flag-${name}`} data-flag={name}>
          {ct(key)}
        </span>
      ))}
    </>
  );
}

export function BoardIncidentTable({ incidents, hostNames, zone, now }: { incidents: readonly BoardIncident[]; hostNames: ReadonlyMap<string, string>; zone: string; now: number }) {
  const lang = getLang();
  if (incidents.length === 0) return <p class="empty">{ct('board.noIncidents')}</p>;
  return (
    <div class="table-scroll">
      <table class="board-incidents striped">
        <caption class="visually-hidden">{ct('board.incidentsCaption')}</caption>
        <TableHead columns={[ct('board.col.severity'), ct('board.col.incident'), ct('board.col.deadline', { zone }), ct('board.col.state')]} />
        <tbody>
          {incidents.map((incident) => {
            const deadline = deadlineText(incident, now, lang);
            return (
              <tr key={incident.id} data-incident-id={incident.id}>
                <td>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <th scope="row" class="message">
                  {incident.title}
                  {incident.hostId !== null && (
                    <small class="sub-line">
                      <a href={hostHref(incident.hostId)}>{hostNames.get(incident.hostId) ?? incident.hostId}</a>
                    </small>
                  )}
                </th>
                <td class="deadline">
                  {incident.responseDueAt !== null && <time dateTime={incident.responseDueAt}>{formatDateTime(Date.parse(incident.responseDueAt), lang, zone)}</time>}
                  <small class={`countdown countdown-${deadline.kind} sub-line`} data-countdown={deadline.kind}>
                    {deadline.text}
                  </small>
                </td>
                <td class="incident-status">
                  <Flags incident={incident} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
