/** Who is calling, as resolved from a session, an API token or an agent credential. */
import type { Role } from '../store/types.ts';

export interface Principal {
  kind: 'user' | 'api-token';
  /** User id or token id, for the audit log. */
  id: string;
  /** What the audit log shows, e.g. `user:admin` or `token:ci`. */
  actor: string;
  role: Role;
  /** Set for tenant roles: the only tenant this principal may see. */
  tenantId: string | null;
}

export const OPS_ROLES: readonly Role[] = ['ops-admin', 'ops-operator', 'ops-viewer'];
export const ALL_ROLES: readonly Role[] = [...OPS_ROLES, 'tenant-admin', 'tenant-viewer'];
export const OPS_WRITERS: readonly Role[] = ['ops-admin', 'ops-operator'];

/** True when the principal may see objects of `tenantId`. */
export function canSeeTenant(principal: Principal, tenantId: string): boolean {
  return principal.tenantId === null || principal.tenantId === tenantId;
}
