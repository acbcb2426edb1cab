/**
 * Alerts: one tab per state (firing, pending, resolved), narrowed by tenant or host; live
 * pushes add, update and drop rows without a reload. Operators acknowledge and silence from
 * the row. Silences and maintenance periods, which decide what is notified, sit below.
 */
import { useEffect, useState } from 'preact/hooks';
import { localizedAnnotation, mergeAlerts } from '../alerts.ts';
import { alertsApi } from '../api.ts';
import { AcknowledgeDialog } from '../components/acknowledge-dialog.tsx';
import { AlertTable } from '../components/alert-table.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { MaintenanceSection } from '../components/maintenance-section.tsx';
import { SilenceDialog } from '../components/silence-dialog.tsx';
import { SilencesSection } from '../components/silences-section.tsx';
import { TenantFilter } from '../components/tenant-options.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useLive, useNow } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { ALERT_TABS, alertsHref, type AlertsQuery } from '../router.ts';
import { useSession, zoneFor } from '../session.ts';
import { canHandleAlerts, type AlertItem, type MaintenancePeriod, type Silence } from '../types.ts';
import { browserZone } from '../zoned-time.ts';

const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

/** Silences and maintenance periods, fetched together and again after each change. */
function useMutes(reload: number) {
  const [silences, setSilences] = useState<Silence[]>([]);
  const [periods, setPeriods] = useState<MaintenancePeriod[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([alertsApi.silences(abort.signal), alertsApi.maintenance(abort.signal)]).then(
      ([s, m]) => {
        setSilences(s.items);
        setPeriods(m.items);
        setError(null);
      },
      (cause) => isAbort(cause) || setError(cause),
    );
    return () => abort.abort();
  }, [reload]);
  return { silences, periods, error };
}

export function AlertsPage({ query }: { query: AlertsQuery }) {
  const session = useSession();
  const canWrite = canHandleAlerts(session.user.role);
  const lang = getLang();
  const now = useNow(5000);
  const [alerts, setAlerts] = useState<AlertItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const [acknowledging, setAcknowledging] = useState<AlertItem | null>(null);
  const [silencing, setSilencing] = useState<AlertItem | null>(null);
  const mutes = useMutes(reload);
  const heading = useFocusOnChange('alerts');
  const refresh = () => setReload((n) => n + 1);

  useEffect(() => void (document.title = `${t('alerts.title')} · Tideway`), [lang]);

  // Another tab or filter: show loading rather than the last list under the new heading.
  useEffect(() => setAlerts(null), [query.state, query.tenantId, query.hostId]);

  useEffect(() => {
    const abort = new AbortController();
    alertsApi.alerts({ states: [query.state], tenantId: query.tenantId, hostId: query.hostId }, abort.signal).then(
      (page) => {
        setAlerts(mergeAlerts([], page.items, query));
        setError(null);
      },
      (cause) => isAbort(cause) || setError(cause),
    );
    return () => abort.abort();
  }, [query.state, query.tenantId, query.hostId, reload]);

  useLive((message) => {
    if (message.type === 'alerts') setAlerts((current) => current && mergeAlerts(current, message.items, query));
  }, refresh);

  const hostNames = new Map((alerts ?? []).filter((a) => a.hostId !== null && a.labels.host).map((a) => [a.hostId!, a.labels.host]));
  const tabs = ALERT_TABS.map((state) => ({ key: state, href: alertsHref({ ...query, state }), label: t(`alertState.${state}`), current: state === query.state }));
  const tenantName = (alert: AlertItem) => (alert.tenantId === null ? null : (session.tenants.get(alert.tenantId)?.name ?? alert.tenantId));
  return (
    <section class="alerts-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('alerts.title')}
        </h1>
        <LinkTabs label={t('alerts.tabs')} tabs={tabs} />
      </header>
      <TenantFilter tenantId={query.tenantId} hrefFor={(tenantId) => alertsHref({ ...query, tenantId })} label={t('alerts.filters')} />
      {query.hostId && (
        <p class="host-filter">
          {t('alerts.hostFilter', { host: hostNames.get(query.hostId) ?? query.hostId })} <a href={alertsHref({ ...query, hostId: undefined })}>{t('alerts.clearHost')}</a>
        </p>
      )}
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {alerts === null && error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {alerts !== null && alerts.length === 0 && <p class="empty">{t(`alerts.empty.${query.state}`)}</p>}
      {alerts !== null && alerts.length > 0 && (
        <AlertTable
          alerts={alerts}
          tab={query.state}
          session={session}
          now={now}
          onAcknowledge={canWrite ? setAcknowledging : undefined}
          onSilence={canWrite ? setSilencing : undefined}
        />
      )}
      {mutes.error !== null && <p role="alert" class="error">{errorText(mutes.error)}</p>}
      {/* A silence made a moment ago starts at the server's "now": the page's last tick may be older. */}
      <SilencesSection silences={mutes.silences} session={session} now={Math.max(now, Date.now())} canWrite={canWrite} onChanged={refresh} />
      <MaintenanceSection
        periods={mutes.periods}
        session={session}
        now={Math.max(now, Date.now())}
        canWrite={canWrite}
        hostNames={hostNames}
        defaultTenantId={query.tenantId}
        onChanged={refresh}
      />
      {acknowledging && (
        <AcknowledgeDialog
          title={t('ack.alertTitle')}
          subject={localizedAnnotation(acknowledging, 'summary', lang)}
          onAcknowledge={async (comment) => {
            const updated = await alertsApi.acknowledgeAlert(acknowledging.fingerprint, comment);
            setAlerts((current) => current && mergeAlerts(current, [updated], query));
          }}
          onClose={() => setAcknowledging(null)}
        />
      )}
      {silencing && (
        <SilenceDialog
          alert={silencing}
          tenantName={tenantName(silencing)}
          zone={(silencing.tenantId === null ? undefined : zoneFor(session, silencing.tenantId)) ?? browserZone()}
          onCreated={refresh}
          onClose={() => setSilencing(null)}
        />
      )}
    </section>
  );
}
