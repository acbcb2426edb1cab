/**
 * Schedules a maintenance period for a tenant: some of its hosts (none chosen means all),
 * start and end entered in the tenant's own zone, and a reason.
 */
import { useEffect, useState } from 'preact/hooks';
import { alertsApi, api, LIST_LIMIT } from '../api.ts';
import { useAction } from '../hooks.ts';
import { t } from '../i18n/index.ts';
import type { HostSummary, Tenant } from '../types.ts';
import { instantToWallTime, wallTimeToInstant } from '../zoned-time.ts';
import { DialogFooter, Modal } from './modal.tsx';
import { TenantOptions } from './tenant-options.tsx';
import { ZonedTimeField } from './zoned-time-field.tsx';

const DEFAULT_LENGTH_MS = 2 * 3_600_000;

export interface MaintenanceDialogProps {
  tenants: readonly Tenant[];
  defaultTenantId: string | undefined;
  onCreated: () => void;
  onClose: () => void;
}

/** The tenant's hosts for the picker, at most one API page of them. */
function useTenantHosts(tenantId: string): { hosts: HostSummary[]; total: number } {
  const [page, setPage] = useState<{ hosts: HostSummary[]; total: number }>({ hosts: [], total: 0 });
  useEffect(() => {
    if (!tenantId) return;
    const abort = new AbortController();
    api.hosts({ tenantId, limit: LIST_LIMIT, offset: 0 }, abort.signal).then(
      (result) => setPage({ hosts: result.items, total: result.total }),
      () => setPage({ hosts: [], total: 0 }),
    );
    return () => abort.abort();
  }, [tenantId]);
  return page;
}

export function MaintenanceDialog({ tenants, defaultTenantId, onCreated, onClose }: MaintenanceDialogProps) {
  const [tenantId, setTenantId] = useState(defaultTenantId ?? tenants[0]?.id ?? '');
  const zone = tenants.find((tenant) => tenant.id === tenantId)?.timeZone ?? 'UTC';
  const [startsAt, setStartsAt] = useState(() => instantToWallTime(Date.now(), zone));
  const [endsAt, setEndsAt] = useState(() => instantToWallTime(Date.now() + DEFAULT_LENGTH_MS, zone));
  const [hostIds, setHostIds] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const { hosts, total } = useTenantHosts(tenantId);
  const { busy, error, run } = useAction();

  const startAt = wallTimeToInstant(startsAt, zone);
  const endAt = wallTimeToInstant(endsAt, zone);
  const timesValid = startAt !== null && endAt !== null && endAt > startAt && endAt > Date.now();

  const chooseTenant = (id: string) => {
    setTenantId(id);
    setHostIds([]);
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (!timesValid) return;
    void run(async () => {
      await alertsApi.createMaintenance({ tenantId, hostIds, startsAt: new Date(startAt).toISOString(), endsAt: new Date(endAt).toISOString(), reason: reason.trim() });
      onCreated();
      onClose();
    });
  };

  return (
    <Modal id="maintenance" title={t('maintenance.dialogTitle')} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          {t('maintenance.tenant')}
          <select required value={tenantId} onChange={(event) => chooseTenant(event.currentTarget.value)} disabled={tenants.length < 2}>
            <TenantOptions tenants={tenants} />
          </select>
        </label>
        <label>
          {t('maintenance.hosts')}
          <select
            multiple
            size={Math.min(6, Math.max(2, hosts.length))}
            aria-describedby="maintenance-hosts-hint"
            onChange={(event) => setHostIds([...event.currentTarget.selectedOptions].map((option) => option.value))}
          >
            {hosts.map((host) => (
              <option key={host.id} value={host.id} selected={hostIds.includes(host.id)}>
                {host.name}
              </option>
            ))}
          </select>
          <small id="maintenance-hosts-hint">
            {t('maintenance.hostsHint')} {total > hosts.length && t('maintenance.hostsTruncated', { count: hosts.length })}
          </small>
        </label>
        <div class="grid">
          <ZonedTimeField labelKey="maintenance.starts" zone={zone} value={startsAt} onInput={setStartsAt} invalid={!timesValid} describedBy="maintenance-times" />
          <ZonedTimeField labelKey="maintenance.ends" zone={zone} value={endsAt} onInput={setEndsAt} invalid={!timesValid} describedBy="maintenance-times" />
        </div>
        {!timesValid && (
          <p id="maintenance-times" class="error">
            {t('maintenance.timesInvalid')}
          </p>
        )}
        <label>
          {t('maintenance.reason')}
          <input required maxLength={500} value={reason} placeholder={t('maintenance.reasonPlaceholder')} onInput={(event) => setReason(event.currentTarget.value)} />
        </label>
        <DialogFooter error={error} busy={busy} disabled={!timesValid} submitLabel={t('maintenance.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
