/**
 * Which tracks a tenant follows, and how it runs each product (public multi-tenant or
 * single-tenant for catalog tracks, private for its own). Saving replaces the whole list;
 * hosts chosen for a subscription through the API are kept.
 */
import { useState } from 'preact/hooks';
import { errorText } from '../errors.ts';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { useTracks } from '../schedule-hooks.ts';
import type { DeploymentKind, Track } from '../schedule-types.ts';
import { tenantApi } from '../tenant-api.ts';
import { FormError } from './modal.tsx';
import { TableHead } from './table-head.tsx';
import { cadenceText } from './track-facts.tsx';

/** Deployment kinds a subscription to `track` may name; the first is the default. */
export function deploymentKinds(track: Pick<Track, 'ownerTenantId' | 'bookable'>): DeploymentKind[] {
  if (track.ownerTenantId !== null) return ['private'];
  return track.bookable ? ['public-single-tenant', 'public-multi-tenant'] : ['public-multi-tenant', 'public-single-tenant'];
}

export function SubscriptionsSection({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }) {
  const { tracks, error, reload } = useTracks(tenantId);
  const [draft, setDraft] = useState<Map<string, DeploymentKind> | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error: saveError, run } = useAction();
  const shown = draft ?? new Map(tracks.flatMap((track) => (track.subscription ? [[track.id, track.subscription.deploymentKind as DeploymentKind] as const] : [])));
  const change = (trackId: string, kind: DeploymentKind | null) => {
    const next = new Map(shown);
    if (kind) next.set(trackId, kind);
    else next.delete(trackId);
    setDraft(next);
    setSaved(false);
  };
  const save = () =>
    void run(async () => {
      const items = [...shown].map(([trackId, deploymentKind]) => ({ trackId, deploymentKind, hostIds: tracks.find((tr) => tr.id === trackId)?.subscription?.hostIds ?? null }));
      await tenantApi.replaceSubscriptions(tenantId, items);
      setDraft(null);
      setSaved(true);
      reload();
    });
  return (
    <section aria-labelledby="subscriptions-heading" class="settings-section">
      <div class="section-head">
        <h2 id="subscriptions-heading">{t('subscriptions.title')}</h2>
        {canWrite && (
          <button type="button" class="section-action" disabled={draft === null || busy} aria-busy={busy} onClick={save}>
            {t('subscriptions.save')}
          </button>
        )}
      </div>
      <p class="muted">{t('subscriptions.intro')}</p>
      {error !== null && <p role="alert" class="error">{errorText(error)}</p>}
      <FormError error={saveError} />
      <p role="status" class="notice-line">{saved ? t('subscriptions.saved') : ''}</p>
      <div class="table-scroll">
        <table class="subscriptions striped">
          <caption class="visually-hidden">{t('subscriptions.caption')}</caption>
          <TableHead columns={[t('subscriptions.col.track'), t('subscriptions.col.runs'), t('subscriptions.col.deployment')]} />
          <tbody>
            {tracks.map((track) => {
              const kind = shown.get(track.id);
              return (
                <tr key={track.id} data-track={track.id}>
                  <th scope="row" class="message">
                    <label class="check-label">
                      <input type="checkbox" checked={kind !== undefined} disabled={!canWrite} onChange={(e) => change(track.id, e.currentTarget.checked ? deploymentKinds(track)[0] : null)} />
                      {track.name}
                    </label>
                    <small class="sub-line muted">{track.id}</small>
                  </th>
                  <td>{cadenceText(track)}</td>
                  <td>
                    {kind === undefined ? (
                      <span class="muted">{t('subscriptions.notFollowed')}</span>
                    ) : (
                      <select aria-label={t('subscriptions.deploymentOf', { track: track.name })} value={kind} disabled={!canWrite} onChange={(e) => change(track.id, e.currentTarget.value as DeploymentKind)}>
                        {deploymentKinds(track).map((k) => (
                          <option key={k} value={k}>
                            {t(`deployment.${k}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
