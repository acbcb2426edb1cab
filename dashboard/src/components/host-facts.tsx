/** What a host is and how it reports: system facts, agent, connection and latest load. */
import type { ComponentChildren } from 'preact';
import { formatBytes, formatDateTime, formatDuration, formatRelative } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import type { HostDetail, Tenant } from '../types.ts';
import { OutdatedBadge } from './badges.tsx';
import { FactList } from './fact-list.tsx';

export interface HostFactsProps {
  host: HostDetail;
  tenant: Tenant | undefined;
  now: number;
  timeZone?: string;
}

export function HostFacts({ host, tenant, now, timeZone }: HostFactsProps) {
  const lang = getLang();
  const facts = host.facts;
  const metrics = host.latest?.metrics;
  const lastSeenAt = host.lastSeenAt === null ? null : Date.parse(host.lastSeenAt);
  const rows: Array<[string, ComponentChildren]> = [
    [t('host.tenant'), tenant ? `${tenant.name} (${tenant.timeZone})` : host.tenantId],
    [t('host.product'), host.product ?? '–'],
    [
      t('host.agent'),
      <>
        <span data-testid="agent-version">{host.agentVersion ?? '–'}</span> {host.agentOutdated && <OutdatedBadge />}
      </>,
    ],
    [t('host.connection'), host.connected ? t('host.connected') : t('host.disconnected')],
    [
      t('host.lastSeen'),
      lastSeenAt === null ? (
        t('host.never')
      ) : (
        <time dateTime={host.lastSeenAt!} title={formatDateTime(lastSeenAt, lang, timeZone)}>
          {formatRelative(Math.min(lastSeenAt, now), now, lang)}
        </time>
      ),
    ],
    [t('host.interval'), formatDuration(host.intervalSeconds, lang)],
    [t('host.os'), facts ? `${facts.os.distro} ${facts.os.release} (${facts.os.platform}/${facts.os.arch})` : '–'],
    [t('host.kernel'), facts?.os.kernel || '–'],
    [t('host.cpu'), facts ? t('host.cpuValue', { model: facts.cpu.model, cores: facts.cpu.cores }) : '–'],
    [t('host.memory'), facts ? formatBytes(facts.memoryBytes, lang) : '–'],
    [t('host.addresses'), facts?.addresses.map((a) => `${a.address} (${a.iface})`).join(', ') || '–'],
    [t('host.uptime'), metrics ? formatDuration(metrics.uptimeSeconds, lang) : '–'],
    [t('host.load'), metrics ? `${metrics.cpu.load1.toFixed(2)} / ${metrics.cpu.load5.toFixed(2)} / ${metrics.cpu.load15.toFixed(2)}` : '–'],
    [t('host.processes'), metrics ? String(metrics.processCount) : '–'],
  ];
  return <FactList facts={rows} />;
}
