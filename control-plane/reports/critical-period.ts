/**
 * What a critical-period report adds to the service report sections (issue 10): incidents
 * judged against the heightened deadline of the tenant's plan (`criticalResponse`, on 7x24),
 * the actions taken during the period, and recommendations about the period. Pure.
 */
import { ScheduleError, criticalResponseDeadline, type HolidayCalendars, type ServicePlan } from '../../schedules/core.ts';
import type { MaintenancePeriod } from '../alerts/model.ts';
import type { CriticalPeriod } from '../critical/model.ts';
import type { Rollout } from '../rollouts/model.ts';
import type { Incident, ReportPlanEvent } from '../store/types.ts';
import { iso, isoOrNull, tally, trace } from './figures.ts';
import type { AvailabilitySection, CriticalAction, CriticalIncidentRow, CriticalSection, Recommendation } from './model.ts';

/** What the section is computed from: rows already restricted to the period's hosts. */
export interface CriticalSectionInput {
  period: CriticalPeriod;
  coveredHostIds: readonly string[];
  hostNames: ReadonlyMap<string, string>;
  /** Incidents opened in the period on covered hosts (or on no host). */
  incidents: readonly Incident[];
  plan: ServicePlan | undefined;
  holidays: HolidayCalendars;
  zone: string;
  now: number;
  planEvents: readonly ReportPlanEvent[];
  rollouts: readonly Rollout[];
  maintenance: readonly MaintenancePeriod[];
  audit: ReadonlyArray<{ id: number; at: number; actor: string; action: string; target: string | null }>;
}

/** Most actions listed; counts by kind cover them all. */
const MAX_ACTIONS = 1000;

/** An incident against the heightened deadline; the response is the first acknowledgement, else the resolution. */
export function criticalIncidentRow(incident: Incident, plan: ServicePlan | undefined, holidays: HolidayCalendars, zone: string, now: number): CriticalIncidentRow {
  const respondedAt = incident.acknowledgedAt ?? incident.resolvedAt;
  let dueAt: number | null = incident.responseDueAt;
  if (plan) {
    try {
      dueAt = criticalResponseDeadline(plan, incident.openedAt, holidays, zone);
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
    }
  }
  const deadline: CriticalIncidentRow['deadline'] =
    dueAt === null ? 'undetermined' : respondedAt !== null ? (respondedAt <= dueAt ? 'met' : 'missed') : now > dueAt ? 'missed' : 'pending';
  return {
    id: incident.id,
    hostId: incident.hostId,
    title: incident.title,
    severity: incident.severity,
    openedAt: iso(incident.openedAt),
    responseDueAt: isoOrNull(dueAt),
    respondedAt: isoOrNull(respondedAt),
    respondedBy: incident.acknowledgedAt !== null ? incident.acknowledgedBy : null,
    responseSeconds: respondedAt === null ? null : (respondedAt - incident.openedAt) / 1000,
    deadline,
  };
}

