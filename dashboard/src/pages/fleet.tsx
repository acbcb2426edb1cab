/**
 * The fleet: status counts that double as a filter, tenant filter (ops only), debounced
 * search and one server-side page of hosts. Live pushes patch visible rows at once; the
 * page and its counts are fetched again at most every few seconds while changes arrive, so
 * the list stays cheap at 10,000 hosts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api.ts';
import { EnrollDialog } from '../components/enroll-dialog.tsx';
import { HostTable } from '../components/host-table.tsx';
import { Pager } from '../components/pager.tsx';
import { TenantOptions } from '../components/tenant-options.tsx';
import { errorText } from '../errors.ts';
import { formatCount } from '../format.ts';
import { useDebounced, useFocusOnChange, useLive, useNow } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { navigate } from '../navigate.ts';
import { routeHash, type FleetQuery } from '../router.ts';
import { useSession } from '../session.ts';
import { canEnroll, isOpsRole, type HostStatus, type HostSummary } from '../types.ts';

const SEARCH_DEBOUNCE_MS = 300;
const REFRESH_EVERY_MS = 5000;
const STATUSES: readonly HostStatus[] = ['up', 'stale', 'down'];

type Counts = Record<HostStatus, number>;

const go = (query: FleetQuery, replace = true) => navigate(routeHash({ page: 'fleet', query }), { replace });

function StatusFilter({ query, counts }: { query: FleetQuery; counts: Counts | null }) {
  const lang = getLang();
  const total = counts ? counts.up + counts.stale + counts.down : null;
  const options: Array<[HostStatus | undefined, string, number | null]> = [
    [undefined, t('fleet.all'), total],
    ...STATUSES.map((s): [HostStatus, string, number | null] => [s, t(`status.${s}`), counts?.[s] ?? null]),
  ];
  return (
    <fieldset class="status-filter">
      <legend class="visually-hidden">{t('fleet.statusFilter')}</legend>
      {options.map(([status, label, count]) => (
        <button
          key={status ?? 'all'}
          type="button"
          class={`tile tile-${status ?? 'all'}`}
          aria-pressed={query.status === status}
          onClick={() => go({ ...query, status, page: 1 }, false)}
        >
          <span class="tile-count">{count === null ? '…' : formatCount(count, lang)}</span>
          <span class="tile-label">{label}</span>
        </button>
      ))}
    </fieldset>
  );
}

export function FleetPage({ query }: { query: FleetQuery }) {
  const session = useSession();
  const ops = isOpsRole(session.user.role);
  const now = useNow(5000);
  const [search, setSearch] = useState(query.q ?? '');
  const debounced = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const [hosts, setHosts] = useState<{ items: HostSummary[]; total: number } | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refresh, setRefresh] = useState(0);
  const [enrolling, setEnrolling] = useState(false);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const heading = useFocusOnChange('fleet');

  useEffect(() => {
    if (debounced !== (query.q ?? '')) go({ ...query, q: debounced || undefined, page: 1 });
  }, [debounced]);

  // The address changed from outside the box (back button, a link): show its search.
  useEffect(() => {
    if ((query.q ?? '') !== debounced) setSearch(query.q ?? '');
  }, [query.q]);

  useEffect(() => void (document.title = `${t('fleet.title')} · Tideway`), [getLang()]);
  useEffect(
    () => () => {
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    },
    [],
  );

  useEffect(() => {
    const abort = new AbortController();
    const { tenantId, status, q } = query;
    api.hosts({ tenantId, status, q, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }, abort.signal).then(
      (page) => {
        setError(null);
        const lastPage = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
        setCounts(page.counts);
        if (query.page > lastPage) go({ ...query, page: lastPage });
        else setHosts(page);
      },
      (cause) => (cause as Error).name === 'AbortError' || setError(cause),
    );
    return () => abort.abort();
  }, [query.tenantId, query.status, query.q, query.page, refresh]);

  useLive(
    (message) => {
      if (message.type !== 'hosts') return;
      const changed = new Map(message.items.map((item) => [item.id, item]));
      setHosts((current) => current && { ...current, items: current.items.map((row) => changed.get(row.id) ?? row) });
      refreshTimer.current ??= setTimeout(() => {
        refreshTimer.current = null;
        setRefresh((n) => n + 1);
      }, REFRESH_EVERY_MS);
    },
    () => setRefresh((n) => n + 1),
  );

  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section class="fleet-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('fleet.title')}
        </h1>
        {canEnroll(session.user.role) && tenants.length > 0 && (
          <button type="button" class="add-host" onClick={() => setEnrolling(true)}>
            {t('enroll.open')}
          </button>
        )}
      </header>
      <StatusFilter query={query} counts={counts} />
      <form class="filters" aria-label={t('fleet.filters')} onSubmit={(event) => (event.preventDefault(), go({ ...query, q: search.trim() || undefined, page: 1 }))}>
        {ops && (
          <label>
            {t('fleet.tenant')}
            <select value={query.tenantId ?? ''} onChange={(event) => go({ ...query, tenantId: event.currentTarget.value || undefined, page: 1 }, false)}>
              <option value="">{t('fleet.allTenants')}</option>
              <TenantOptions tenants={tenants} />
            </select>
          </label>
        )}
        <label>
          {t('fleet.search')}
          <input type="search" value={search} placeholder={t('fleet.searchPlaceholder')} onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
      </form>
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      {hosts === null && error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {hosts !== null && hosts.total === 0 && <p class="empty">{query.q || query.status || query.tenantId ? t('fleet.noMatch') : t('fleet.empty')}</p>}
      {hosts !== null && hosts.total > 0 && (
        <>
          <HostTable hosts={hosts.items} session={session} showTenant={ops} now={now} />
          <Pager page={query.page} pageSize={PAGE_SIZE} total={hosts.total} onPage={(page) => go({ ...query, page }, false)} />
        </>
      )}
      {enrolling && <EnrollDialog tenants={tenants} defaultTenantId={query.tenantId ?? session.user.tenantId ?? tenants[0]?.id} onClose={() => setEnrolling(false)} />}
    </section>
  );
}
