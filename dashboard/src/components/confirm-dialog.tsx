/** Asks before something that cannot be undone (deleting, revoking); a refusal stays in the dialog as an error. */
import { useAction } from '../hooks.ts';
import { DialogFooter, Modal } from './modal.tsx';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await onConfirm();
      onClose();
    });
  };
  return (
    <Modal id="confirm" title={title} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{message}</p>
        <DialogFooter error={error} busy={busy} submitLabel={confirmLabel} onCancel={onClose} />
      </form>
    </Modal>
  );
}
