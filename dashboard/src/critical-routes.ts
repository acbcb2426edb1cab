/**
 * Hash routes of the critical-period pages: `#/critical?tenant=ID` lists a tenant's periods
 * (ops choose the tenant), `#/critical/ID` is one period's board.
 */
import { optionalParams, withParams } from './hash-params.ts';

/** The period list (of one tenant) or one period's board. */
export type CriticalRoute = { page: 'critical-periods'; query: { tenantId?: string } } | { page: 'critical-board'; periodId: string };

/** The critical-period route at `path`, or null when the path is not one of them. */
export function parseCriticalRoute(path: string, params: URLSearchParams): CriticalRoute | null {
  if (path === '/critical') return { page: 'critical-periods', query: optionalParams(params, { tenantId: 'tenant' }) };
  const one = /^\/critical\/([^/]+)$/.exec(path);
  return one ? { page: 'critical-board', periodId: decodeURIComponent(one[1]) } : null;
}

/** The hash of a critical-period route; an unset tenant is left out. */
export function criticalRouteHash(route: CriticalRoute): string {
  if (route.page === 'critical-periods') return withParams('/critical', { tenant: route.query.tenantId });
  return `#/critical/${encodeURIComponent(route.periodId)}`;
}

/** Link to the period list. */
export const criticalPeriodsHref = (tenantId?: string): string => criticalRouteHash({ page: 'critical-periods', query: tenantId ? { tenantId } : {} });

/** Link to one period's board. */
export const criticalBoardHref = (periodId: string): string => criticalRouteHash({ page: 'critical-board', periodId });
