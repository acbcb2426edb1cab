/**
 * A host's patch history: each rollout that sent it a plan, the version before and after,
 * when it ran and how it ended. Fetched again when a rollout moves, so a run under way
 * shows its outcome as it comes.
 */
import { errorText } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { useLive, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import { rolloutApi } from '../rollout-api.ts';
import { rolloutHref } from '../rollout-routes.ts';
import type { PatchRun } from '../rollout-types.ts';
import { HostStateBadge, PlanReason } from './rollout-badges.tsx';
import { TableHead } from './table-head.tsx';

const PLACEHOLDER = '–';

function Row({ run, timeZone }: { run: PatchRun; timeZone?: string }) {
  const lang = getLang();
  const when = (iso: string | null) => (iso === null ? PLACEHOLDER : <time dateTime={iso}>{formatDateTime(Date.parse(iso), lang, timeZone)}</time>);
  return (
    <tr data-rollout-id={run.rolloutId} data-outcome={run.outcome}>
      <th scope="row">
        <a href={rolloutHref(run.rolloutId)}>{run.releaseVersion}</a>
      </th>
      <td data-versions>
        {run.versionBefore ?? PLACEHOLDER} → {run.versionAfter ?? PLACEHOLDER}
      </td>
      <td>{when(run.startedAt)}</td>
      <td>{when(run.endedAt)}</td>
      <td>
        <HostStateBadge state={run.outcome} />
      </td>
      <td class="message">
        <PlanReason reason={run.reason} />
      </td>
    </tr>
  );
}

/** The patch history section of a host page; instants in `timeZone` (the browser's when unset). */
export function PatchHistory({ hostId, timeZone }: { hostId: string; timeZone?: string }) {
  const runs = useResource((signal) => rolloutApi.patches(hostId, signal).then((page) => page.items), [hostId]);
  useLive((message) => message.type === 'rollouts' && runs.refresh(), runs.reload);
  const columns = [rt('patches.col.release'), rt('patches.col.version'), rt('patches.col.started'), rt('patches.col.ended'), rt('patches.col.outcome'), rt('rollout.col.reason')];
  return (
    <section aria-labelledby="patches-heading">
      <h2 id="patches-heading">{rt('patches.title')}</h2>
      {runs.error !== null && <p role="alert" class="error">{errorText(runs.error)}</p>}
      {runs.data === null && runs.error === null && <p aria-busy="true">{t('common.loading')}</p>}
      {runs.data !== null && runs.data.length === 0 && <p class="muted">{rt('patches.empty')}</p>}
      {runs.data !== null && runs.data.length > 0 && (
        <div class="table-scroll">
          <table class="patches striped">
            <caption class="visually-hidden">{rt('patches.caption')}</caption>
            <TableHead columns={columns} />
            <tbody>
              {runs.data.map((run) => (
                <Row key={run.rolloutId} run={run} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
