/**
 * Tenant scoping for route handlers. Anything outside the caller's tenant answers 404,
 * exactly as if it did not exist, so ids of other tenants' objects reveal nothing.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { canSeeTenant, type Principal } from '../auth/principal.ts';
import type { HostLive } from '../services/fleet-state.ts';
import type { Tenant } from '../store/types.ts';

/** The tenant filter for a list: the caller's own tenant, or what an ops caller asked for. */
export function tenantFilter(principal: Principal, requested: string | undefined): string | null {
  if (principal.tenantId === null) return requested ?? null;
  if (requested !== undefined && requested !== principal.tenantId) throw new AppError('NOT_FOUND', 'tenant not found');
  return principal.tenantId;
}

export function visibleTenant(app: FastifyInstance, principal: Principal, tenantId: string): Tenant {
  const tenant = app.store.tenants.get(tenantId);
  if (!tenant || !canSeeTenant(principal, tenant.id)) throw new AppError('NOT_FOUND', 'tenant not found');
  return tenant;
}

export function visibleHost(app: FastifyInstance, principal: Principal, hostId: string): HostLive {
  const host = app.fleet.get(hostId);
  if (!host || !canSeeTenant(principal, host.tenantId)) throw new AppError('NOT_FOUND', 'host not found');
  return host;
}