function actions(input: CriticalSectionInput): CriticalAction[] {
  const { period, hostNames } = input;
  const inside = (at: number | null): at is number => at !== null && at >= period.startsAt && at < period.endsAt;
  const host = (id: string | null) => (id === null ? '-' : (hostNames.get(id) ?? id));
  const out: Array<CriticalAction & { atMs: number }> = [];
  const add = (atMs: number, kind: CriticalAction['kind'], actor: string | null, subject: string, detail: string) => out.push({ atMs, at: iso(atMs), kind, actor, subject, detail });
  for (const incident of input.incidents) {
    if (inside(incident.acknowledgedAt)) add(incident.acknowledgedAt, 'incident-acknowledged', incident.acknowledgedBy, incident.id, `${incident.title} (${host(incident.hostId)})`);
    if (inside(incident.resolvedAt)) add(incident.resolvedAt, 'incident-resolved', null, incident.id, `${incident.title} (${host(incident.hostId)})`);
  }
  for (const event of input.planEvents) add(event.at, 'patch', null, event.planId, `${event.state} on ${host(event.hostId)}${event.versionAfter ? ` -> ${event.versionAfter}` : ''}`);
  for (const rollout of input.rollouts) add(Math.max(rollout.windowStartAt, period.startsAt), 'rollout', rollout.createdBy, rollout.id, `${rollout.trackId} ${rollout.releaseVersion}: ${rollout.state}`);
  for (const m of input.maintenance) add(Math.max(m.startsAt, period.startsAt), 'maintenance', m.source, m.id, `${m.reason} (${m.hostIds.length === 0 ? 'all hosts' : m.hostIds.map(host).join(', ')})`);
  for (const entry of input.audit) add(entry.at, 'audit', entry.actor, entry.target ?? entry.action, entry.action);
  return out
    .sort((a, b) => a.atMs - b.atMs || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
    .map(({ atMs: _atMs, ...action }) => action);
}

/** The critical-period section of a report. */
export function criticalSection(input: CriticalSectionInput): CriticalSection {
  const { period, plan } = input;
  const items = input.incidents.filter((i) => i.criticalPeriodId === period.id).map((i) => criticalIncidentRow(i, plan, input.holidays, input.zone, input.now));
  const count = (state: CriticalIncidentRow['deadline']) => items.filter((row) => row.deadline === state).length;
  const [met, missed] = [count('met'), count('missed')];
  const all = actions(input);
  const window = { fromAt: iso(period.startsAt), toAt: iso(period.endsAt) };
  return {
    period: {
      id: period.id, kind: period.kind, title: period.title, startLocal: period.startLocal, endLocal: period.endLocal, startsAt: iso(period.startsAt), endsAt: iso(period.endsAt),
      hostIds: [...period.hostIds], products: [...period.products], notes: period.notes, coveredHostIds: [...input.coveredHostIds],
    },
    response: {
      within: plan?.criticalResponse.within ?? null,
      calendar: plan?.criticalResponse.calendar ?? null,
      count: items.length, met, missed, pending: count('pending'), undetermined: count('undetermined'),
      shareWithin: met + missed > 0 ? met / (met + missed) : null,
      items,
      trace: trace('incidents (critical_period_id)', { periodId: period.id, plan: plan?.id ?? null, zone: input.zone, now: iso(input.now) }, items.map((row) => row.id)),
    },
    actions: {
      byKind: tally(all.map((a) => a.kind)),
      items: all.slice(0, MAX_ACTIONS),
      trace: trace('incidents, plan_events, rollouts, maintenance_periods, audit_log', window, input.audit.map((entry) => entry.id)),
    },
  };
}

/** Recommendations about the period: missed heightened deadlines, downtime of covered hosts, changes made during it. */
export function criticalRecommendations(section: CriticalSection, availability: AvailabilitySection): Recommendation[] {
  const out: Recommendation[] = [];
  const { response, actions: done } = section;
  if (response.missed > 0) {
    const facts = { missed: response.missed, count: response.count, within: response.within ?? '-' };
    out.push({ rule: 'critical-response-missed', severity: 'critical', subject: section.period.id, facts, trace: response.trace });
  }
  for (const host of availability.hosts.filter((h) => h.downtimeSeconds >= 60)) {
    out.push({ rule: 'critical-downtime', severity: 'warning', subject: host.hostId, facts: { host: host.hostName, minutes: Math.round(host.downtimeSeconds / 60) }, trace: host.trace });
  }
  const changes = done.items.filter((a) => a.kind === 'patch' || a.kind === 'rollout');
  if (changes.length > 0) {
    const facts = { changes: changes.length, title: section.period.title };
    out.push({ rule: 'critical-changes', severity: 'warning', subject: section.period.id, facts, trace: trace('plan_events, rollouts', { periodId: section.period.id }, changes.map((a) => a.subject)) });
  }
  return out;
}
