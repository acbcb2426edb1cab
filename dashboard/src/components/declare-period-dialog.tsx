/**
 * Declares a critical period for a tenant: kind, title, a local start and end in the
 * tenant's zone, the hosts or products it covers (none: every host), the contacts to notify
 * and notes. The form is checked before sending; a refusal shows what the server named.
 */
import { useState } from 'preact/hooks';
import { declareRequest, productsOf, refusalProblem, type DeclareForm, type FormProblem } from '../critical-period.ts';
import { criticalApi } from '../critical-api.ts';
import { CRITICAL_KINDS, type CriticalPeriodKind } from '../critical-types.ts';
import { errorText } from '../errors.ts';
import { useAction } from '../hooks.ts';
import { ct } from '../i18n/critical-text.ts';
import { t } from '../i18n/index.ts';
import type { Contact } from '../schedule-types.ts';
import type { HostSummary } from '../types.ts';
import { instantToWallTime } from '../zoned-time.ts';
import { CheckList } from './check-list.tsx';
import { Modal } from './modal.tsx';

export interface DeclarePeriodDialogProps {
  tenantId: string;
  zone: string;
  hosts: readonly HostSummary[];
  contacts: readonly Contact[];
  now: number;
  onDeclared: () => void;
  onClose: () => void;
}

const DAY_MS = 86_400_000;

/** A problem as one alert line: the form's own, or the server's refusal (by its rule, else by its code). */
function Problem({ problem, error }: { problem: FormProblem | null; error: unknown }) {
  const shown = problem ?? refusalProblem(error);
  if (!shown && error === null) return null;
  return (
    <p role="alert" class="error" data-code={shown ? undefined : ((error as { code?: string }).code ?? 'UNKNOWN')}>
      {shown ? ct(shown.key, shown.params) : errorText(error)}
    </p>
  );
}

export function DeclarePeriodDialog({ tenantId, zone, hosts, contacts, now, onDeclared, onClose }: DeclarePeriodDialogProps) {
  const [form, setForm] = useState<DeclareForm>(() => ({
    tenantId,
    kind: 'closing',
    title: '',
    start: instantToWallTime(now, zone),
    end: instantToWallTime(now + DAY_MS, zone),
    hostIds: [],
    products: [],
    contactIds: [],
    notes: '',
  }));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const { busy, error, run } = useAction();
  const set = (patch: Partial<DeclareForm>) => setForm({ ...form, ...patch });
  const products = productsOf(hosts);
  const submit = (event: Event) => {
    event.preventDefault();
    const checked = declareRequest(form, zone);
    setProblem('problem' in checked ? checked.problem : null);
    if ('problem' in checked) return;
    void run(async () => {
      await criticalApi.create(checked.body);
      onDeclared();
      onClose();
    });
  };
  return (
    <Modal id="declare-period" title={ct('declare.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div class="grid">
          <label>
            {ct('declare.kind')}
            <select value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value as CriticalPeriodKind })}>
              {CRITICAL_KINDS.map((kind) => <option key={kind} value={kind}>{ct(`criticalKind.${kind}`)}</option>)}
            </select>
          </label>
          <label>
            {ct('declare.name')}
            <input required maxLength={200} value={form.title} onInput={(e) => set({ title: e.currentTarget.value })} />
          </label>
        </div>
        <div class="grid">
          <label>
            {ct('declare.start', { zone })}
            <input type="datetime-local" required value={form.start} onInput={(e) => set({ start: e.currentTarget.value })} />
          </label>
          <label>
            {ct('declare.end', { zone })}
            <input type="datetime-local" required value={form.end} onInput={(e) => set({ end: e.currentTarget.value })} />
          </label>
        </div>
        <CheckList legend={ct('declare.hosts')} hint={ct('declare.hostsHint')} options={hosts.map((h) => ({ value: h.id, label: h.name }))} chosen={form.hostIds} onChange={(hostIds) => set({ hostIds })} />
        {products.length > 0 && <CheckList legend={ct('declare.products')} options={products.map((p) => ({ value: p, label: p }))} chosen={form.products} onChange={(products) => set({ products })} />}
        <CheckList
          legend={ct('declare.contacts')}
          emptyText={ct('declare.noContacts')}
          options={contacts.map((c) => ({ value: c.id, label: c.name }))}
          chosen={form.contactIds}
          onChange={(contactIds) => set({ contactIds })}
        />
        <label>
          {ct('declare.notes')}
          <textarea rows={3} maxLength={5000} value={form.notes} onInput={(e) => set({ notes: e.currentTarget.value })} />
        </label>
        <Problem problem={problem} error={error} />
        <div class="dialog-buttons">
          <button type="button" class="secondary outline" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" aria-busy={busy} disabled={busy}>
            {ct('declare.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
