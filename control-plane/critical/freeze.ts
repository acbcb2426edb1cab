/**
 * A declared critical period is a freeze for its tenant: windows and slots overlapping it
 * do not cover the tenant, and rollouts start none of its hosts the period covers while it
 * runs. Unlike tenant freezes (whole local dates) a period is an instant range, so overlap is
 * checked on instants: a window ending when the period starts is not frozen.
 */
import type { Store } from '../store/types.ts';
import { coveringPeriod, type CriticalPeriod } from './model.ts';

/** The part of a period scheduling needs. */
export type CriticalSpan = Pick<CriticalPeriod, 'id' | 'title' | 'kind' | 'startsAt' | 'endsAt'>;

/** The reason code of a window, coverage or slot frozen by a critical period. */
export const IN_CRITICAL_PERIOD = 'IN_CRITICAL_PERIOD';

/** The tenant's declared (not cancelled) periods that end after `fromAt`. */
export function declaredSpans(store: Pick<Store, 'criticalPeriods'>, tenantId: string, fromAt: number): CriticalSpan[] {
  return store.criticalPeriods
    .list({ tenantId, fromAt })
    .filter((p) => p.cancelledAt === null)
    .map(({ id, title, kind, startsAt, endsAt }) => ({ id, title, kind, startsAt, endsAt }));
}

/** The first span overlapping [startAt, endAt), if any. */
export function criticalOverlap(spans: readonly CriticalSpan[], startAt: number, endAt: number): CriticalSpan | undefined {
  return spans.find((span) => span.startsAt < endAt && startAt < span.endsAt);
}

/** Why a window or slot is frozen by `span`, in the shape of scheduling reasons. */
export function criticalReason(span: CriticalSpan): { code: typeof IN_CRITICAL_PERIOD; message: string; detail: Record<string, unknown> } {
  return {
    code: IN_CRITICAL_PERIOD,
    message: `overlaps the tenant's critical period "${span.title}" (${new Date(span.startsAt).toISOString()} to ${new Date(span.endsAt).toISOString()})`,
    detail: { kind: 'critical-period', periodId: span.id, periodKind: span.kind, startsAt: new Date(span.startsAt).toISOString(), endsAt: new Date(span.endsAt).toISOString() },
  };
}

/** True when an active period of the host's tenant covers the host at `at` (a rollout must not start it). */
export function hostInCriticalPeriod(store: Pick<Store, 'criticalPeriods' | 'hosts'>, hostId: string, at: number): boolean {
  const host = store.hosts.get(hostId);
  return host !== undefined && coveringPeriod(store.criticalPeriods.activeFor(host.tenantId, at), host, at) !== undefined;
}
