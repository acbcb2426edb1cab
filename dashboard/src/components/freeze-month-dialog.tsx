/** Edits one month of a tax-filing freeze: other days that month, no freeze that month, or back to the default. */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import type { Freeze } from '../schedule-types.ts';
import { tenantApi, type FreezeMonthEdit } from '../tenant-api.ts';
import { DialogFooter, Modal } from './modal.tsx';

type Choice = 'days' | 'off' | 'reset';
const CHOICES: readonly Choice[] = ['days', 'off', 'reset'];

export interface FreezeMonthDialogProps {
  tenantId: string;
  freeze: Freeze;
  /** `YYYY-MM` offered first (next month). */
  defaultMonth: string;
  onSaved: () => void;
  onClose: () => void;
}

export function FreezeMonthDialog({ tenantId, freeze, defaultMonth, onSaved, onClose }: FreezeMonthDialogProps) {
  const [month, setMonth] = useState(defaultMonth);
  const [choice, setChoice] = useState<Choice>('days');
  const [fromDay, setFromDay] = useState(String(freeze.params.fromDay ?? 1));
  const [toDay, setToDay] = useState(String(freeze.params.toDay ?? 15));
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const edit: FreezeMonthEdit = choice === 'days' ? { fromDay: Number(fromDay), toDay: Number(toDay) } : choice === 'off' ? { off: true } : { reset: true };
    void run(async () => {
      await tenantApi.editFreezeMonth(tenantId, freeze.id, month, edit);
      onSaved();
      onClose();
    });
  };
  return (
    <Modal id="freeze-month" title={t('freezeMonth.title', { label: freeze.label })} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          {t('freezeMonth.month')}
          <input type="month" required value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
        </label>
        <fieldset class="durations">
          <legend>{t('freezeMonth.choice')}</legend>
          {CHOICES.map((c) => (
            <label key={c}>
              <input type="radio" name="freeze-month-choice" checked={choice === c} onChange={() => setChoice(c)} />
              {t(`freezeMonth.${c}`)}
            </label>
          ))}
        </fieldset>
        {choice === 'days' && (
          <div class="grid">
            <label>
              {t('freeze.fromDay')}
              <input type="number" required min={1} max={31} value={fromDay} onInput={(e) => setFromDay(e.currentTarget.value)} />
            </label>
            <label>
              {t('freeze.toDay')}
              <input type="number" required min={1} max={31} value={toDay} onInput={(e) => setToDay(e.currentTarget.value)} />
            </label>
          </div>
        )}
        <DialogFooter error={error} busy={busy} disabled={!/^\d{4}-\d{2}$/.test(month)} submitLabel={t('freezeMonth.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
