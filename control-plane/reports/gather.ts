/**
 * Gathers a report: reads the store for one tenant and period, hands the rows to the pure
 * figure functions, and yields to the event loop between hosts so generation never holds
 * the server for long. `progress` is told the percent done after each step.
 */
import type { HolidayCalendars, ServicePlan } from '../../schedules/core.ts';
import type { Booking } from '../scheduling/model.ts';
import type { MaintenancePeriod } from '../alerts/model.ts';
import type { Incident, ReportHost, Store, Tenant } from '../store/types.ts';
import { availabilitySection, countableUntil, hostAvailability, hostSpan, maintenanceFor, partialHours } from './availability.ts';
import { CAPACITY_METHOD, hostCapacity } from './capacity.ts';
import { hourCeil, hourFloor, iso } from './figures.ts';
import { hostsSection } from './hosts.ts';
import { alertsSection, incidentsSection } from './incidents.ts';
import type { HostAvailability, HostCapacity, ReportContent, ReportPeriod, ReportRequest } from './model.ts';
import { planFigures, slotFigures, windowsFigures } from './patching.ts';
import { resolvePeriod } from './periods.ts';
import { recommendations } from './recommendations.ts';
import { supportSection } from './support.ts';

/** The store and the data the figures need (plans, holiday calendars, rule categories). */
export interface GatherDeps {
  store: Store;
  plans: ReadonlyMap<string, ServicePlan>;
  holidays: HolidayCalendars;
  categoryOf: (ruleId: string) => string;
}

/** Told the percent done and the step; awaited, so it may yield. */
export type Progress = (percent: number, step: string) => Promise<void>;

const HOSTS_PER_YIELD = 25;
const MAX_WINDOWS = 100_000;

/** Runs `each` over the hosts, reporting progress from `fromPercent` to `toPercent`. */
async function perHost<T>(hosts: readonly ReportHost[], step: string, fromPercent: number, toPercent: number, progress: Progress, each: (host: ReportHost) => T): Promise<T[]> {
  const out: T[] = [];
  for (let index = 0; index < hosts.length; index++) {
    out.push(each(hosts[index]));
    if ((index + 1) % HOSTS_PER_YIELD === 0) await progress(Math.floor(fromPercent + ((toPercent - fromPercent) * (index + 1)) / hosts.length), step);
  }
  await progress(toPercent, step);
  return out;
}

function availabilityOf(deps: GatherDeps, host: ReportHost, period: ReportPeriod, maintenance: readonly MaintenancePeriod[], untilAt: number): HostAvailability {
  const span = hostSpan(host, period, untilAt);
  const data = deps.store.reportData;
  if (!span) return hostAvailability({ host, span, maintenance: [], maintenanceIds: [], upSum: { seconds: 0, hours: 0 }, partialUp: new Map() });
  const intervals = maintenanceFor(maintenance, host.id, span);
  const partialUp = new Map(data.secondsUpHours(host.id, partialHours(span, intervals)).map((row) => [row.hourAt, row.seconds]));
  const covering = maintenance.filter((p) => p.hostIds.length === 0 || p.hostIds.includes(host.id));
  return hostAvailability({
    host,
    span,
    maintenance: intervals,
    maintenanceIds: covering.filter((p) => p.startsAt < span.toAt && p.endsAt > span.fromAt).map((p) => p.id),
    upSum: data.secondsUpSum(host.id, hourFloor(span.fromAt), hourCeil(span.toAt)),
    partialUp,
  });
}

function capacityOf(deps: GatherDeps, host: ReportHost, period: ReportPeriod): HostCapacity {
  const data = deps.store.reportData;
  return hostCapacity(
    {
      hostId: host.id,
      hostName: host.name,
      cpu: data.hourlyP95(host.id, 'cpu_percent', period.fromAt, period.toAt),
      memory: data.hourlyP95(host.id, 'memory_percent', period.fromAt, period.toAt),
      disks: data.diskTrends(host.id, period.fromAt, middleHourOf(period), period.toAt),
    },
    period,
  );
}

