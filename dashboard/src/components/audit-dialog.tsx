/** Submits a release for its security audit (with notes), or approves or rejects the audit under way (with findings). */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { scheduleApi } from '../schedule-api.ts';
import type { Release } from '../schedule-types.ts';
import { DialogFooter, Modal } from './modal.tsx';

export type AuditMode = 'submit' | 'approve' | 'reject';

export interface AuditDialogProps {
  mode: AuditMode;
  release: Release;
  trackName: string;
  onDone: (release: Release) => void;
  onClose: () => void;
}

export function AuditDialog({ mode, release, trackName, onDone, onClose }: AuditDialogProps) {
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const auditId = release.audits.at(-1)?.id;
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const updated = mode === 'submit' ? await scheduleApi.submitAudit(release.id, text.trim()) : await scheduleApi.decideAudit(release.id, auditId ?? '', mode, text.trim());
      onDone(updated);
      onClose();
    });
  };
  const required = mode !== 'submit';
  return (
    <Modal id="audit" title={t(`audit.${mode}.title`)} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{t('audit.subject', { version: release.version, track: trackName })}</p>
        <label>
          {t(required ? 'audit.findings' : 'audit.notes')}
          <textarea rows={4} maxLength={10_000} required={required} value={text} placeholder={t(required ? 'audit.findingsPlaceholder' : 'audit.notesPlaceholder')} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <DialogFooter error={error} busy={busy} disabled={required && !text.trim()} submitLabel={t(`audit.${mode}.submit`)} onCancel={onClose} />
      </form>
    </Modal>
  );
}
