/**
 * Issues an enrolment token for a tenant and shows the one command an operator runs on
 * the new host. The token is shown once; closing the dialog forgets it.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { getLang, t } from '../i18n/index.ts';
import { useSession, zoneFor } from '../session.ts';
import type { EnrollmentToken, Tenant } from '../types.ts';
import { FormError, Modal } from './modal.tsx';
import { TenantOptions } from './tenant-options.tsx';
import { CopyField } from './copy-field.tsx';

export interface EnrollDialogProps {
  tenants: readonly Tenant[];
  defaultTenantId: string | undefined;
  onClose: () => void;
}

/** The command that enrols an agent against this control plane. */
export const enrollCommand = (origin: string, token: string): string => `tideway-agent enroll --server ${origin} --token ${token}`;

function CommandBox({ created }: { created: EnrollmentToken }) {
  const session = useSession();
  return (
    <>
      <CopyField label={t('enroll.command')} value={enrollCommand(location.origin, created.token)} copyLabel={t('enroll.copy')} rows={3} />
      <p class="muted">{t('enroll.expires', { at: formatDateTime(Date.parse(created.expiresAt), getLang(), zoneFor(session, created.tenantId)), uses: created.maxUses })}</p>
    </>
  );
}

export function EnrollDialog({ tenants, defaultTenantId, onClose }: EnrollDialogProps) {
  const [tenantId, setTenantId] = useState(defaultTenantId ?? '');
  const [maxUses, setMaxUses] = useState('1');
  const [hours, setHours] = useState('24');
  const [product, setProduct] = useState('');
  const [created, setCreated] = useState<EnrollmentToken | null>(null);
  const { busy, error, run } = useAction();

  const submit = (event: Event) => {
    event.preventDefault();
    const body = { maxUses: Number(maxUses), expiresInHours: Number(hours), ...(product.trim() ? { product: product.trim() } : {}) };
    void run(async () => setCreated(await api.createEnrollmentToken(tenantId, body)));
  };

  return (
    <Modal id="enroll" title={t('enroll.title')} onClose={onClose}>
      {created ? (
        <CommandBox created={created} />
      ) : (
        <form onSubmit={submit}>
          <label>
            {t('enroll.tenant')}
            <select required value={tenantId} onChange={(event) => setTenantId(event.currentTarget.value)} disabled={tenants.length < 2}>
              <TenantOptions tenants={tenants} />
            </select>
          </label>
          <div class="grid">
            <label>
              {t('enroll.maxUses')}
              <input type="number" min={1} max={100000} step={1} required value={maxUses} onInput={(event) => setMaxUses(event.currentTarget.value)} />
            </label>
            <label>
              {t('enroll.expiresInHours')}
              <input type="number" min={1} max={2160} step={1} required value={hours} onInput={(event) => setHours(event.currentTarget.value)} />
            </label>
          </div>
          <label>
            {t('enroll.product')}
            <input type="text" maxLength={64} value={product} placeholder={t('enroll.productPlaceholder')} onInput={(event) => setProduct(event.currentTarget.value)} />
          </label>
          <FormError error={error} />
          <button type="submit" aria-busy={busy} disabled={busy}>
            {t('enroll.create')}
          </button>
        </form>
      )}
    </Modal>
  );
}
