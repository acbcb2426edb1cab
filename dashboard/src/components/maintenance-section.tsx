/** Maintenance periods: current and scheduled ones first, ending early and scheduling for roles that may. */
import { useState } from 'preact/hooks';
import { muteStatus } from '../alerts.ts';
import { alertsApi } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { hostHref } from '../router.ts';
import { zoneFor, type Session } from '../session.ts';
import type { MaintenancePeriod } from '../types.ts';
import { MuteBadge } from './badges.tsx';
import { MaintenanceDialog } from './maintenance-dialog.tsx';
import { FormError } from './modal.tsx';
import { RowButton } from './row-button.tsx';
import { TableHead } from './table-head.tsx';

export interface MaintenanceSectionProps {
  periods: readonly MaintenancePeriod[];
  session: Session;
  now: number;
  canWrite: boolean;
  /** Names of hosts the page already knows, by id; others show their id. */
  hostNames: ReadonlyMap<string, string>;
  defaultTenantId: string | undefined;
  onChanged: () => void;
}

const STATUS_ORDER = { active: 0, scheduled: 1, ended: 2 } as const;

function Hosts({ period, hostNames }: { period: MaintenancePeriod; hostNames: ReadonlyMap<string, string> }) {
  if (period.hostIds.length === 0) return <>{t('maintenance.allHosts')}</>;
  return (
    <>
      {period.hostIds.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <a href={hostHref(id)}>{hostNames.get(id) ?? id}</a>
        </span>
      ))}
    </>
  );
}

export function MaintenanceSection({ periods, session, now, canWrite, hostNames, defaultTenantId, onChanged }: MaintenanceSectionProps) {
  const lang = getLang();
  const [creating, setCreating] = useState(false);
  const { busy, error, run } = useAction();
  const rows = periods
    .map((period) => ({ period, status: muteStatus(period, now) }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Date.parse(b.period.startsAt) - Date.parse(a.period.startsAt));
  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  const end = (period: MaintenancePeriod) =>
    void run(async () => {
      await alertsApi.endMaintenance(period.id);
      onChanged();
    });

  return (
    <section aria-labelledby="maintenance-heading" class="maintenance-section">
      <div class="section-head">
        <h2 id="maintenance-heading">{t('maintenance.title')}</h2>
        {canWrite && tenants.length > 0 && (
          <button type="button" class="secondary section-action" onClick={() => setCreating(true)}>
            {t('maintenance.open')}
          </button>
        )}
      </div>
      <p class="muted">{t('maintenance.intro')}</p>
      <FormError error={error} />
      {rows.length === 0 ? (
        <p class="muted">{t('maintenance.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="maintenance striped">
            <caption class="visually-hidden">{t('maintenance.caption')}</caption>
            <TableHead
              columns={[
                t('maintenance.col.reason'),
                t('maintenance.col.tenant'),
                t('maintenance.col.hosts'),
                t('maintenance.col.status'),
                t('maintenance.col.starts'),
                t('maintenance.col.ends'),
                canWrite && t('alerts.col.actions'),
              ]}
            />
            <tbody>
              {rows.map(({ period, status }) => {
                const tenant = session.tenants.get(period.tenantId);
                const zone = zoneFor(session, period.tenantId);
                return (
                  <tr key={period.id} data-maintenance-id={period.id}>
                    <th scope="row" class="message">
                      {period.reason}
                    </th>
                    <td>{tenant?.name ?? period.tenantId}</td>
                    <td class="message">
                      <Hosts period={period} hostNames={hostNames} />
                    </td>
                    <td>
                      <MuteBadge status={status} />
                    </td>
                    <td>{formatDateTime(Date.parse(period.startsAt), lang, zone)}</td>
                    <td>{formatDateTime(Date.parse(period.endsAt), lang, zone)}</td>
                    {canWrite && (
                      <td>
                        {status !== 'ended' && (
                          <RowButton label={t('maintenance.end')} name={t('maintenance.endLabel', { reason: period.reason })} disabled={busy} onClick={() => end(period)} />
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating && <MaintenanceDialog tenants={tenants} defaultTenantId={defaultTenantId} onCreated={onChanged} onClose={() => setCreating(false)} />}
    </section>
  );
}
