/**
 * `#/critical`: a tenant's critical periods (state, kind, range in the tenant's zone, what
 * each covers) with links to their boards and reports; tenant admins and ops writers declare
 * and cancel. Ops choose the tenant; tenant users see their own. Live pushes reload the list.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DeclarePeriodDialog } from '../components/declare-period-dialog.tsx';
import { RowButton } from '../components/row-button.tsx';
import { ScopeFilters, useScopeTenant } from '../components/scope-filters.tsx';
import { TableHead } from '../components/table-head.tsx';
import { coverageOf, sortPeriods } from '../critical-period.ts';
import { criticalApi } from '../critical-api.ts';
import { criticalBoardHref, criticalPeriodsHref } from '../critical-routes.ts';
import type { CriticalPeriod } from '../critical-types.ts';
import { errorText } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { useFocusOnChange, useLive, useResource } from '../hooks.ts';
import { ct } from '../i18n/critical-text.ts';
import { getLang, t } from '../i18n/index.ts';
import { reportHref } from '../report-routes.ts';
import { DEFAULT_ZONE, canSchedule, canSeeContacts } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { tenantApi } from '../tenant-api.ts';
import { isOpsRole } from '../types.ts';

/** Most hosts the declare form lists; the hosts API's own ceiling. */
const HOST_LIMIT = 1000;

/** A period's state as a badge; the state is a data attribute for tests and styles. */
export function PeriodStateBadge({ period }: { period: Pick<CriticalPeriod, 'state'> }) {
  return (
    <span class={`badge critical-${period.state}`} data-state={period.state}>
      {ct(`criticalState.${period.state}`)}
    </span>
  );
}

/** The covered hosts and products of a period, or "all hosts". */
export function CoverageText({ period, hostNames }: { period: CriticalPeriod; hostNames: ReadonlyMap<string, string> }) {
  const coverage = coverageOf(period, hostNames);
  if (coverage.kind === 'all') return <span>{ct('critical.allHosts')}</span>;
  return (
    <>
      {coverage.hostNames.length > 0 && <span class="sub-line">{coverage.hostNames.join(', ')}</span>}
      {coverage.products.length > 0 && <span class="sub-line">{ct('critical.products', { products: coverage.products.join(', ') })}</span>}
    </>
  );
}

function PeriodRow({ period, hostNames, canWrite, onCancel }: { period: CriticalPeriod; hostNames: ReadonlyMap<string, string>; canWrite: boolean; onCancel: () => void }) {
  const lang = getLang();
  const open = period.state === 'scheduled' || period.state === 'active';
  return (
    <tr data-period-id={period.id} data-state={period.state}>
      <th scope="row">
        <a href={criticalBoardHref(period.id)} aria-label={ct('critical.boardOf', { title: period.title })}>{period.title}</a>
        <small class="muted block">{ct(`criticalKind.${period.kind}`)}</small>
      </th>
      <td>
        <PeriodStateBadge period={period} />
      </td>
      <td>
        {ct('critical.range', { from: formatDateTime(Date.parse(period.startsAt), lang, period.zone), to: formatDateTime(Date.parse(period.endsAt), lang, period.zone) })}
      </td>
      <td class="message">
        <CoverageText period={period} hostNames={hostNames} />
      </td>
      <td>
        <div class="row-actions">
          {period.reportId && <a href={reportHref(period.reportId)}>{ct('critical.report')}</a>}
          {canWrite && open && <RowButton label={ct('critical.cancel')} name={ct('critical.cancelOf', { title: period.title })} onClick={onCancel} />}
        </div>
      </td>
    </tr>
  );
}

/** The tenant's periods, its hosts (for names and the form) and contacts (for roles that may see them). */
function useTenantData(tenantId: string | undefined, withContacts: boolean) {
  const periods = useResource(tenantId ? (signal) => criticalApi.list({ tenantId }, signal).then((page) => sortPeriods(page.items)) : null, [tenantId]);
  const hosts = useResource(tenantId ? (signal) => api.hosts({ tenantId, limit: HOST_LIMIT, offset: 0 }, signal).then((page) => page.items) : null, [tenantId]);
  const contacts = useResource(tenantId && withContacts ? (signal) => tenantApi.contacts(tenantId, signal).then((page) => page.items) : null, [tenantId, withContacts]);
  return { periods, hosts, contacts };
}

export function CriticalPeriodsPage({ query }: { query: { tenantId?: string } }) {
  const session = useSession();
  const { role } = session.user;
  const lang = getLang();
  const heading = useFocusOnChange('critical-periods');
  const tenantId = useScopeTenant(query.tenantId);
  const zone = (tenantId && session.tenants.get(tenantId)?.timeZone) || DEFAULT_ZONE;
  const canWrite = canSchedule(role);
  const { periods, hosts, contacts } = useTenantData(tenantId, canWrite && canSeeContacts(role));
  const [dialog, setDialog] = useState<{ kind: 'declare'; openedAt: number } | { kind: 'cancel'; period: CriticalPeriod } | null>(null);
  useEffect(() => void (document.title = `${ct('critical.title')} · Tideway`), [lang]);
  useLive((message) => message.type === 'critical-period' && periods.refresh(), periods.reload);
  const hostNames = new Map((hosts.data ?? []).map((host) => [host.id, host.name]));
  const close = () => setDialog(null);
  return (
    <section class="critical-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {ct('critical.title')}
          {tenantId && isOpsRole(role) && <span class="muted page-subject"> · {session.tenants.get(tenantId)?.name}</span>}
        </h1>
        {tenantId && canWrite && (
          <button type="button" disabled={hosts.data === null} onClick={() => setDialog({ kind: 'declare', openedAt: Date.now() })}>{ct('critical.declare')}</button>
        )}
      </header>
      {isOpsRole(role) && <ScopeFilters label={ct('critical.filters')} tenantId={query.tenantId} anyTenant={t('schedule.chooseTenant')} hrefFor={(scope) => criticalPeriodsHref(scope.tenantId)} />}
      <p class="muted">{ct('critical.intro')}</p>
      {!tenantId && <p class="empty">{ct('critical.chooseTenant')}</p>}
      {periods.error !== null && <p role="alert" class="error">{errorText(periods.error)}</p>}
      {tenantId && periods.data === null && periods.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {periods.data?.length === 0 && <p class="empty">{ct('critical.empty')}</p>}
      {periods.data && periods.data.length > 0 && (
        <div class="table-scroll">
          <table class="critical-periods striped">
            <caption class="visually-hidden">{ct('critical.caption')}</caption>
            <TableHead columns={[ct('critical.col.period'), ct('critical.col.state'), ct('critical.col.range', { zone }), ct('critical.col.covers'), ct('critical.col.actions')]} />
            <tbody>
              {periods.data.map((period) => (
                <PeriodRow key={period.id} period={period} hostNames={hostNames} canWrite={canWrite} onCancel={() => setDialog({ kind: 'cancel', period })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'declare' && tenantId && (
        <DeclarePeriodDialog tenantId={tenantId} zone={zone} hosts={hosts.data ?? []} contacts={contacts.data ?? []} now={dialog.openedAt} onDeclared={periods.reload} onClose={close} />
      )}
      {dialog?.kind === 'cancel' && (
        <ConfirmDialog
          title={ct('critical.cancelTitle')}
          message={ct('critical.cancelMessage', { title: dialog.period.title })}
          confirmLabel={ct('critical.cancel')}
          onConfirm={async () => {
            await criticalApi.cancel(dialog.period.id);
            periods.reload();
          }}
          onClose={close}
        />
      )}
    </section>
  );
}
