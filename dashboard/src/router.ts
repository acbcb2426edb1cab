/**
 * Hash routes (the control plane serves files only, with no fallback to index.html):
 * `#/?tenant=ID&status=up&q=text&page=2` is the fleet list, `#/hosts/ID?range=6h` a host,
 * `#/alerts?state=pending&tenant=ID&host=ID` the alerts, `#/incidents?show=closed` incidents;
 * the scheduling pages' routes are in `schedule-routes.ts`, the rollout pages' in `rollout-routes.ts`, the report pages' in `report-routes.ts`,
 * the critical-period pages' in `critical-routes.ts`.
 */
import { criticalRouteHash, parseCriticalRoute, type CriticalRoute } from './critical-routes.ts';
import { splitHash, withParams } from './hash-params.ts';
import { parseReportRoute, reportRouteHash, type ReportRoute } from './report-routes.ts';
import { parseRolloutRoute, rolloutRouteHash, type RolloutRoute } from './rollout-routes.ts';
import { parseScheduleRoute, scheduleRouteHash, type ScheduleRoute } from './schedule-routes.ts';
import type { HostStatus } from './types.ts';

/** Chart ranges the host page offers. */
export const RANGES = ['1h', '6h', '24h'] as const;
export type RangeKey = (typeof RANGES)[number];

/** Milliseconds each range spans. */
export const RANGE_MS: Record<RangeKey, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000 };

const STATUSES: readonly HostStatus[] = ['up', 'stale', 'down'];

/** Filters and page of the fleet list; `page` counts from 1. */
export interface FleetQuery {
  tenantId?: string;
  status?: HostStatus;
  q?: string;
  page: number;
}

/** Alert tabs: one lifecycle state each. */
export const ALERT_TABS = ['firing', 'pending', 'resolved'] as const;
export type AlertTab = (typeof ALERT_TABS)[number];

/** Tab and filters of the alerts page. */
export interface AlertsQuery {
  state: AlertTab;
  tenantId?: string;
  hostId?: string;
}

/** Open or closed incidents, optionally of one tenant. */
export interface IncidentsQuery {
  open: boolean;
  tenantId?: string;
}

export type Route =
  | { page: 'fleet'; query: FleetQuery }
  | { page: 'host'; hostId: string; range: RangeKey }
  | { page: 'alerts'; query: AlertsQuery }
  | { page: 'incidents'; query: IncidentsQuery }
  | ScheduleRoute
  | RolloutRoute
  | ReportRoute
  | CriticalRoute
  | { page: 'not-found'; path: string };

/** Reads a route from `location.hash`; unknown or malformed values fall back to defaults. */
export function parseRoute(hash: string): Route {
  const { path, params } = splitHash(hash);
  if (path === '/') {
    const status = params.get('status');
    const page = Number.parseInt(params.get('page') ?? '1', 10);
    const query: FleetQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1 };
    const tenantId = params.get('tenant');
    if (tenantId) query.tenantId = tenantId;
    if (status && (STATUSES as readonly string[]).includes(status)) query.status = status as HostStatus;
    const q = params.get('q')?.trim();
    if (q) query.q = q;
    return { page: 'fleet', query };
  }
  const host = /^\/hosts\/([^/]+)$/.exec(path);
  if (host) {
    const range = params.get('range');
    return { page: 'host', hostId: decodeURIComponent(host[1]), range: (RANGES as readonly string[]).includes(range ?? '') ? (range as RangeKey) : '1h' };
  }
  if (path === '/alerts') {
    const state = params.get('state');
    const query: AlertsQuery = { state: (ALERT_TABS as readonly string[]).includes(state ?? '') ? (state as AlertTab) : 'firing' };
    const tenantId = params.get('tenant');
    const hostId = params.get('host');
    if (tenantId) query.tenantId = tenantId;
    if (hostId) query.hostId = hostId;
    return { page: 'alerts', query };
  }
  if (path === '/incidents') {
    const tenantId = params.get('tenant');
    return { page: 'incidents', query: { open: params.get('show') !== 'closed', ...(tenantId ? { tenantId } : {}) } };
  }
  return parseScheduleRoute(path, params) ?? parseRolloutRoute(path, params) ?? parseReportRoute(path, params) ?? parseCriticalRoute(path, params) ?? { page: 'not-found', path };
}

/** The hash (with `#`) for a route; default values are left out so links stay short. */
export function routeHash(route: Route): string {
  if (route.page === 'host') {
    const suffix = route.range === '1h' ? '' : `?range=${route.range}`;
    return `#/hosts/${encodeURIComponent(route.hostId)}${suffix}`;
  }
  if (route.page === 'not-found') return `#${route.path}`;
  if (route.page === 'alerts') {
    const { state, tenantId, hostId } = route.query;
    return withParams('/alerts', { state: state === 'firing' ? undefined : state, tenant: tenantId, host: hostId });
  }
  if (route.page === 'incidents') return withParams('/incidents', { show: route.query.open ? undefined : 'closed', tenant: route.query.tenantId });
  if (route.page === 'rollouts' || route.page === 'rollout') return rolloutRouteHash(route);
  if (route.page === 'reports' || route.page === 'report') return reportRouteHash(route);
  if (route.page === 'critical-periods' || route.page === 'critical-board') return criticalRouteHash(route);
  if (route.page !== 'fleet') return scheduleRouteHash(route);
  const { tenantId, status, q, page } = route.query;
  return withParams('/', { tenant: tenantId, status, q, page: page > 1 ? String(page) : undefined });
}

/** Link to a host's page. */
export const hostHref = (hostId: string, range: RangeKey = '1h'): string => routeHash({ page: 'host', hostId, range });

/** Link to the alerts page; firing alerts of every visible tenant unless narrowed. */
export const alertsHref = (query: Partial<AlertsQuery> = {}): string => routeHash({ page: 'alerts', query: { state: 'firing', ...query } });

/** Link to the fleet list of one tenant. */
export const tenantHref = (tenantId: string): string => routeHash({ page: 'fleet', query: { tenantId, page: 1 } });
