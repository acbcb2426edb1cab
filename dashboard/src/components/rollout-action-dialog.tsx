/** Asks ops for the reason of a pause, resume or abort (it goes to the audit log), then acts. */
import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { formatCount } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang } from '../i18n/index.ts';
import { rt } from '../i18n/rollout-text.ts';
import { rolloutApi } from '../rollout-api.ts';
import { progressOf } from '../rollout-progress.ts';
import type { RolloutAction, RolloutDetail, RolloutSummary } from '../rollout-types.ts';
import { DialogFooter, Modal } from './modal.tsx';

/** The action, the rollout as shown, and what to do with the rollout the server answers. */
export interface RolloutActionDialogProps {
  action: RolloutAction;
  rollout: RolloutSummary;
  onDone: (detail: RolloutDetail) => void;
  onClose: () => void;
}

/** The refusal to show: a state that moved on since the page was drawn gets its own words, not the booking text. */
const shownError = (error: unknown): unknown =>
  error instanceof ApiError && error.code === 'INVALID_TRANSITION' ? new ApiError('ROLLOUT_MOVED_ON', error.message, error.status, error.requestId) : error;

/** The reason dialog; a refusal stays in it as an error. */
export function RolloutActionDialog({ action, rollout, onDone, onClose }: RolloutActionDialogProps) {
  const lang = getLang();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const progress = progressOf(rollout.counts);
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      onDone(await rolloutApi.act(rollout.id, action, reason.trim()));
      onClose();
    });
  };
  return (
    <Modal id="rollout-action" title={rt(`rolloutAction.${action}.title`)} onClose={onClose}>
      <form onSubmit={submit}>
        <p>{rt('rolloutAction.subject', { version: rollout.releaseVersion, done: formatCount(progress.done, lang), total: formatCount(progress.total, lang) })}</p>
        <p class="muted">{rt(`rolloutAction.${action}.hint`)}</p>
        <label>
          {rt('rolloutAction.reason')}
          <textarea rows={3} maxLength={1000} required value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
        </label>
        <DialogFooter error={shownError(error)} busy={busy} disabled={!reason.trim()} submitLabel={rt(`rolloutAction.${action}`)} onCancel={onClose} />
      </form>
    </Modal>
  );
}
