/** The hosts of a rollout in start order: wave, state, the step under way, why it failed or was skipped, and when it last moved. */
import { formatDateTime, formatRelative } from '../format.ts';
import { getLang } from '../i18n/index.ts';
import { hasRolloutText, rt } from '../i18n/rollout-text.ts';
import { hostHref } from '../router.ts';
import type { RolloutHost } from '../rollout-types.ts';
import { waveName } from '../rollouts.ts';
import { useSession, zoneFor } from '../session.ts';
import { HostStateBadge, PlanReason } from './rollout-badges.tsx';
import { TableHead } from './table-head.tsx';

/** A wave's name: the canary or a numbered batch. */
export function waveLabel(index: number, canary: boolean): string {
  const name = waveName(index, canary);
  return name.kind === 'canary' ? rt('wave.canary') : rt('wave.batch', { number: name.number });
}

/** The step under way and, when its name does not say it, its phase. */
function Step({ host }: { host: RolloutHost }) {
  if (host.step === null && host.phase === null) return <span class="muted">–</span>;
  const phaseKey = `phase.${host.phase}`;
  return (
    <>
      {host.step ?? ''}
      {host.phase && host.phase !== host.step && <small class="muted"> ({hasRolloutText(phaseKey) ? rt(phaseKey) : host.phase})</small>}
    </>
  );
}

/** The rows to draw (one page of them), whether wave 0 is the canary, and whether to name tenants (ops). */
export interface RolloutHostsTableProps {
  hosts: readonly RolloutHost[];
  canary: boolean;
  showTenant: boolean;
  now: number;
}

/** The hosts table. */
export function RolloutHostsTable({ hosts, canary, showTenant, now }: RolloutHostsTableProps) {
  const session = useSession();
  const lang = getLang();
  const columns = [rt('rollout.col.host'), showTenant && rt('rollout.col.tenant'), rt('rollout.col.wave'), rt('rollout.col.state'), rt('rollout.col.step'), rt('rollout.col.reason'), rt('rollout.col.updated')];
  return (
    <div class="table-scroll">
      <table class="rollout-hosts striped">
        <caption class="visually-hidden">{rt('rollout.hostsCaption')}</caption>
        <TableHead columns={columns} />
        <tbody>
          {hosts.map((host) => {
            const updatedAt = Date.parse(host.updatedAt);
            return (
              <tr key={host.hostId} data-host-id={host.hostId} data-host-state={host.state}>
                <th scope="row">
                  <a href={hostHref(host.hostId)}>{host.hostName}</a>
                </th>
                {showTenant && <td>{session.tenants.get(host.tenantId)?.name ?? host.tenantId}</td>}
                <td>{waveLabel(host.wave, canary)}</td>
                <td>
                  <HostStateBadge state={host.state} />
                </td>
                <td>
                  <Step host={host} />
                </td>
                <td class="message">
                  <PlanReason reason={host.reason} />
                </td>
                <td>
                  <time dateTime={host.updatedAt} title={formatDateTime(updatedAt, lang, zoneFor(session, host.tenantId))}>
                    {formatRelative(Math.min(updatedAt, now), now, lang)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
