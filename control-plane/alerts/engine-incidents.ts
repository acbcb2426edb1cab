/**
 * Keeps incidents in step with alerts: a firing alert of warning or above (not suppressed
 * by maintenance) opens one for its tenant; acknowledging the alert answers it; resolving the
 * alert resolves it; an unanswered incident past its deadline is flagged as breached. An
 * incident opened while a critical period of its tenant covers the host is escalated.
 */
import type { HolidayCalendars, ServicePlan } from '../../schedules/core.ts';
import { newId } from '../auth/secrets.ts';
import { coveringPeriod, type CriticalPeriod } from '../critical/model.ts';
import { acknowledgeIncident, isBreached, openIncident, opensIncident, resolveIncident, type IncidentContext } from '../incidents/incident-lifecycle.ts';
import type { Incident, Store } from '../store/types.ts';
import type { AlertSeries } from './model.ts';

export interface IncidentEvents {
  opened(incident: Incident): void;
  breached(incident: Incident): void;
  /** Any incident written: opened, acknowledged, resolved or breached. */
  changed(incident: Incident): void;
  /** An incident opened during a critical period (inside the opening transaction: write what must go with it). */
  critical?(incident: Incident, alert: AlertSeries, period: CriticalPeriod): void;
}

export class IncidentKeeper {
  constructor(
    private readonly store: Store,
    private readonly plans: ReadonlyMap<string, ServicePlan>,
    private readonly calendars: HolidayCalendars,
    private readonly events: IncidentEvents,
  ) {}

  private context(tenantId: string): IncidentContext | null {
    const tenant = this.store.tenants.get(tenantId);
    const plan = tenant && (this.plans.get(tenant.plan) ?? this.plans.get('standard'));
    return tenant && plan ? { tenant, plan, calendars: this.calendars } : null;
  }

  /** Opens an incident for a firing alert unless one is open or the alert is suppressed. */
  firing(alert: AlertSeries, suppressed: boolean, now: number): Incident | null {
    if (suppressed || !opensIncident(alert) || this.store.incidents.openFor(alert.fingerprint)) return null;
    const context = this.context(alert.tenantId!);
    if (!context) return null;
    const openedAt = alert.firedAt ?? now;
    const period = this.criticalPeriodOf(alert, openedAt);
    let incident = openIncident(newId('inc'), alert, { ...context, criticalPeriodId: period?.id ?? null }, openedAt);
    if (alert.acknowledgedAt !== null) incident = acknowledgeIncident(incident, alert.acknowledgedBy ?? 'unknown', context, alert.acknowledgedAt);
    this.store.incidents.create(incident);
    if (period) this.events.critical?.(incident, alert, period);
    this.events.opened(incident);
    this.events.changed(incident);
    return incident;
  }

  /** The active period covering the alert's host (a host-less alert: a period covering every host). */
  private criticalPeriodOf(alert: AlertSeries, at: number): CriticalPeriod | undefined {
    const periods = this.store.criticalPeriods.activeFor(alert.tenantId!, at);
    if (periods.length === 0) return undefined;
    const host = alert.hostId === null ? undefined : this.store.hosts.get(alert.hostId);
    if (host) return coveringPeriod(periods, host, at);
    return periods.find((p) => p.hostIds.length === 0 && p.products.length === 0);
  }

  resolved(alert: AlertSeries, now: number): void {
    const incident = this.store.incidents.openFor(alert.fingerprint);
    const context = incident && this.context(incident.tenantId);
    if (incident && context) this.write(resolveIncident(incident, context, alert.resolvedAt ?? now));
  }

  acknowledged(fingerprint: string, by: string, now: number): void {
    const incident = this.store.incidents.openFor(fingerprint);
    const context = incident && this.context(incident.tenantId);
    if (incident && context) this.write(acknowledgeIncident(incident, by, context, now));
  }

  private write(incident: Incident): void {
    this.store.incidents.update(incident);
    this.events.changed(incident);
  }

  /** Flags open, unanswered incidents whose response deadline has passed. */
  flagBreaches(now: number): Incident[] {
    const breached = this.store.incidents.dueForBreach(now).filter((i) => isBreached(i, now));
    for (const incident of breached) {
      const flagged = { ...incident, responseBreached: true };
      this.write(flagged);
      this.events.breached(flagged);
    }
    return breached;
  }
}
