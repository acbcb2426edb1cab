/** The `<option>`s of a tenant picker, by name. */
import type { Tenant } from '../types.ts';

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
