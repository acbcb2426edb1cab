/**
 * Hash routes of the report pages: `#/reports?tenant=ID` lists reports, `#/reports/ID` shows
 * one report's HTML page inside the dashboard.
 */
import { optionalParams, withParams } from './hash-params.ts';

/** A report page: the list (narrowed to a tenant, for ops) or one report. */
export type ReportRoute = { page: 'reports'; query: { tenantId?: string } } | { page: 'report'; reportId: string };

/** The report route at `path`, or null when the path is not one of them. */
export function parseReportRoute(path: string, params: URLSearchParams): ReportRoute | null {
  if (path === '/reports') return { page: 'reports', query: optionalParams(params, { tenantId: 'tenant' }) };
  const one = /^\/reports\/([^/]+)$/.exec(path);
  return one ? { page: 'report', reportId: decodeURIComponent(one[1]) } : null;
}

/** The hash of a report route; an unset tenant is left out. */
export function reportRouteHash(route: ReportRoute): string {
  if (route.page === 'reports') return withParams('/reports', { tenant: route.query.tenantId });
  return `#/reports/${encodeURIComponent(route.reportId)}`;
}

/** Link to the report list. */
export const reportsHref = (tenantId?: string): string => reportRouteHash({ page: 'reports', query: tenantId ? { tenantId } : {} });

/** Link to one report's page. */
export const reportHref = (reportId: string): string => reportRouteHash({ page: 'report', reportId });
