/** Registers a release of a track: version, kind, notes, the tenant it is for (if any) and its artifacts with their SHA-256. */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { draftProblems, emptyArtifact, toNewRelease, type ReleaseDraft } from '../release-drafts.ts';
import { scheduleApi } from '../schedule-api.ts';
import type { Release, Track } from '../schedule-types.ts';
import { useSession } from '../session.ts';
import { ArtifactRows } from './artifact-rows.tsx';
import { DialogFooter, Modal } from './modal.tsx';
import { TrackSelect } from './scope-filters.tsx';
import { TenantOptions } from './tenant-options.tsx';

export interface ReleaseDialogProps {
  tracks: readonly Track[];
  defaultTrackId: string | undefined;
  defaultTenantId: string | undefined;
  onCreated: (release: Release) => void;
  onClose: () => void;
}

export const RELEASE_KINDS = ['standard', 'customisation', 'hotfix'] as const;

export function ReleaseDialog({ tracks, defaultTrackId, defaultTenantId, onCreated, onClose }: ReleaseDialogProps) {
  const session = useSession();
  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  const [draft, setDraft] = useState<ReleaseDraft>({ trackId: defaultTrackId ?? '', tenantId: defaultTenantId ?? '', version: '', kind: 'standard', notes: '', artifacts: [emptyArtifact()] });
  const [checked, setChecked] = useState(false);
  const { busy, error, run } = useAction();
  const problems = draftProblems(draft);
  const shown = checked ? problems : {};
  const edit = (patch: Partial<ReleaseDraft>) => setDraft({ ...draft, ...patch });
  const submit = (event: Event) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(problems).length > 0) return;
    void run(async () => {
      onCreated(await scheduleApi.createRelease(toNewRelease(draft)));
      onClose();
    });
  };
  return (
    <Modal id="release" title={t('release.dialogTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div class="grid">
          <TrackSelect tracks={tracks} value={draft.trackId} emptyLabel={t('schedule.chooseTrack')} required invalid={shown.trackId} onChange={(trackId) => edit({ trackId })} />
          <label>
            {t('release.tenant')}
            <select value={draft.tenantId} aria-invalid={shown.tenantId} onChange={(e) => edit({ tenantId: e.currentTarget.value })}>
              <option value="">{t('release.shared')}</option>
              <TenantOptions tenants={tenants} />
            </select>
            {shown.tenantId && <small class="error">{t('release.tenantRequired')}</small>}
          </label>
        </div>
        <div class="grid">
          <label>
            {t('release.version')}
            <input required maxLength={64} value={draft.version} placeholder="2026.11.1" aria-invalid={shown.version} onInput={(e) => edit({ version: e.currentTarget.value })} />
            {shown.version && <small class="error">{t('release.versionInvalid')}</small>}
          </label>
          <label>
            {t('release.kind')}
            <select value={draft.kind} onChange={(e) => edit({ kind: e.currentTarget.value as ReleaseDraft['kind'] })}>
              {RELEASE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`releaseKind.${kind}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          {t('release.notes')}
          <textarea rows={3} maxLength={10_000} value={draft.notes} onInput={(e) => edit({ notes: e.currentTarget.value })} />
        </label>
        <ArtifactRows artifacts={draft.artifacts} problems={shown.artifacts} onChange={(artifacts) => edit({ artifacts })} />
        <DialogFooter error={error} busy={busy} submitLabel={t('release.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
