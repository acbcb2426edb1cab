/**
 * Keeps incidents in step with alerts: a firing alert of warning or above (not suppressed
 * by maintenance) opens one for its tenant; acknowledging the alert answers it; resolving the
 * alert resolves it; an unanswered incident past its deadline is flagged as breached.
 */
import type { HolidayCalendars, ServicePlan } from '../../schedules/core.ts';
import { newId } from '../auth/secrets.ts';
import { acknowledgeIncident, isBreached, openIncident, opensIncident, resolveIncident, type IncidentContext } from '../incidents/incident-lifecycle.ts';
import type { Incident, Store } from '../store/types.ts';
import type { AlertSeries } from './model.ts';

export interface IncidentEvents {
  opened(incident: Incident): void;
  breached(incident: Incident): void;
  /** Any incident written: opened, acknowledged, resolved or breached. */
  changed(incident: Incident): void;
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
    let incident = openIncident(newId('inc'), alert, context, alert.firedAt ?? now);
    if (alert.acknowledgedAt !== null) incident = acknowledgeIncident(incident, alert.acknowledgedBy ?? 'unknown', context, alert.acknowledgedAt);
    this.store.incidents.create(incident);
    this.events.opened(incident);
    this.events.changed(incident);
    return incident;
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
