/**
 * A tenant's calendar feeds: each feed's name, when it was made and whether it was revoked;
 * creating one shows its secret URL once (copy it then), revoking asks first.
 */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../format.ts';
import { useAction, useResource } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import type { CreatedIcsFeed, IcsFeed } from '../schedule-types.ts';
import { tenantApi } from '../tenant-api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CopyField } from './copy-field.tsx';
import { FormError } from './modal.tsx';
import { RowButton } from './row-button.tsx';
import { SettingsSection } from './settings-section.tsx';

export interface FeedsSectionProps {
  tenantId: string;
  canWrite: boolean;
  /** The zone instants show in (undefined: the browser's). */
  zone: string | undefined;
}

function CreateFeed({ tenantId, onCreated }: { tenantId: string; onCreated: (feed: CreatedIcsFeed) => void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      onCreated(await tenantApi.createFeed(tenantId, name.trim() || undefined));
      setName('');
    });
  };
  return (
    <form class="feed-create" onSubmit={submit}>
      <label>
        {t('feeds.name')}
        <input maxLength={128} value={name} placeholder={t('feeds.namePlaceholder')} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit" aria-busy={busy} disabled={busy}>
        {t('feeds.create')}
      </button>
      <FormError error={error} />
    </form>
  );
}

export function FeedsSection({ tenantId, canWrite, zone }: FeedsSectionProps) {
  const lang = getLang();
  const feeds = useResource((signal) => tenantApi.feeds(tenantId, signal).then((page) => page.items), [tenantId]);
  const [created, setCreated] = useState<CreatedIcsFeed | null>(null);
  const [revoking, setRevoking] = useState<IcsFeed | null>(null);
  const onCreated = (feed: CreatedIcsFeed) => {
    setCreated(feed);
    feeds.reload();
  };
  return (
    <SettingsSection
      name="feeds"
      title={t('feeds.title')}
      intro={t('feeds.intro')}
      error={feeds.error}
      emptyText={t('feeds.none')}
      table={{ class: 'feeds', caption: t('feeds.caption'), columns: [t('feeds.col.name'), t('feeds.col.created'), t('feeds.col.state'), canWrite && t('alerts.col.actions')] }}
      lead={
        <>
          {canWrite && <CreateFeed tenantId={tenantId} onCreated={onCreated} />}
          {created && (
            <div class="feed-created notice" data-feed-id={created.id}>
              <p>{t('feeds.created')}</p>
              <CopyField label={t('feeds.url')} value={new URL(created.path, location.origin).href} copyLabel={t('feeds.copy')} testId="feed-url" />
            </div>
          )}
        </>
      }
      rows={
        feeds.data &&
        feeds.data.map((feed) => (
          <tr key={feed.id} data-feed-id={feed.id} data-revoked={String(feed.revokedAt !== null)}>
            <th scope="row">{feed.name}</th>
            <td>{formatDateTime(Date.parse(feed.createdAt), lang, zone)}</td>
            <td>{feed.revokedAt === null ? t('feeds.active') : t('feeds.revoked', { at: formatDateTime(Date.parse(feed.revokedAt), lang, zone) })}</td>
            {canWrite && <td>{feed.revokedAt === null && <RowButton label={t('feeds.revoke')} name={t('feeds.revokeLabel', { name: feed.name })} onClick={() => setRevoking(feed)} />}</td>}
          </tr>
        ))
      }
    >
      {revoking && (
        <ConfirmDialog
          title={t('feeds.revokeTitle')}
          message={t('feeds.revokeMessage', { name: revoking.name })}
          confirmLabel={t('feeds.revoke')}
          onConfirm={async () => {
            await tenantApi.revokeFeed(revoking.id);
            if (created?.id === revoking.id) setCreated(null);
            feeds.reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </SettingsSection>
  );
}
