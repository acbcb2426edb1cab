/**
 * Incidents, open or closed: response deadlines count down every second; alert pushes
 * (an alert fired, was acknowledged or resolved) fetch the list again, at most once a second,
 * since incidents follow their alerts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { alertsApi } from '../api.ts';
import { AcknowledgeDialog } from '../components/acknowledge-dialog.tsx';
import { IncidentTable } from '../components/incident-table.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { TenantFilter } from '../components/tenant-options.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useLive, useNow } from '../hooks.ts';
import { incidentTitle } from '../incidents.ts';
import { getLang, t } from '../i18n/index.ts';
import { routeHash, type IncidentsQuery } from '../router.ts';
import { useSession } from '../session.ts';
import { canHandleAlerts, type AlertItem, type Incident } from '../types.ts';

const REFRESH_AFTER_PUSH_MS = 1000;
const ALL_STATES = ['pending', 'firing', 'resolved'] as const;

const href = (query: IncidentsQuery) => routeHash({ page: 'incidents', query });

interface Loaded {
  incidents: Incident[];
  alerts: ReadonlyMap<string, AlertItem>;
}

/** The incidents of a query and their alerts, fetched again when `reload` changes. */
function useIncidents(query: IncidentsQuery, reload: number) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setLoaded(null), [query.open, query.tenantId]);
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([
      alertsApi.incidents({ open: query.open, tenantId: query.tenantId }, abort.signal),
      alertsApi.alerts({ states: ALL_STATES, tenantId: query.tenantId }, abort.signal),
    ]).then(
      ([incidents, alerts]) => {
        setLoaded({ incidents: incidents.items, alerts: new Map(alerts.items.map((alert) => [alert.fingerprint, alert])) });
        setError(null);
      },
      (cause) => (cause as Error).name === 'AbortError' || setError(cause),
    );
    return () => abort.abort();
  }, [query.open, query.tenantId, reload]);
  return { loaded, setLoaded, error };
}

export function IncidentsPage({ query }: { query: IncidentsQuery }) {
  const session = useSession();
  const lang = getLang();
  const now = useNow(1000);
  const [reload, setReload] = useState(0);
  const [acknowledging, setAcknowledging] = useState<Incident | null>(null);
  const { loaded, setLoaded, error } = useIncidents(query, reload);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const heading = useFocusOnChange('incidents');
  const canWrite = canHandleAlerts(session.user.role);

  useEffect(() => void (document.title = `${t('incidents.title')} · Tideway`), [lang]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useLive(
    (message) => {
      if (message.type !== 'alerts') return;
      timer.current ??= setTimeout(() => {
        timer.current = null;
        setReload((n) => n + 1);
      }, REFRESH_AFTER_PUSH_MS);
    },
    () => setReload((n) => n + 1),
  );

  const tabs = [true, false].map((open) => ({
    key: open ? 'open' : 'closed',
    href: href({ ...query, open }),
    label: t(open ? 'incidents.open' : 'incidents.closed'),
    current: query.open === open,
  }));
  return (
    <section class="incidents-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('incidents.title')}
        </h1>
        <LinkTabs label={t('incidents.tabs')} tabs={tabs} />
      </header>
      <TenantFilter tenantId={query.tenantId} hrefFor={(tenantId) => href({ ...query, tenantId })} label={t('incidents.filters')} />
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {loaded === null && error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {loaded !== null && loaded.incidents.length === 0 && <p class="empty">{t(query.open ? 'incidents.empty.open' : 'incidents.empty.closed')}</p>}
      {loaded !== null && loaded.incidents.length > 0 && (
        <IncidentTable incidents={loaded.incidents} alerts={loaded.alerts} session={session} now={now} onAcknowledge={canWrite ? setAcknowledging : undefined} />
      )}
      {acknowledging && (
        <AcknowledgeDialog
          title={t('ack.incidentTitle')}
          subject={incidentTitle(acknowledging, loaded?.alerts.get(acknowledging.fingerprint), lang)}
          onAcknowledge={async (comment) => {
            const updated = await alertsApi.acknowledgeIncident(acknowledging.id, comment);
            setLoaded((current) => current && { ...current, incidents: current.incidents.map((i) => (i.id === updated.id ? updated : i)) });
          }}
          onClose={() => setAcknowledging(null)}
        />
      )}
    </section>
  );
}
