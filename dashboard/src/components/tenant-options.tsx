/** The `<option>`s of a tenant picker, by name, and the tenant filter of list pages. */
import { t } from '../i18n/index.ts';
import { navigate } from '../navigate.ts';
import { useSession } from '../session.ts';
import { isOpsRole, type Tenant } from '../types.ts';

export function TenantOptions({ tenants }: { tenants: readonly Tenant[] }) {
  return (
    <>
      {tenants.map((tenant) => (
        <option key={tenant.id} value={tenant.id}>
          {tenant.name}
        </option>
      ))}
    </>
  );
}

/** The tenant filter of a list page, for ops roles only: tenant users see their own tenant anyway. */
export function TenantFilter({ tenantId, hrefFor, label }: { tenantId: string | undefined; hrefFor: (tenantId: string | undefined) => string; label: string }) {
  const session = useSession();
  if (!isOpsRole(session.user.role)) return null;
  const tenants = [...session.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form class="filters" aria-label={label} onSubmit={(event) => event.preventDefault()}>
      <label>
        {t('fleet.tenant')}
        <select value={tenantId ?? ''} onChange={(event) => navigate(hrefFor(event.currentTarget.value || undefined))}>
          <option value="">{t('fleet.allTenants')}</option>
          <TenantOptions tenants={tenants} />
        </select>
      </label>
    </form>
  );
}
