/**
 * One host: facts, charts over 1h/6h/24h, check results, outbox gaps and patch history.
 * The page loads the range once, then follows the live socket: new samples extend the
 * charts, host summaries update the header, and after a reconnect everything is fetched again.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { OutdatedBadge, StatusBadge } from '../components/badges.tsx';
import { LazyChunk } from '../components/lazy-chunk.tsx';
import { ChecksTable } from '../components/checks-table.tsx';
import { GapsTable } from '../components/gaps-table.tsx';
import { HostCharts } from '../components/host-charts.tsx';
import { HostFacts } from '../components/host-facts.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useLive, useNow } from '../hooks.ts';
import { formatDateTime } from '../format.ts';
import { getLang, t } from '../i18n/index.ts';
import { rolloutPages } from '../lazy-pages.ts';
import type { LiveMessage } from '../live.ts';
import { RANGES, RANGE_MS, alertsHref, hostHref, type RangeKey } from '../router.ts';
import { loadSamples, type FetchSamples } from '../load-samples.ts';
import { mergePoint, mergePoints, recordPoint } from '../series.ts';
import { useSession, zoneFor } from '../session.ts';
import type { HostDetail, SamplePoint } from '../types.ts';

const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

/** Applies a live message to the host's detail; returns the same object when unaffected. */
function applyToDetail(detail: HostDetail, message: LiveMessage): HostDetail {
  if (message.type === 'hosts') {
    const summary = message.items.find((item) => item.id === detail.id);
    return summary ? { ...detail, ...summary } : detail;
  }
  if (message.type === 'sample' && message.hostId === detail.id && (!detail.latest || message.sample.at >= detail.latest.at)) {
    return { ...detail, latest: message.sample };
  }
  return detail;
}

function RangePicker({ hostId, range }: { hostId: string; range: RangeKey }) {
  const tabs = RANGES.map((key) => ({ key, href: hostHref(hostId, key), label: t(`range.${key}`), current: key === range }));
  return <LinkTabs label={t('range.label')} tabs={tabs} class="range-picker" />;
}

export function HostPage({ hostId, range }: { hostId: string; range: RangeKey }) {
  const session = useSession();
  const now = useNow(2000);
  const [detail, setDetail] = useState<HostDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [points, setPoints] = useState<SamplePoint[]>([]);
  const [clippedFromAt, setClippedFromAt] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const heading = useFocusOnChange(hostId);
  const interval = detail?.intervalSeconds ?? null;

  useEffect(() => {
    const abort = new AbortController();
    api.host(hostId, abort.signal).then(
      (host) => {
        setDetail(host);
        setError(null);
      },
      (cause) => isAbort(cause) || setError(cause),
    );
    return () => abort.abort();
  }, [hostId, reload]);

  useEffect(() => {
    if (interval === null) return;
    const abort = new AbortController();
    const fetchPage: FetchSamples = (fromAt, toAt, limit) => api.samples(hostId, fromAt, toAt, limit, abort.signal).then((page) => page.items);
    loadSamples(fetchPage, Date.now(), RANGE_MS[range], interval).then(
      (loaded) => {
        setClippedFromAt(loaded.clippedFromAt);
        setPoints((live) => mergePoints(loaded.points, live, Date.now() - RANGE_MS[range]));
      },
      (cause) => isAbort(cause) || setError(cause),
    );
    return () => abort.abort();
  }, [hostId, range, interval, reload]);

  useEffect(() => {
    session.live.watch(hostId);
    return () => session.live.watch(null);
  }, [hostId, session.live]);

  useLive(
    (message) => {
      if (message.type === 'sample' && message.hostId === hostId) {
        setPoints((current) => mergePoint(current, recordPoint(message.sample), Date.now() - RANGE_MS[range]));
      }
      setDetail((current) => (current ? applyToDetail(current, message) : current));
    },
    () => setReload((n) => n + 1),
  );

  useEffect(() => {
    if (detail) document.title = `${detail.name} · Tideway`;
  }, [detail?.name]);

  if (!detail) {
    return (
      <section>
        <a href="#/">← {t('host.back')}</a>
        <h1 ref={heading} tabIndex={-1}>
          {error ? t('host.unavailable') : t('common.loading')}
        </h1>
        {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      </section>
    );
  }

  const zone = zoneFor(session, detail.tenantId);
  const checks = detail.latest?.checks ?? [];
  const failing = checks.filter((c) => c.status !== 'ok').length;
  const toAt = Math.max(now, points.length ? points[points.length - 1].at : 0);
  return (
    <section class="host-page">
      <a href="#/">← {t('host.back')}</a>
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {detail.name}
        </h1>
        <StatusBadge status={detail.status} />
        {detail.agentOutdated && <OutdatedBadge />}
        {failing > 0 && <span class="badge check-critical">{t('host.failingChecks', { count: failing })}</span>}
        <a href={alertsHref({ hostId: detail.id })} class="page-head-link">
          {t('host.alerts')}
        </a>
      </header>
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      <HostFacts host={detail} tenant={session.tenants.get(detail.tenantId)} now={now} timeZone={zone} />

      <section aria-labelledby="charts-heading">
        <div class="section-head">
          <h2 id="charts-heading">{t('host.charts')}</h2>
          <RangePicker hostId={hostId} range={range} />
        </div>
        {clippedFromAt !== null && <p class="muted">{t('host.clipped', { at: formatDateTime(clippedFromAt, getLang(), zone) })}</p>}
        <HostCharts points={points} intervalSeconds={detail.intervalSeconds} fromAt={toAt - RANGE_MS[range]} toAt={toAt} timeZone={zone} />
      </section>

      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">{t('host.checks')}</h2>
        <ChecksTable checks={checks} />
      </section>

      <section aria-labelledby="gaps-heading">
        <h2 id="gaps-heading">{t('host.gaps')}</h2>
        <GapsTable gaps={detail.gaps} timeZone={zone} />
      </section>

      <LazyChunk load={rolloutPages} render={(pages) => <pages.PatchHistory hostId={hostId} timeZone={zone} />} />
    </section>
  );
}
