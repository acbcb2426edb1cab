/**
 * Rollouts, newest first, narrowed by state (and by tenant, for ops), each with its progress
 * bar. Live pushes move the bars and the states without a reload; a list an operator
 * narrowed to one tenant is fetched again instead, since pushes count every tenant's hosts.
 */
import { useEffect } from 'preact/hooks';
import { ProgressBar } from '../components/rollout-progress-bar.tsx';
import { RolloutStateBadge } from '../components/rollout-badges.tsx';
import { LinkTabs } from '../components/link-tabs.tsx';
import { TableHead } from '../components/table-head.tsx';
import { TenantFilter } from '../components/tenant-options.tsx';
import { errorText } from '../errors.ts';
import { formatDateTime, formatRelative, formatWhen } from '../format.ts';
import { useFocusOnChange, useLive, useNow, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import { rolloutApi } from '../rollout-api.ts';
import { rolloutHref, rolloutsHref, type RolloutsQuery } from '../rollout-routes.ts';
import { ROLLOUT_STATES, type RolloutSummary } from '../rollout-types.ts';
import { mergeRollouts, pushesFitList, rolloutZone } from '../rollouts.ts';
import { useSession } from '../session.ts';
import { isOpsRole } from '../types.ts';
import { browserZone } from '../zoned-time.ts';

function RolloutRow({ rollout, showTenants, now }: { rollout: RolloutSummary; showTenants: boolean; now: number }) {
  const session = useSession();
  const lang = getLang();
  const zone = rolloutZone(session, rollout.tenantIds, browserZone());
  const createdAt = Date.parse(rollout.createdAt);
  const tenantNames = rollout.tenantIds
    .map((id) => session.tenants.get(id)?.name ?? id)
    .sort((a, b) => a.localeCompare(b))
    .join(', ');
  return (
    <tr data-rollout-id={rollout.id} data-state={rollout.state}>
      <th scope="row">
        <a href={rolloutHref(rollout.id)} aria-label={rt('rollouts.open', { version: rollout.releaseVersion, track: rollout.trackId })}>
          {rollout.releaseVersion}
        </a>
        <small class="muted block">{rollout.trackId}</small>
      </th>
      <td>
        <RolloutStateBadge state={rollout.state} />
      </td>
      <td class="progress-cell">
        <ProgressBar counts={rollout.counts} label={rt('rollouts.open', { version: rollout.releaseVersion, track: rollout.trackId })} />
      </td>
      <td>
        {formatWhen(Date.parse(rollout.windowStartAt), Date.parse(rollout.windowEndAt), lang, zone)}
        <small class="muted block">{zone}</small>
      </td>
      {showTenants && <td class="message">{tenantNames}</td>}
      <td>
        <time dateTime={rollout.createdAt} title={formatDateTime(createdAt, lang, zone)}>
          {formatRelative(Math.min(createdAt, now), now, lang)}
        </time>
      </td>
    </tr>
  );
}

/** `#/rollouts`. */
export function RolloutsPage({ query }: { query: RolloutsQuery }) {
  const session = useSession();
  const lang = getLang();
  const now = useNow(10_000);
  const heading = useFocusOnChange('rollouts');
  const list = useResource((signal) => rolloutApi.rollouts(query, signal).then((page) => page.items), [query.state, query.tenantId]);
  const showTenants = isOpsRole(session.user.role);

  useEffect(() => void (document.title = `${rt('rollouts.title')} · Tideway`), [lang]);

  useLive((message) => {
    if (message.type !== 'rollouts') return;
    if (pushesFitList(query, session.user.tenantId)) list.setData((current) => current && mergeRollouts(current, message.items, query));
    else list.refresh();
  }, list.reload);

  const tabs = [undefined, ...ROLLOUT_STATES].map((state) => ({
    key: state ?? 'all',
    href: rolloutsHref({ ...query, state }),
    label: state ? rt(`rolloutState.${state}`) : rt('rollouts.all'),
    current: state === query.state,
  }));
  const rollouts = list.data;
  const columns = [rt('rollouts.col.release'), rt('rollouts.col.state'), rt('rollouts.col.progress'), rt('rollouts.col.window'), showTenants && rt('rollouts.col.tenants'), rt('rollouts.col.created')];
  return (
    <section class="rollouts-page">
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {rt('rollouts.title')}
        </h1>
        <LinkTabs label={rt('rollouts.tabs')} tabs={tabs} />
      </header>
      <TenantFilter tenantId={query.tenantId} hrefFor={(tenantId) => rolloutsHref({ ...query, tenantId })} label={rt('rollouts.filters')} />
      {list.error !== null && <p role="alert" class="error">{errorText(list.error)}</p>}
      {rollouts === null && list.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {rollouts !== null && rollouts.length === 0 && <p class="empty">{rt('rollouts.empty')}</p>}
      {rollouts !== null && rollouts.length > 0 && (
        <div class="table-scroll">
          <table class="rollouts striped">
            <caption class="visually-hidden">{rt('rollouts.caption')}</caption>
            <TableHead columns={columns} />
            <tbody>
              {rollouts.map((rollout) => (
                <RolloutRow key={rollout.id} rollout={rollout} showTenants={showTenants} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
