/**
 * Incidents, pure and driven by `now`: opened for a firing alert of warning or above, with a
 * response deadline in the business time of the tenant's service plan; acknowledged and
 * resolved with their durations in business and wall-clock seconds. One opened while a
 * critical period covers its host takes the plan's heightened `criticalResponse` promise
 * (on `7x24` by default) and records the period; its durations count on that calendar.
 */
import {
  criticalResponseDeadline,
  elapsedSeconds,
  incidentResponseDeadline,
  isServiceCalendarId,
  serviceCalendar,
  ScheduleError,
  type HolidayCalendars,
  type ServicePlan,
} from '../../schedules/core.ts';
import type { AlertSeries, Severity } from '../alerts/model.ts';
import type { Incident, Tenant } from '../store/types.ts';

/** Severities that open an incident. */
export const INCIDENT_SEVERITIES: ReadonlySet<Severity> = new Set(['warning', 'critical']);

export interface IncidentContext {
  tenant: Tenant;
  plan: ServicePlan;
  calendars: HolidayCalendars;
  /** The critical period covering the incident's host when it opened, if any. */
  criticalPeriodId?: string | null;
}

export function opensIncident(alert: Pick<AlertSeries, 'state' | 'severity' | 'tenantId'>): boolean {
  return alert.state === 'firing' && alert.tenantId !== null && INCIDENT_SEVERITIES.has(alert.severity);
}

/** Business seconds between two instants on the incident's calendar, or null when the calendar cannot say. */
function businessSeconds(incident: Incident, toAt: number, context: IncidentContext): number | null {
  const calendar = isServiceCalendarId(incident.calendar) ? incident.calendar : context.plan.incidentResponse.calendar;
  try {
    return elapsedSeconds(incident.openedAt, toAt, serviceCalendar(calendar, context.calendars, context.tenant.timeZone));
  } catch (error) {
    if (error instanceof ScheduleError) return null;
    throw error;
  }
}

export function openIncident(id: string, alert: AlertSeries, context: IncidentContext, now: number): Incident {
  let responseDueAt: number | null = null;
  let deadlineProblem: string | null = null;
  const critical = context.criticalPeriodId ?? null;
  try {
    const due = critical === null ? incidentResponseDeadline : criticalResponseDeadline;
    responseDueAt = due(context.plan, now, context.calendars, context.tenant.timeZone);
  } catch (error) {
    // A year without holiday data: say so rather than guess (the calendar-missing alert fires).
    if (!(error instanceof ScheduleError)) throw error;
    deadlineProblem = `${error.code}: ${error.message}`;
  }
  return {
    id,
    tenantId: context.tenant.id,
    fingerprint: alert.fingerprint,
    ruleId: alert.ruleId,
    hostId: alert.hostId,
    severity: alert.severity,
    title: alert.annotations.summary ?? alert.ruleId,
    titleZh: alert.annotations.summary_zh ?? null,
    plan: context.plan.id,
    calendar: critical === null ? context.plan.incidentResponse.calendar : context.plan.criticalResponse.calendar,
    openedAt: now,
    responseDueAt,
    deadlineProblem,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    ackBusinessSeconds: null,
    ackWallSeconds: null,
    resolveBusinessSeconds: null,
    resolveWallSeconds: null,
    responseBreached: false,
    criticalPeriodId: critical,
  };
}

/** The first acknowledgement counts; later ones change nothing. */
export function acknowledgeIncident(incident: Incident, by: string, context: IncidentContext, now: number): Incident {
  if (incident.acknowledgedAt !== null) return incident;
  return {
    ...incident,
    acknowledgedAt: now,
    acknowledgedBy: by,
    ackWallSeconds: (now - incident.openedAt) / 1000,
    ackBusinessSeconds: businessSeconds(incident, now, context),
    responseBreached: incident.responseBreached || (incident.responseDueAt !== null && now > incident.responseDueAt),
  };
}

export function resolveIncident(incident: Incident, context: IncidentContext, now: number): Incident {
  if (incident.resolvedAt !== null) return incident;
  return {
    ...incident,
    resolvedAt: now,
    resolveWallSeconds: (now - incident.openedAt) / 1000,
    resolveBusinessSeconds: businessSeconds(incident, now, context),
    responseBreached: incident.responseBreached || (incident.acknowledgedAt === null && incident.responseDueAt !== null && now > incident.responseDueAt),
  };
}

/** True when an open, unanswered incident has passed its response deadline. */
export function isBreached(incident: Incident, now: number): boolean {
  return incident.acknowledgedAt === null && incident.resolvedAt === null && incident.responseDueAt !== null && now > incident.responseDueAt;
}