/** The hour splitting a period in two for disk growth. */
const middleHourOf = (period: ReportPeriod) => hourFloor((period.fromAt + period.toAt) / 2);

const defined = <T>(values: ReadonlyArray<T | undefined>): T[] => values.filter((v): v is T => v !== undefined);

/** Builds the whole report for `request` as of `now`; throws `NOT_FOUND`-style errors from `resolvePeriod` only. */
export async function gatherReport(deps: GatherDeps, tenant: Tenant, request: ReportRequest, now: number, progress: Progress): Promise<ReportContent> {
  const { store } = deps;
  const data = store.reportData;
  const period = resolvePeriod(request.period, tenant.timeZone);
  const allHosts = data.hosts(tenant.id);
  const hosts = allHosts.filter((h) => h.createdAt < period.toAt && (h.revokedAt === null || h.revokedAt >= period.fromAt));
  const hostNames = new Map(allHosts.map((h) => [h.id, h.name]));
  const hostsPart = hostsSection(allHosts, data.factsHistory(tenant.id, period.fromAt, period.toAt), period);
  await progress(5, 'hosts');

  const maintenanceIds = data.maintenanceIds(tenant.id, period.fromAt, period.toAt);
  const maintenance = defined(maintenanceIds.map((id) => store.maintenance.get(id)));
  const untilAt = countableUntil(now, store.rollups.watermark());
  const perHostAvailability = await perHost(hosts, 'availability', 5, 45, progress, (host) => availabilityOf(deps, host, period, maintenance, untilAt));
  const availability = availabilitySection(perHostAvailability, period, maintenanceIds, untilAt);

  const alertEvents = store.alerts.events(tenant.id, period.fromAt, period.toAt);
  const alerts = alertsSection(alertEvents, hostNames, deps.categoryOf, period);
  const incidentList = defined(data.incidentIds(tenant.id, period.fromAt, period.toAt).map((id) => store.incidents.get(id))) as Incident[];
  const incidents = incidentsSection(incidentList, { plans: deps.plans, holidays: deps.holidays, zone: tenant.timeZone, categoryOf: deps.categoryOf, now }, period);
  await progress(55, 'incidents');

  const windowList = store.windows.list({ tenantId: tenant.id, fromAt: period.fromAt, toAt: period.toAt, limit: MAX_WINDOWS });
  const planEvents = data.planEvents(tenant.id, period.fromAt, period.toAt);
  const bookings = defined(data.bookingIds(tenant.id, period.fromAt, period.toAt).map((id) => store.bookings.get(id))) as Booking[];
  const patching = {
    windows: windowsFigures(windowList, tenant.id, hosts.map((h) => h.id), period, now),
    plans: planFigures(planEvents, hostNames, period),
    slots: slotFigures(bookings, data.bookingChanges(tenant.id, period.fromAt, period.toAt), period, now),
  };
  await progress(65, 'patching');

  const capacity = { method: CAPACITY_METHOD, hosts: await perHost(hosts, 'capacity', 65, 95, progress, (host) => capacityOf(deps, host, period)) };
  const support = supportSection(store.reports.supportEvents(tenant.id, period.fromAt, period.toAt), period);
  const checkFirings = alertEvents.filter((e) => e.to === 'firing' && deps.categoryOf(e.ruleId) === 'service-check');
  const advice = recommendations({ availability, incidents, capacity, checkFirings, windows: patching.windows.items, planEvents, hostNames, zone: tenant.timeZone });
  await progress(100, 'done');
  return {
    schemaVersion: 1,
    tenant: { id: tenant.id, name: tenant.name, plan: tenant.plan, timeZone: tenant.timeZone },
    period: { kind: period.kind, label: period.label, zone: period.zone, fromAt: iso(period.fromAt), toAt: iso(period.toAt), fromDate: period.fromDate, toDate: period.toDate },
    generatedAt: iso(now),
    locale: request.locale,
    hosts: hostsPart,
    availability,
    alerts,
    incidents,
    patching,
    capacity,
    support,
    recommendations: advice,
  };
}
