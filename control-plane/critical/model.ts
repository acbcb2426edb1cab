/**
 * Critical periods: a tenant's month-end closing, tax filing, payment run and the like,
 * declared with a local date-time range in the tenant's zone. While one is active it freezes
 * the tenant's windows and rollouts and heightens its alerts (shorter deadline on `7x24`,
 * extra contacts). Its state is never stored: it follows from `now`.
 */

/** What the tenant is going through. */
export type CriticalPeriodKind = 'closing' | 'tax-filing' | 'payment' | 'reconciliation' | 'peak' | 'other';
export const CRITICAL_PERIOD_KINDS: readonly CriticalPeriodKind[] = ['closing', 'tax-filing', 'payment', 'reconciliation', 'peak', 'other'];

/** Derived from `now`: before, during, after the range, or called off. */
export type CriticalPeriodState = 'scheduled' | 'active' | 'ended' | 'cancelled';
export const CRITICAL_PERIOD_STATES: readonly CriticalPeriodState[] = ['scheduled', 'active', 'ended', 'cancelled'];

/** A declared critical period as stored. */
export interface CriticalPeriod {
  id: string;
  tenantId: string;
  kind: CriticalPeriodKind;
  title: string;
  /** `YYYY-MM-DDTHH:mm` in the tenant's zone, as declared. */
  startLocal: string;
  endLocal: string;
  /** The local range resolved to instants: [startsAt, endsAt). */
  startsAt: number;
  endsAt: number;
  /** Both empty means every host of the tenant. */
  hostIds: string[];
  products: string[];
  /** Ids of the tenant's contacts told about alerts during the period. */
  contactIds: string[];
  notes: string | null;
  createdAt: number;
  createdBy: string;
  cancelledAt: number | null;
  cancelledBy: string | null;
  /** The critical-period report, once generated. */
  reportId: string | null;
}

/** The period's state at `now`. */
export function periodState(period: Pick<CriticalPeriod, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: number): CriticalPeriodState {
  if (period.cancelledAt !== null) return 'cancelled';
  if (now < period.startsAt) return 'scheduled';
  if (now < period.endsAt) return 'active';
  return 'ended';
}

/** True when the period is declared (not cancelled) and `at` falls in its range. */
export function isActiveAt(period: Pick<CriticalPeriod, 'startsAt' | 'endsAt' | 'cancelledAt'>, at: number): boolean {
  return periodState(period, at) === 'active';
}

/** True when the period is declared and overlaps [fromAt, toAt). */
export function overlaps(period: Pick<CriticalPeriod, 'startsAt' | 'endsAt' | 'cancelledAt'>, fromAt: number, toAt: number): boolean {
  return period.cancelledAt === null && period.startsAt < toAt && fromAt < period.endsAt;
}

/** The host as coverage needs it. */
export interface CoverableHost {
  id: string;
  tenantId: string;
  product: string | null;
}

/** True when the period covers `host`: its tenant's, and listed by id or product, or nothing listed. */
export function coversHost(period: Pick<CriticalPeriod, 'tenantId' | 'hostIds' | 'products'>, host: CoverableHost): boolean {
  if (host.tenantId !== period.tenantId) return false;
  if (period.hostIds.length === 0 && period.products.length === 0) return true;
  return period.hostIds.includes(host.id) || (host.product !== null && period.products.includes(host.product));
}

/** The first of `periods` active at `at` that covers `host`, if any. */
export function coveringPeriod(periods: readonly CriticalPeriod[], host: CoverableHost, at: number): CriticalPeriod | undefined {
  return periods.find((period) => isActiveAt(period, at) && coversHost(period, host));
}
