/**
 * Availability per host and for the tenant, from hourly `seconds_up` rollups, with agreed
 * maintenance counted apart from downtime. Pure: the gatherer passes the sums it read.
 *
 * Per host, over its span (its part of the period, up to the last whole hour before `now`):
 *   maintenance = time inside the tenant's maintenance periods that cover the host;
 *   expected    = span - maintenance;
 *   up          = sum over the hours h touching the span of up_h * outside_h / 3600, where
 *                 outside_h is the part of h inside the span and outside maintenance (the
 *                 hour's seconds up are spread evenly over the hour);
 *   downtime    = expected - up;  availability = up / expected.
 */
import type { MaintenancePeriod } from '../alerts/model.ts';
import type { ReportHost } from '../store/types.ts';
import { HOUR_MS, coveredMs, hourCeil, hourFloor, iso, mergeIntervals, trace } from './figures.ts';
import type { AvailabilitySection, HostAvailability, ReportPeriod } from './model.ts';

/** How availability is computed, as the report states it. */
export const AVAILABILITY_METHOD =
  'up / (span - maintenance); up = sum of hourly seconds_up, each hour weighted by its share inside the span and outside agreed maintenance';

/**
 * The end of the hours a report may count: whole hours before `now` that have been rolled up
 * (`watermarkAt` is the last hour rolled up, null when rollups have not run).
 */
export function countableUntil(now: number, watermarkAt: number | null): number {
  return Math.min(hourFloor(now), watermarkAt === null ? Number.POSITIVE_INFINITY : watermarkAt + HOUR_MS);
}

/** The part of the period a host should have been up: enrolled, not revoked, before `untilAt` (`countableUntil`). */
export function hostSpan(host: ReportHost, period: ReportPeriod, untilAt: number): { fromAt: number; toAt: number } | null {
  const fromAt = Math.max(period.fromAt, host.createdAt);
  const toAt = Math.min(period.toAt, host.revokedAt ?? Number.POSITIVE_INFINITY, untilAt);
  return toAt > fromAt ? { fromAt, toAt } : null;
}

/** The host's maintenance time inside the span, merged; an empty `hostIds` covers every host. */
export function maintenanceFor(periods: readonly MaintenancePeriod[], hostId: string, span: { fromAt: number; toAt: number }): Array<[number, number]> {
  const covering = periods.filter((p) => p.hostIds.length === 0 || p.hostIds.includes(hostId));
  return mergeIntervals(covering.map((p) => [p.startsAt, p.endsAt] as const), span.fromAt, span.toAt);
}

/** Hours whose weight is below one: the span's partial edge hours and hours touching maintenance. */
export function partialHours(span: { fromAt: number; toAt: number }, maintenance: ReadonlyArray<readonly [number, number]>): number[] {
  const hours = new Set<number>();
  if (span.fromAt !== hourFloor(span.fromAt)) hours.add(hourFloor(span.fromAt));
  if (span.toAt !== hourFloor(span.toAt)) hours.add(hourFloor(span.toAt));
  for (const [a, b] of maintenance) for (let h = hourFloor(a); h < b; h += HOUR_MS) hours.add(h);
  return [...hours].sort((x, y) => x - y);
}

/** What the gatherer read for one host. */
export interface HostAvailabilityInput {
  host: ReportHost;
  span: { fromAt: number; toAt: number } | null;
  maintenance: Array<[number, number]>;
  maintenanceIds: string[];
  /** Sum and row count of seconds_up over [hourFloor(span.fromAt), hourCeil(span.toAt)). */
  upSum: { seconds: number; hours: number };
  /** seconds_up of the partial hours (absent hours had no samples). */
  partialUp: ReadonlyMap<number, number>;
}

/** One host's availability over its span. */
export function hostAvailability(input: HostAvailabilityInput): HostAvailability {
  const { host, span } = input;
  if (!span) {
    const inputs = { span: null, reason: 'not enrolled during the period' };
    return { hostId: host.id, hostName: host.name, expectedSeconds: 0, maintenanceSeconds: 0, upSeconds: 0, downtimeSeconds: 0, availability: null, trace: trace('hosts', inputs, [host.id]) };
  }
  // Hours weighing less than one: counted, with the seconds up they lose, not listed (a year of
  // fortnightly windows would list thousands per tenant); the maintenance ids let them be found.
  let excludedSeconds = 0;
  const hours = partialHours(span, input.maintenance);
  for (const hourAt of hours) {
    const inSpan = Math.min(hourAt + HOUR_MS, span.toAt) - Math.max(hourAt, span.fromAt);
    const outside = inSpan - coveredMs(input.maintenance, hourAt, hourAt + HOUR_MS);
    const weight = outside / HOUR_MS;
    const up = input.partialUp.get(hourAt) ?? 0;
    excludedSeconds += up * (1 - weight);
  }
  const upSeconds = input.upSum.seconds - excludedSeconds;
  const maintenanceSeconds = coveredMs(input.maintenance, span.fromAt, span.toAt) / 1000;
  const expectedSeconds = (span.toAt - span.fromAt) / 1000 - maintenanceSeconds;
  const inputs = {
    metric: 'seconds_up',
    spanFromAt: iso(span.fromAt),
    spanToAt: iso(span.toAt),
    hoursQueried: [iso(hourFloor(span.fromAt)), iso(hourCeil(span.toAt))],
    hoursWithRows: input.upSum.hours,
    secondsUpSum: input.upSum.seconds,
    partialHours: hours.length,
    secondsUpExcluded: excludedSeconds,
  };
  return {
    hostId: host.id,
    hostName: host.name,
    expectedSeconds,
    maintenanceSeconds,
    upSeconds,
    downtimeSeconds: expectedSeconds - upSeconds,
    availability: expectedSeconds > 0 ? upSeconds / expectedSeconds : null,
    trace: trace('rollups_hourly, maintenance_periods', inputs, input.maintenanceIds),
  };
}

/** The tenant's figure weights each host by its expected time. */
export function availabilitySection(hosts: HostAvailability[], period: ReportPeriod, maintenanceIds: string[], untilAt: number): AvailabilitySection {
  const sum = (pick: (h: HostAvailability) => number) => hosts.reduce((total, h) => total + pick(h), 0);
  const expectedSeconds = sum((h) => h.expectedSeconds);
  const upSeconds = sum((h) => h.upSeconds);
  return {
    tenant: {
      expectedSeconds,
      maintenanceSeconds: sum((h) => h.maintenanceSeconds),
      upSeconds,
      downtimeSeconds: sum((h) => h.downtimeSeconds),
      availability: expectedSeconds > 0 ? upSeconds / expectedSeconds : null,
    },
    hosts,
    method: AVAILABILITY_METHOD,
    trace: trace('rollups_hourly, maintenance_periods', { fromAt: iso(period.fromAt), toAt: iso(period.toAt), countedUntil: iso(untilAt), hosts: hosts.length }, maintenanceIds),
  };
}
