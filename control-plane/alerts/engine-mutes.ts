/**
 * Why an alert is not notified right now (pure, driven by `now`): a matching silence, a
 * maintenance period over its host, or flapping. Also the alert as notification routing sees it.
 */
import { matchesAll } from './matchers.ts';
import type { AlertSeries, MaintenancePeriod, MuteReason, NotifiableAlert, Silence } from './model.ts';

/** A silence applies to alerts of its tenant (or to every alert when it has none). */
export function silencedBy(alert: Pick<AlertSeries, 'labels' | 'tenantId'>, silences: readonly Silence[], now: number): Silence | undefined {
  return silences.find(
    (s) =>
      s.expiredAt === null &&
      s.startsAt <= now &&
      now < s.endsAt &&
      (s.tenantId === null || s.tenantId === alert.tenantId) &&
      matchesAll(alert.labels, s.matchers),
  );
}

/** A maintenance period covers an alert of its tenant's listed hosts (all hosts when none are listed). */
export function inMaintenance(alert: Pick<AlertSeries, 'tenantId' | 'hostId'>, periods: readonly MaintenancePeriod[], now: number): boolean {
  return periods.some(
    (p) =>
      p.startsAt <= now &&
      now < p.endsAt &&
      p.tenantId === alert.tenantId &&
      (p.hostIds.length === 0 || (alert.hostId !== null && p.hostIds.includes(alert.hostId))),
  );
}

export function muteReasons(alert: AlertSeries, silences: readonly Silence[], periods: readonly MaintenancePeriod[], now: number): MuteReason[] {
  const reasons: MuteReason[] = [];
  if (silencedBy(alert, silences, now)) reasons.push('silenced');
  if (inMaintenance(alert, periods, now)) reasons.push('suppressed');
  if (alert.flapping) reasons.push('flapping');
  return reasons;
}

/** The alert for notification routing, or null while it is not firing or just resolved. */
export function toNotifiable(alert: AlertSeries, mutedBy: MuteReason[]): NotifiableAlert | null {
  if (alert.state !== 'firing' && alert.state !== 'resolved') return null;
  if (alert.firedAt === null) return null;
  return {
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    status: alert.state,
    startsAt: alert.firedAt,
    endsAt: alert.state === 'resolved' ? alert.resolvedAt : null,
    value: alert.value,
    tenantId: alert.tenantId,
    acknowledged: alert.acknowledgedAt !== null,
    mutedBy,
  };
}

/** A short key of what routing needs to know changed: state, mutes and acknowledgement. */
export function notifyKey(alert: NotifiableAlert): string {
  return `${alert.status}|${alert.mutedBy.join(',')}|${alert.acknowledged ? 1 : 0}|${alert.startsAt}`;
}
