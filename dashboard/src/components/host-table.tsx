/** One page of the fleet list; rows link to the host page. */
import { formatCount, formatDateTime, formatPercent, formatRelative } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { hostHref } from '../router.ts';
import { zoneFor, type Session } from '../session.ts';
import type { HostSummary } from '../types.ts';
import { OutdatedBadge, StatusBadge } from './badges.tsx';

export interface HostTableProps {
  hosts: readonly HostSummary[];
  session: Session;
  showTenant: boolean;
  now: number;
}

function usageClass(percent: number | null): string {
  if (percent === null) return 'num';
  return percent >= 90 ? 'num usage-critical' : percent >= 75 ? 'num usage-warning' : 'num';
}

function Row({ host, session, showTenant, now }: Omit<HostTableProps, 'hosts'> & { host: HostSummary }) {
  const lang = getLang();
  const lastSeenAt = host.lastSeenAt === null ? null : Date.parse(host.lastSeenAt);
  return (
    <tr data-host-id={host.id}>
      <th scope="row">
        <a href={hostHref(host.id)}>{host.name}</a>
        {host.product && <small class="muted product">{host.product}</small>}
      </th>
      {showTenant && <td>{session.tenants.get(host.tenantId)?.name ?? host.tenantId}</td>}
      <td>
        <StatusBadge status={host.status} />
      </td>
      <td class={usageClass(host.cpuPercent)}>{formatPercent(host.cpuPercent, lang)}</td>
      <td class={usageClass(host.memoryPercent)}>{formatPercent(host.memoryPercent, lang)}</td>
      <td class={usageClass(host.diskMaxPercent)}>{formatPercent(host.diskMaxPercent, lang)}</td>
      <td class="num">
        {host.failingChecks > 0 ? <span class="badge check-critical">{formatCount(host.failingChecks, lang)}</span> : <span class="muted">0</span>}
      </td>
      <td>
        {host.agentVersion ?? '–'} {host.agentOutdated && <OutdatedBadge />}
      </td>
      <td>
        {lastSeenAt === null ? (
          <span class="muted">{t('host.never')}</span>
        ) : (
          <time dateTime={host.lastSeenAt!} title={formatDateTime(lastSeenAt, lang, zoneFor(session, host.tenantId))}>
            {formatRelative(Math.min(lastSeenAt, now), now, lang)}
          </time>
        )}
      </td>
    </tr>
  );
}

export function HostTable(props: HostTableProps) {
  return (
    <div class="table-scroll">
      <table class="hosts striped">
        <caption class="visually-hidden">{t('fleet.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fleet.col.host')}</th>
            {props.showTenant && <th scope="col">{t('fleet.col.tenant')}</th>}
            <th scope="col">{t('fleet.col.status')}</th>
            <th scope="col" class="num">{t('fleet.col.cpu')}</th>
            <th scope="col" class="num">{t('fleet.col.memory')}</th>
            <th scope="col" class="num">{t('fleet.col.disk')}</th>
            <th scope="col" class="num">{t('fleet.col.failing')}</th>
            <th scope="col">{t('fleet.col.agent')}</th>
            <th scope="col">{t('fleet.col.lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {props.hosts.map((host) => (
            <Row key={host.id} host={host} session={props.session} showTenant={props.showTenant} now={props.now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
