/**
 * Gathers a report: reads the store for one tenant and period, hands the rows to the pure
 * figure functions, and yields to the event loop between hosts so generation never holds
 * the server for long. `progress` is told the percent done after each step.
 */
import type { HolidayCalendars, ServicePlan } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { Booking } from '../scheduling/model.ts';
import type { MaintenancePeriod } from '../alerts/model.ts';
import { coversHost, type CriticalPeriod } from '../critical/model.ts';
import type { Incident, ReportHost, Store, Tenant } from '../store/types.ts';
import { availabilitySection, countableUntil, hostAvailability, hostSpan, maintenanceFor, partialHours } from './availability.ts';
import { CAPACITY_METHOD, hostCapacity } from './capacity.ts';
import { hourCeil, hourFloor, iso } from './figures.ts';
import { hostsSection } from './hosts.ts';
import { alertsSection, incidentsSection } from './incidents.ts';
import type { HostAvailability, HostCapacity, ReportContent, ReportPeriod, ReportRequest } from './model.ts';
import { planFigures, slotFigures, windowsFigures } from './patching.ts';
import { resolvePeriod } from './periods.ts';
import { criticalRecommendations, criticalSection, type CriticalSectionInput } from './critical-period.ts';
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
const MAX_AUDIT = 5_000;
const MAX_ROLLOUTS = 1_000;

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

/** The tenant's critical period, or `NOT_FOUND` (another tenant's answers the same). */
export function criticalPeriodOf(store: Store, tenantId: string, periodId: string): CriticalPeriod {
  const period = store.criticalPeriods.get(periodId);
  if (!period || period.tenantId !== tenantId) throw new AppError('NOT_FOUND', 'critical period not found');
  return period;
}

/** What a report covers: its period, and for a critical period the period itself and the hosts it covers. */
interface Scope {
  period: ReportPeriod;
  critical: CriticalPeriod | null;
  covers: (hostId: string | null) => boolean;
}

function scopeOf(deps: GatherDeps, tenant: Tenant, request: ReportRequest, hosts: readonly ReportHost[]): Scope {
  if (request.period.kind !== 'critical-period') return { period: resolvePeriod(request.period, tenant.timeZone), critical: null, covers: () => true };
  const critical = criticalPeriodOf(deps.store, tenant.id, request.period.periodId);
  const covered = new Set(hosts.filter((h) => coversHost(critical, { ...h, tenantId: tenant.id })).map((h) => h.id));
  // Tenant-wide rows (no host) belong to every period of the tenant.
  return { period: resolvePeriod(request.period, tenant.timeZone, () => critical), critical, covers: (hostId) => hostId === null || covered.has(hostId) };
}

/** The critical-period section from rows the report already read, plus the period's rollouts and audit entries. */
function gatherCritical(
  deps: GatherDeps,
  tenant: Tenant,
  critical: CriticalPeriod,
  read: Pick<CriticalSectionInput, 'coveredHostIds' | 'hostNames' | 'incidents' | 'planEvents' | 'maintenance' | 'now'>,
) {
  const { startsAt, endsAt } = critical;
  return criticalSection({
    ...read,
    period: critical,
    plan: deps.plans.get(tenant.plan),
    holidays: deps.holidays,
    zone: tenant.timeZone,
    audit: deps.store.reportData.auditEntries(tenant.id, startsAt, endsAt, MAX_AUDIT),
    rollouts: deps.store.rollouts.list({ tenantId: tenant.id, limit: MAX_ROLLOUTS }).filter((r) => r.windowStartAt < endsAt && r.windowEndAt > startsAt),
  });
}

/** Builds the whole report for `request` as of `now`; throws `NOT_FOUND`-style errors from `resolvePeriod` only. */
export async function gatherReport(deps: GatherDeps, tenant: Tenant, request: ReportRequest, now: number, progress: Progress): Promise<ReportContent> {
  const { store } = deps;
  const data = store.reportData;
  const tenantHosts = data.hosts(tenant.id);
  const { period, critical, covers } = scopeOf(deps, tenant, request, tenantHosts);
  const allHosts = tenantHosts.filter((h) => covers(h.id));
  const hosts = allHosts.filter((h) => h.createdAt < period.toAt && (h.revokedAt === null || h.revokedAt >= period.fromAt));
  const hostNames = new Map(allHosts.map((h) => [h.id, h.name]));
  const hostsPart = hostsSection(allHosts, data.factsHistory(tenant.id, period.fromAt, period.toAt).filter((f) => covers(f.hostId)), period);
  await progress(5, 'hosts');

  const maintenanceIds = data.maintenanceIds(tenant.id, period.fromAt, period.toAt);
  const maintenance = defined(maintenanceIds.map((id) => store.maintenance.get(id)));
  const untilAt = countableUntil(now, store.rollups.watermark());
  const perHostAvailability = await perHost(hosts, 'availability', 5, 45, progress, (host) => availabilityOf(deps, host, period, maintenance, untilAt));
  const availability = availabilitySection(perHostAvailability, period, maintenanceIds, untilAt);

  const alertEvents = store.alerts.events(tenant.id, period.fromAt, period.toAt).filter((e) => covers(e.hostId));
  const alerts = alertsSection(alertEvents, hostNames, deps.categoryOf, period);
  const incidentList = (defined(data.incidentIds(tenant.id, period.fromAt, period.toAt).map((id) => store.incidents.get(id))) as Incident[]).filter((i) => covers(i.hostId));
  const incidents = incidentsSection(incidentList, { plans: deps.plans, holidays: deps.holidays, zone: tenant.timeZone, categoryOf: deps.categoryOf, now }, period);
  await progress(55, 'incidents');

  const windowList = store.windows.list({ tenantId: tenant.id, fromAt: period.fromAt, toAt: period.toAt, limit: MAX_WINDOWS });
  const planEvents = data.planEvents(tenant.id, period.fromAt, period.toAt).filter((e) => covers(e.hostId));
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
  const criticalPart = critical ? gatherCritical(deps, tenant, critical, { coveredHostIds: hosts.map((h) => h.id), hostNames, incidents: incidentList, planEvents, maintenance, now }) : undefined;
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
    recommendations: criticalPart ? [...criticalRecommendations(criticalPart, availability), ...advice] : advice,
    ...(criticalPart ? { critical: criticalPart } : {}),
  };
}
