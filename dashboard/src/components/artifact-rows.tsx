/**
 * The artifacts of a release being registered: name, SHA-256 and optional URL per row, each
 * field marked when it is wrong. Where the browser allows Web Crypto, a file can be picked
 * to fill in its name and hash (the file itself stays on this machine).
 */
import { t } from '../i18n/index.ts';
import { emptyArtifact, sha256Hex, type ArtifactDraft } from '../release-drafts.ts';

export interface ArtifactRowsProps {
  artifacts: readonly ArtifactDraft[];
  /** Per row, the wrong fields (shown once the form was submitted). */
  problems: ReadonlyArray<ReadonlyArray<keyof ArtifactDraft>> | undefined;
  onChange: (artifacts: ArtifactDraft[]) => void;
}

const canHash = () => typeof crypto !== 'undefined' && crypto.subtle !== undefined;

function ArtifactRow({ index, artifact, wrong, update, remove }: {
  index: number;
  artifact: ArtifactDraft;
  wrong: ReadonlyArray<keyof ArtifactDraft>;
  update: (patch: Partial<ArtifactDraft>) => void;
  remove: () => void;
}) {
  const id = (field: string) => `artifact-${index}-${field}`;
  const fromFile = async (file: File | undefined) => {
    if (file) update({ name: artifact.name || file.name, sha256: await sha256Hex(await file.arrayBuffer()) });
  };
  return (
    <div class="artifact-row" data-artifact={index}>
      <label>
        {t('release.artifactName')}
        <input value={artifact.name} maxLength={256} aria-invalid={wrong.includes('name') || undefined} onInput={(e) => update({ name: e.currentTarget.value })} />
      </label>
      <label>
        {t('release.sha256')}
        <input
          class="mono"
          value={artifact.sha256}
          spellcheck={false}
          aria-invalid={wrong.includes('sha256') || undefined}
          aria-describedby={wrong.includes('sha256') ? id('sha-error') : undefined}
          onInput={(e) => update({ sha256: e.currentTarget.value })}
        />
        {wrong.includes('sha256') && (
          <small id={id('sha-error')} class="error">
            {t('release.sha256Invalid')}
          </small>
        )}
      </label>
      <label>
        {t('release.url')}
        <input type="url" value={artifact.url} placeholder="https://" aria-invalid={wrong.includes('url') || undefined} onInput={(e) => update({ url: e.currentTarget.value })} />
      </label>
      <div class="artifact-tools">
        {canHash() && (
          <label class="file-hash">
            {t('release.hashFile')}
            <input type="file" onChange={(e) => void fromFile(e.currentTarget.files?.[0])} />
          </label>
        )}
        <button type="button" class="secondary outline remove" aria-label={t('release.removeArtifact', { index: index + 1 })} onClick={remove}>
          {t('release.remove')}
        </button>
      </div>
    </div>
  );
}

export function ArtifactRows({ artifacts, problems, onChange }: ArtifactRowsProps) {
  const replace = (index: number, patch: Partial<ArtifactDraft>) => onChange(artifacts.map((a, i) => (i === index ? { ...a, ...patch } : a)));
  return (
    <fieldset class="artifacts">
      <legend>{t('release.artifacts')}</legend>
      {artifacts.length === 0 && <p class="muted">{t('release.noArtifacts')}</p>}
      {artifacts.map((artifact, index) => (
        <ArtifactRow
          key={index}
          index={index}
          artifact={artifact}
          wrong={problems?.[index] ?? []}
          update={(patch) => replace(index, patch)}
          remove={() => onChange(artifacts.filter((_, i) => i !== index))}
        />
      ))}
      <button type="button" class="secondary outline add-matcher" onClick={() => onChange([...artifacts, emptyArtifact()])}>
        {t('release.addArtifact')}
      </button>
    </fieldset>
  );
}
