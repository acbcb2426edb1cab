/** Asks for an optional comment, then acknowledges an alert or an incident. */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { DialogFooter, Modal } from './modal.tsx';

export interface AcknowledgeDialogProps {
  title: string;
  /** What is being acknowledged, shown above the comment. */
  subject: string;
  /** Sends the acknowledgement; a rejection stays in the dialog as an error. */
  onAcknowledge: (comment: string) => Promise<void>;
  onClose: () => void;
}

export function AcknowledgeDialog({ title, subject, onAcknowledge, onClose }: AcknowledgeDialogProps) {
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await onAcknowledge(comment.trim());
      onClose();
    });
  };
  return (
    <Modal id="acknowledge" title={title} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{subject}</p>
        <label>
          {t('ack.comment')}
          <textarea rows={3} maxLength={1000} value={comment} placeholder={t('ack.commentPlaceholder')} onInput={(event) => setComment(event.currentTarget.value)} />
        </label>
        <DialogFooter error={error} busy={busy} submitLabel={t('ack.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
