/**
 * The maintenance periods a window keeps (pure): one per covered tenant with hosts, over
 * the window's start and end, so alerts of those hosts during the window are recorded as
 * suppressed. A window that is not going ahead keeps none.
 */
import { createHash } from 'node:crypto';
import type { MaintenancePeriod } from '../alerts/model.ts';
import type { PatchWindow } from './model.ts';

/** The stable id of the period a window keeps for one tenant. */
export function maintenanceId(windowId: string, tenantId: string): string {
  return `mnt_${createHash('sha256').update(`${windowId}|${tenantId}`).digest('base64url').slice(0, 22)}`;
}

/** The `source` of a window's periods. */
export const windowSource = (windowId: string): string => `window:${windowId}`;

/**
 * Only covered tenants with at least one host: a period listing no hosts would mean every
 * host of the tenant, which a window does not promise.
 */
export function maintenancePeriodsOf(window: PatchWindow): MaintenancePeriod[] {
  if (window.status !== 'scheduled') return [];
  return window.coverage
    .filter((c) => c.status === 'covered' && c.hostIds.length > 0)
    .map((c) => ({
      id: maintenanceId(window.id, c.tenantId),
      tenantId: c.tenantId,
      hostIds: c.hostIds,
      startsAt: window.startAt,
      endsAt: window.endAt,
      reason: `patch window ${window.trackId} on ${window.localDate}`,
      source: windowSource(window.id),
    }));
}
