/**
 * Alerts and incidents of the period: counts by category, severity and rule, the most
 * recurrent series, and response and resolution times in business hours against the plan.
 * Business time is recomputed from the incident's instants on its plan's calendar in the
 * tenant's zone, so a figure can be checked by hand. Pure.
 */
import { ScheduleError, criticalResponseDeadline, deadline, elapsedSeconds, serviceCalendar, type HolidayCalendars, type ServicePlan } from '../../schedules/core.ts';
import type { AlertEvent, Incident } from '../store/types.ts';
import { durationStats, iso, isoOrNull, tally, trace } from './figures.ts';
import type { AlertsSection, IncidentRow, IncidentsSection, ReportPeriod } from './model.ts';

/** Report category of each alert rule kind. */
const CATEGORY_OF_KIND: Record<string, string> = {
  'heartbeat-lost': 'availability',
  'metric-threshold': 'capacity',
  'metric-forecast': 'capacity',
  'check-state': 'service-check',
  'outbox-gap': 'data-gap',
  'calendar-missing': 'calendar',
  'rollout-failed': 'patching',
  'window-overrun': 'patching',
};

/** A rule id's category from the loaded rules' kinds; rules no longer loaded are `other`. */
export function ruleCategories(rules: ReadonlyArray<{ id: string; kind: string }>): (ruleId: string) => string {
  const byId = new Map(rules.map((rule) => [rule.id, CATEGORY_OF_KIND[rule.kind] ?? 'other']));
  return (ruleId) => byId.get(ruleId) ?? 'other';
}

/** Plans, holidays and zone to judge incidents by, and `now` for open ones. */
export interface IncidentContext {
  plans: ReadonlyMap<string, ServicePlan>;
  holidays: HolidayCalendars;
  zone: string;
  categoryOf: (ruleId: string) => string;
  now: number;
}

/**
 * One incident's times. The response is the first acknowledgement, or the resolution when
 * nobody acknowledged (as the incident lifecycle judges breaches); the deadline is met when
 * that came no later than the plan's response deadline, or its heightened one for an incident
 * opened during a critical period.
 */
export function incidentRow(incident: Incident, context: IncidentContext): IncidentRow {
  const respondedAt = incident.acknowledgedAt ?? incident.resolvedAt;
  const base = {
    id: incident.id,
    ruleId: incident.ruleId,
    category: context.categoryOf(incident.ruleId),
    severity: incident.severity,
    hostId: incident.hostId,
    title: incident.title,
    plan: incident.plan,
    calendar: incident.calendar,
    openedAt: iso(incident.openedAt),
    acknowledgedAt: isoOrNull(incident.acknowledgedAt),
    resolvedAt: isoOrNull(incident.resolvedAt),
  };
  try {
    const calendar = serviceCalendar(incident.calendar, context.holidays, context.zone);
    const plan = context.plans.get(incident.plan);
    const planDueAt = (p: ServicePlan) =>
      incident.criticalPeriodId ? criticalResponseDeadline(p, incident.openedAt, context.holidays, context.zone) : deadline(incident.openedAt, p.incidentResponse.withinSeconds, calendar);
    const dueAt = plan ? planDueAt(plan) : incident.responseDueAt;
    const business = (toAt: number | null) => (toAt === null ? null : elapsedSeconds(incident.openedAt, toAt, calendar));
    const state: IncidentRow['deadline'] =
      dueAt === null ? 'undetermined' : respondedAt !== null ? (respondedAt <= dueAt ? 'met' : 'missed') : context.now > dueAt ? 'missed' : 'pending';
    const problem = dueAt === null ? (incident.deadlineProblem ?? `plan ${incident.plan} unknown`) : null;
    return { ...base, responseDueAt: isoOrNull(dueAt), responseBusinessSeconds: business(respondedAt), resolutionBusinessSeconds: business(incident.resolvedAt), deadline: state, problem };
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    return { ...base, responseDueAt: null, responseBusinessSeconds: null, resolutionBusinessSeconds: null, deadline: 'undetermined', problem: `${error.code}: ${error.message}` };
  }
}

/** Incidents opened in the period, their times and the share answered in time. */
export function incidentsSection(incidents: readonly Incident[], context: IncidentContext, period: ReportPeriod): IncidentsSection {
  const items = incidents.map((incident) => incidentRow(incident, context));
  const count = (state: IncidentRow['deadline']) => items.filter((row) => row.deadline === state).length;
  const [met, missed] = [count('met'), count('missed')];
  const seconds = (pick: (row: IncidentRow) => number | null) => items.map(pick).filter((s): s is number => s !== null);
  const withinBusinessSeconds: Record<string, number> = {};
  for (const plan of new Set(items.map((row) => row.plan))) {
    const known = context.plans.get(plan);
    if (known) withinBusinessSeconds[plan] = known.incidentResponse.withinSeconds;
  }
  return {
    count: items.length,
    byCategory: tally(items.map((row) => row.category)),
    bySeverity: tally(items.map((row) => row.severity)),
    byRule: tally(items.map((row) => row.ruleId)),
    response: durationStats(seconds((row) => row.responseBusinessSeconds)),
    resolution: durationStats(seconds((row) => row.resolutionBusinessSeconds)),
    deadline: { withinBusinessSeconds, met, missed, pending: count('pending'), undetermined: count('undetermined'), shareWithin: met + missed > 0 ? met / (met + missed) : null },
    items,
    trace: trace('incidents (opened_at in period)', { fromAt: iso(period.fromAt), toAt: iso(period.toAt), zone: context.zone, now: iso(context.now) }, items.map((row) => row.id)),
  };
}

/** Alert firings of the period (state changes to `firing`), suppressed ones counted apart. */
export function alertsSection(events: readonly AlertEvent[], hostNames: ReadonlyMap<string, string>, categoryOf: (ruleId: string) => string, period: ReportPeriod): AlertsSection {
  const firings = events.filter((event) => event.to === 'firing' && event.at >= period.fromAt && event.at < period.toAt);
  const notified = firings.filter((event) => !event.suppressed);
  const bySeries = new Map<string, { fingerprint: string; ruleId: string; hostId: string | null; count: number }>();
  for (const event of notified) {
    const entry = bySeries.get(event.fingerprint) ?? { fingerprint: event.fingerprint, ruleId: event.ruleId, hostId: event.hostId, count: 0 };
    entry.count += 1;
    bySeries.set(event.fingerprint, entry);
  }
  const mostRecurrent = [...bySeries.values()]
    .filter((series) => series.count > 1)
    .sort((a, b) => b.count - a.count || (a.fingerprint < b.fingerprint ? -1 : 1))
    .slice(0, 10)
    .map((series) => ({ ...series, hostName: series.hostId ? (hostNames.get(series.hostId) ?? null) : null }));
  return {
    firings: notified.length,
    suppressedFirings: firings.length - notified.length,
    byCategory: tally(notified.map((event) => categoryOf(event.ruleId))),
    bySeverity: tally(notified.map((event) => event.severity)),
    byRule: tally(notified.map((event) => event.ruleId)),
    mostRecurrent,
    trace: trace('alert_events (to_state firing)', { fromAt: iso(period.fromAt), toAt: iso(period.toAt) }, [...new Set(notified.map((event) => event.fingerprint))]),
  };
}
