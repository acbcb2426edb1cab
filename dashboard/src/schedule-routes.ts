/**
 * Hash routes of the scheduling pages: `#/calendar?tenant=ID&track=ID&view=list&month=2026-05`,
 * `#/booking?tenant=ID&track=ID`, `#/approvals?tab=confirmed&tenant=ID`,
 * `#/releases?track=ID&tenant=ID`, `#/settings?tenant=ID` and `#/audit?tenant=ID`.
 */
import { oneOf, optionalParams, withParams } from './hash-params.ts';
import { isOpsRole, type Role } from './types.ts';

/** Month grid or chronological list. */
export const CALENDAR_VIEWS = ['month', 'list'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

/** Filters of the calendar; no `month` means the current month in the shown zone. */
export interface CalendarQuery {
  view: CalendarView;
  tenantId?: string;
  trackId?: string;
  /** `YYYY-MM`. */
  month?: string;
}

/** The tenant (ops only) and track being booked. */
export interface BookingQuery {
  tenantId?: string;
  trackId?: string;
}

/** Approval tabs: bookings waiting for a decision, or confirmed ones still open to a move. */
export const APPROVAL_TABS = ['requested', 'confirmed'] as const;
export type ApprovalTab = (typeof APPROVAL_TABS)[number];

/** The approval tab and the tenant ops narrowed it to. */
export interface ApprovalsQuery {
  tab: ApprovalTab;
  tenantId?: string;
}

/** Releases of a track and tenant (both optional). */
export interface ReleasesQuery {
  trackId?: string;
  tenantId?: string;
}

/** A page about one tenant; ops choose which. */
export interface TenantQuery {
  tenantId?: string;
}

/** A scheduling page and its filters. */
export type ScheduleRoute =
  | { page: 'calendar'; query: CalendarQuery }
  | { page: 'booking'; query: BookingQuery }
  | { page: 'approvals'; query: ApprovalsQuery }
  | { page: 'releases'; query: ReleasesQuery }
  | { page: 'settings'; query: TenantQuery }
  | { page: 'audit'; query: TenantQuery };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The scheduling route at `path`, or null when the path is not one of them. */
export function parseScheduleRoute(path: string, params: URLSearchParams): ScheduleRoute | null {
  const scoped = optionalParams(params, { tenantId: 'tenant', trackId: 'track' });
  const tenant = optionalParams(params, { tenantId: 'tenant' });
  switch (path) {
    case '/calendar': {
      const month = params.get('month') ?? '';
      return { page: 'calendar', query: { view: oneOf(params.get('view'), CALENDAR_VIEWS, 'month'), ...scoped, ...(MONTH.test(month) ? { month } : {}) } };
    }
    case '/booking':
      return { page: 'booking', query: scoped };
    case '/approvals':
      return { page: 'approvals', query: { tab: oneOf(params.get('tab'), APPROVAL_TABS, 'requested'), ...tenant } };
    case '/releases':
      return { page: 'releases', query: scoped };
    case '/settings':
      return { page: 'settings', query: tenant };
    case '/audit':
      return { page: 'audit', query: tenant };
    default:
      return null;
  }
}

/** The hash of a scheduling route; defaults are left out. */
export function scheduleRouteHash(route: ScheduleRoute): string {
  switch (route.page) {
    case 'calendar': {
      const { view, tenantId, trackId, month } = route.query;
      return withParams('/calendar', { tenant: tenantId, track: trackId, view: view === 'month' ? undefined : view, month });
    }
    case 'approvals':
      return withParams('/approvals', { tab: route.query.tab === 'requested' ? undefined : route.query.tab, tenant: route.query.tenantId });
    case 'booking':
    case 'releases':
      return withParams(`/${route.page}`, { tenant: route.query.tenantId, track: route.query.trackId });
    case 'settings':
    case 'audit':
      return withParams(`/${route.page}`, { tenant: route.query.tenantId });
  }
}

/** Link to the calendar, this month, as a grid unless told otherwise. */
export const calendarHref = (query: Partial<CalendarQuery> = {}): string => scheduleRouteHash({ page: 'calendar', query: { view: 'month', ...query } });

/** Link to the booking page of a track. */
export const bookingHref = (query: BookingQuery = {}): string => scheduleRouteHash({ page: 'booking', query });

/** The scheduling pages a role's navigation shows, in order: ops approve, tenants book; tenant viewers have no audit log. */
export function scheduleNavPages(role: Role): Array<ScheduleRoute['page']> {
  const pages: Array<ScheduleRoute['page']> = ['calendar', isOpsRole(role) ? 'approvals' : 'booking', 'releases', 'settings'];
  return role === 'tenant-viewer' ? pages : [...pages, 'audit'];
}

/** A scheduling page with its default query, for navigation links. */
export function schedulePageHref(page: ScheduleRoute['page']): string {
  if (page === 'calendar') return calendarHref();
  if (page === 'approvals') return scheduleRouteHash({ page, query: { tab: 'requested' } });
  return scheduleRouteHash({ page, query: {} } as ScheduleRoute);
}
