/**
 * Rule-based recommendations, each citing the figures and rows behind it. Pure; thresholds
 * are named constants so a reader of the report can see why a line appears.
 */
import { formatLocalDate, mondayOf } from '../../schedules/local-date.ts';
import { localDayOf } from '../../schedules/zone-clock.ts';
import type { AlertEvent, ReportPlanEvent } from '../store/types.ts';
import { trace } from './figures.ts';
import type { AvailabilitySection, CapacitySection, IncidentsSection, Recommendation, WindowRow } from './model.ts';

/** Where each recommendation rule fires. */
export const THRESHOLDS = {
  diskFullWithinDays: 60,
  weeklyFailureRunWeeks: 4,
  missedWindows: 3,
  availabilityBelow: 0.99,
  responseShareBelow: 0.9,
  cpuP95Above: 85,
  memoryP95Above: 90,
} as const;

/** The figures and rows the rules read. */
export interface RecommendationInput {
  availability: AvailabilitySection;
  incidents: IncidentsSection;
  capacity: CapacitySection;
  /** Firings of service-check rules in the period. */
  checkFirings: readonly AlertEvent[];
  windows: readonly WindowRow[];
  planEvents: readonly ReportPlanEvent[];
  hostNames: ReadonlyMap<string, string>;
  zone: string;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function capacityRecommendations(capacity: CapacitySection): Recommendation[] {
  const out: Recommendation[] = [];
  for (const host of capacity.hosts) {
    for (const disk of host.disks) {
      if (disk.daysToFull === null || disk.daysToFull >= THRESHOLDS.diskFullWithinDays) continue;
      const facts = { host: host.hostName, mount: disk.mount, days: Math.floor(disk.daysToFull), lastPercent: round(disk.lastPercent), perDay: round(disk.growthPercentPerDay, 2) };
      out.push({ rule: 'disk-full-soon', severity: disk.daysToFull < 14 ? 'critical' : 'warning', subject: host.hostId, facts, trace: host.trace });
    }
    const busy = [['cpu', host.cpuP95, THRESHOLDS.cpuP95Above], ['memory', host.memoryP95, THRESHOLDS.memoryP95Above]] as const;
    for (const [resource, p95, limit] of busy) {
      if (p95 === null || p95 <= limit) continue;
      out.push({ rule: 'capacity-high', severity: 'warning', subject: host.hostId, facts: { host: host.hostName, resource, p95: round(p95), limit }, trace: host.trace });
    }
  }
  return out;
}

/** Longest run of consecutive weeks (Mondays, local) in a sorted list of week day numbers. */
function longestWeeklyRun(mondays: readonly number[]): number[] {
  let best: number[] = [];
  let run: number[] = [];
  for (const monday of mondays) {
    run = run.length > 0 && monday === run[run.length - 1] + 7 ? [...run, monday] : [monday];
    if (run.length > best.length) best = run;
  }
  return best;
}

function weeklyFailures(input: RecommendationInput): Recommendation[] {
  const weeks = new Map<string, { event: AlertEvent; mondays: Set<number>; count: number }>();
  for (const event of input.checkFirings) {
    const entry = weeks.get(event.fingerprint) ?? { event, mondays: new Set<number>(), count: 0 };
    entry.mondays.add(mondayOf(localDayOf(event.at, input.zone)));
    entry.count += 1;
    weeks.set(event.fingerprint, entry);
  }
  return [...weeks].flatMap(([fingerprint, { event, mondays, count }]) => {
    const run = longestWeeklyRun([...mondays].sort((a, b) => a - b));
    if (run.length < THRESHOLDS.weeklyFailureRunWeeks) return [];
    const host = event.hostId ? (input.hostNames.get(event.hostId) ?? event.hostId) : '-';
    const facts = { host, rule: event.ruleId, weeks: run.length, firstWeek: formatLocalDate(run[0]), lastWeek: formatLocalDate(run[run.length - 1]), firings: count };
    return [{ rule: 'check-failing-weekly' as const, severity: 'warning' as const, subject: fingerprint, facts, trace: trace('alert_events (service-check firings)', { zone: input.zone, weeks: run.map(formatLocalDate) }, [fingerprint]) }];
  });
}

/**
 * A host missed a held window when other hosts of the tenant patched in it (some plan reached
 * a terminal state inside the window) but this covered host did not succeed in it.
 */
function missedWindows(input: RecommendationInput): Recommendation[] {
  const missed = new Map<string, string[]>();
  for (const window of input.windows.filter((w) => w.status === 'held')) {
    const [startAt, endAt] = [Date.parse(window.startAt), Date.parse(window.endAt)];
    const inside = input.planEvents.filter((e) => e.at >= startAt && e.at <= endAt && window.hostIds.includes(e.hostId));
    if (inside.length === 0) continue;
    const succeeded = new Set(inside.filter((e) => e.state === 'succeeded').map((e) => e.hostId));
    for (const hostId of window.hostIds) if (!succeeded.has(hostId)) missed.set(hostId, [...(missed.get(hostId) ?? []), window.id]);
  }
  return [...missed]
    .filter(([, windowIds]) => windowIds.length >= THRESHOLDS.missedWindows)
    .map(([hostId, windowIds]) => ({
      rule: 'missed-windows' as const,
      severity: 'warning' as const,
      subject: hostId,
      facts: { host: input.hostNames.get(hostId) ?? hostId, windows: windowIds.length },
      trace: trace('windows, plan_events', { rule: 'covered by a held window where other hosts patched, without a succeeded plan of its own' }, windowIds),
    }));
}

/** Every recommendation the rules find, each with its trace. */
export function recommendations(input: RecommendationInput): Recommendation[] {
  const availability: Recommendation[] = input.availability.hosts
    .filter((h) => h.availability !== null && h.availability < THRESHOLDS.availabilityBelow)
    .map((h) => ({ rule: 'low-availability', severity: 'warning', subject: h.hostId, facts: { host: h.hostName, percent: round(h.availability! * 100, 2), downtimeHours: round(h.downtimeSeconds / 3600) }, trace: h.trace }));
  const share = input.incidents.deadline.shareWithin;
  const response: Recommendation[] =
    share !== null && share < THRESHOLDS.responseShareBelow
      ? [{ rule: 'response-deadline', severity: 'warning', subject: 'incidents', facts: { percent: round(share * 100), missed: input.incidents.deadline.missed }, trace: input.incidents.trace }]
      : [];
  return [...capacityRecommendations(input.capacity), ...weeklyFailures(input), ...missedWindows(input), ...availability, ...response];
}
