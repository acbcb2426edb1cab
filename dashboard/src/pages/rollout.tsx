/**
 * One rollout: its facts, a progress bar for the whole and one per wave, and its hosts.
 * A live push about this rollout moves the bars at once and fetches the hosts again. Ops
 * writers pause, resume or abort it with a reason; tenant users see their own hosts' part.
 */
import { useEffect, useState } from 'preact/hooks';
import { Pager } from '../components/pager.tsx';
import { RolloutActionDialog } from '../components/rollout-action-dialog.tsx';
import { RolloutStateBadge } from '../components/rollout-badges.tsx';
import { RolloutFacts, RolloutNotes } from '../components/rollout-facts.tsx';
import { RolloutHostsTable, waveLabel } from '../components/rollout-hosts-table.tsx';
import { ProgressBar } from '../components/rollout-progress-bar.tsx';
import { errorText } from '../errors.ts';
import { useFocusOnChange, useLive, useNow, useResource } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import { navigate } from '../navigate.ts';
import { rolloutApi } from '../rollout-api.ts';
import { rolloutHref, rolloutsHref, type RolloutQuery } from '../rollout-routes.ts';
import { HOST_STATES, actionsFor, canRunRollouts, type RolloutAction, type RolloutDetail, type Wave } from '../rollout-types.ts';
import { applyPush, hasCanary, rolloutZone } from '../rollouts.ts';
import { useSession } from '../session.ts';
import { isOpsRole } from '../types.ts';
import { browserZone } from '../zoned-time.ts';

/** Host rows drawn at once; a rollout may cover thousands of hosts. */
const HOSTS_PER_PAGE = 100;

function Waves({ waves, canary }: { waves: readonly Wave[]; canary: boolean }) {
  return (
    <ol class="waves">
      {waves.map((wave) => (
        <li key={wave.index} data-wave={wave.index} data-kind={wave.kind}>
          <span class="wave-name">{waveLabel(wave.index, canary)}</span>
          <ProgressBar counts={wave.counts} label={waveLabel(wave.index, canary)} />
        </li>
      ))}
    </ol>
  );
}

function Hosts({ detail, query, now }: { detail: RolloutDetail; query: RolloutQuery; now: number }) {
  const session = useSession();
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [query.hostState]);
  const hosts = query.hostState ? detail.hosts.filter((host) => host.state === query.hostState) : detail.hosts;
  const shown = hosts.slice((page - 1) * HOSTS_PER_PAGE, page * HOSTS_PER_PAGE);
  return (
    <section aria-labelledby="rollout-hosts-heading">
      <div class="section-head">
        <h2 id="rollout-hosts-heading">{rt('rollout.hosts')}</h2>
        <form class="filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            {rt('rollout.hostFilter')}
            <select value={query.hostState ?? ''} onChange={(event) => navigate(rolloutHref(query.rolloutId, (event.currentTarget.value || undefined) as RolloutQuery['hostState']), { replace: true })}>
              <option value="">{rt('rollout.allHosts')}</option>
              {HOST_STATES.map((state) => (
                <option key={state} value={state}>
                  {rt(`hostState.${state}`)}
                </option>
              ))}
            </select>
          </label>
        </form>
      </div>
      {hosts.length === 0 ? (
        <p class="empty">{rt('rollout.noHosts')}</p>
      ) : (
        <RolloutHostsTable hosts={shown} canary={hasCanary(detail.rollout.options)} showTenant={isOpsRole(session.user.role)} now={now} />
      )}
      {hosts.length > HOSTS_PER_PAGE && <Pager page={page} pageSize={HOSTS_PER_PAGE} total={hosts.length} onPage={setPage} />}
    </section>
  );
}

/** `#/rollouts/ID`. */
export function RolloutDetailPage({ query }: { query: RolloutQuery }) {
  const session = useSession();
  const now = useNow(5000);
  const heading = useFocusOnChange(query.rolloutId);
  const [acting, setActing] = useState<RolloutAction | null>(null);
  const detail = useResource((signal) => rolloutApi.rollout(query.rolloutId, signal), [query.rolloutId]);

  useLive((message) => {
    if (message.type !== 'rollouts' || !message.items.some((item) => item.id === query.rolloutId)) return;
    detail.setData((current) => current && applyPush(current, message.items));
    detail.refresh();
  }, detail.reload);

  const data = detail.data;
  useEffect(() => {
    if (data) document.title = `${rt('rollout.title', { version: data.rollout.releaseVersion })} · Tideway`;
  }, [data?.rollout.releaseVersion]);

  if (!data) {
    return (
      <section>
        <a href={rolloutsHref()}>← {rt('rollout.back')}</a>
        <h1 ref={heading} tabIndex={-1}>
          {detail.error ? rt('rollout.unavailable') : t('common.loading')}
        </h1>
        {detail.error !== null && <p role="alert" class="error">{errorText(detail.error)}</p>}
      </section>
    );
  }

  const { rollout } = data;
  const zone = rolloutZone(session, rollout.tenantIds, browserZone());
  const actions = canRunRollouts(session.user.role) ? actionsFor(rollout.state) : [];
  const canary = hasCanary(rollout.options);
  return (
    <section class="rollout-page" data-rollout-id={rollout.id}>
      <a href={rolloutsHref()}>← {rt('rollout.back')}</a>
      <header class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {rt('rollout.title', { version: rollout.releaseVersion })}
        </h1>
        <RolloutStateBadge state={rollout.state} />
        {actions.length > 0 && (
          <div class="rollout-actions" role="group" aria-label={rt('rollout.actions')}>
            {actions.map((action) => (
              <button key={action} type="button" class={action === 'abort' ? 'secondary' : ''} onClick={() => setActing(action)}>
                {rt(`rolloutAction.${action}`)}
              </button>
            ))}
          </div>
        )}
      </header>
      {detail.error !== null && <p role="alert" class="error">{errorText(detail.error)}</p>}
      <RolloutNotes rollout={rollout} zone={zone} />
      <ProgressBar counts={rollout.counts} label={rt('rollout.title', { version: rollout.releaseVersion })} legend />
      <RolloutFacts rollout={rollout} zone={zone} />
      <section aria-labelledby="rollout-waves-heading">
        <h2 id="rollout-waves-heading">{rt('rollout.waves')}</h2>
        <Waves waves={data.waves} canary={canary} />
      </section>
      <Hosts detail={data} query={query} now={now} />
      {acting && <RolloutActionDialog action={acting} rollout={rollout} onDone={(updated) => detail.setData(() => updated)} onClose={() => setActing(null)} />}
    </section>
  );
}
