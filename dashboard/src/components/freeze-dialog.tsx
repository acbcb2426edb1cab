/** Adds a freeze: month-end closing, tax filing, year-end (each with editable defaults) or a custom date range with its label. */
import { useState } from 'preact/hooks';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import { FREEZE_KINDS, type FreezeKind } from '../schedule-types.ts';
import { tenantApi, type NewFreeze } from '../tenant-api.ts';
import { DialogFooter, Modal } from './modal.tsx';

const DEFAULTS = { lastDays: '2', firstDays: '3', fromDay: '1', toDay: '15', yearFrom: '12-25', yearTo: '01-05', from: '', to: '' };
type Fields = typeof DEFAULTS;

/** The API body of the dialog's fields. */
export function newFreezeOf(kind: FreezeKind, label: string, f: Fields): NewFreeze {
  const named = label.trim() ? { label: label.trim() } : {};
  if (kind === 'month-end') return { kind, ...named, lastDays: Number(f.lastDays), firstDays: Number(f.firstDays) };
  if (kind === 'tax-filing') return { kind, ...named, fromDay: Number(f.fromDay), toDay: Number(f.toDay) };
  if (kind === 'year-end') return { kind, ...named, from: f.yearFrom, to: f.yearTo };
  return { kind, label: label.trim(), from: f.from, to: f.to };
}

function NumberField({ label, value, min, max, onInput }: { label: string; value: string; min: number; max: number; onInput: (value: string) => void }) {
  return (
    <label>
      {label}
      <input type="number" required min={min} max={max} step={1} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

function KindFields({ kind, fields, set }: { kind: FreezeKind; fields: Fields; set: (patch: Partial<Fields>) => void }) {
  if (kind === 'month-end') {
    return (
      <div class="grid">
        <NumberField label={t('freeze.lastDays')} value={fields.lastDays} min={0} max={15} onInput={(lastDays) => set({ lastDays })} />
        <NumberField label={t('freeze.firstDays')} value={fields.firstDays} min={0} max={15} onInput={(firstDays) => set({ firstDays })} />
      </div>
    );
  }
  if (kind === 'tax-filing') {
    return (
      <div class="grid">
        <NumberField label={t('freeze.fromDay')} value={fields.fromDay} min={1} max={31} onInput={(fromDay) => set({ fromDay })} />
        <NumberField label={t('freeze.toDay')} value={fields.toDay} min={1} max={31} onInput={(toDay) => set({ toDay })} />
      </div>
    );
  }
  const [fromKey, toKey, type, pattern] = kind === 'year-end' ? (['yearFrom', 'yearTo', 'text', '(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'] as const) : (['from', 'to', 'date', undefined] as const);
  return (
    <div class="grid">
      <label>
        {t(kind === 'year-end' ? 'freeze.fromMonthDay' : 'freeze.fromDate')}
        <input type={type} required pattern={pattern} value={fields[fromKey]} onInput={(e) => set({ [fromKey]: e.currentTarget.value })} />
      </label>
      <label>
        {t(kind === 'year-end' ? 'freeze.toMonthDay' : 'freeze.toDate')}
        <input type={type} required pattern={pattern} value={fields[toKey]} onInput={(e) => set({ [toKey]: e.currentTarget.value })} />
      </label>
    </div>
  );
}

export function FreezeDialog({ tenantId, onCreated, onClose }: { tenantId: string; onCreated: () => void; onClose: () => void }) {
  const [kind, setKind] = useState<FreezeKind>('month-end');
  const [label, setLabel] = useState('');
  const [fields, setFields] = useState(DEFAULTS);
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await tenantApi.createFreeze(tenantId, newFreezeOf(kind, label, fields));
      onCreated();
      onClose();
    });
  };
  return (
    <Modal id="freeze" title={t('freeze.dialogTitle')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          {t('freeze.kind')}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as FreezeKind)}>
            {FREEZE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`freezeKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(kind === 'custom' ? 'freeze.label' : 'freeze.labelOptional')}
          <input required={kind === 'custom'} maxLength={200} value={label} placeholder={t(`freezeKind.${kind}`)} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <KindFields kind={kind} fields={fields} set={(patch) => setFields({ ...fields, ...patch })} />
        <DialogFooter error={error} busy={busy} submitLabel={t('freeze.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
