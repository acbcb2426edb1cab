/** Critical-period fixtures: a period as stored, at fixed instants. */
import type { CriticalPeriod } from '../../../control-plane/critical/model.ts';

/** Saturday 2026-03-14 00:00 in Shanghai. */
export const SAT = Date.parse('2026-03-14T00:00:00+08:00');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A period of `tenantId` over the weekend of 14-15 March 2026 (Shanghai), every host unless told. */
export function period(tenantId: string, overrides: Partial<CriticalPeriod> = {}): CriticalPeriod {
  return {
    id: 'crp_weekend',
    tenantId,
    kind: 'closing',
    title: 'Quarter closing',
    startLocal: '2026-03-14T00:00',
    endLocal: '2026-03-16T00:00',
    startsAt: SAT,
    endsAt: SAT + 2 * DAY,
    hostIds: [],
    products: [],
    contactIds: [],
    notes: null,
    createdAt: SAT - 7 * DAY,
    createdBy: 'user:ops',
    cancelledAt: null,
    cancelledBy: null,
    reportId: null,
    ...overrides,
  };
}
