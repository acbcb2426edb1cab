/** Status badges: colour plus a word (colour is never the only signal). */
import { actorName, type MuteStatus } from '../alerts.ts';
import { formatDateTime } from '../format.ts';
import { getLang, hasKey, t } from '../i18n/index.ts';
import type { AlertItem, CheckResult, HostStatus } from '../types.ts';

/** A host's heartbeat status. */
export function StatusBadge({ status }: { status: HostStatus }) {
  return <span class={`badge status-${status}`} data-status={status}>{t(`status.${status}`)}</span>;
}

/** A check's last result. */
export function CheckBadge({ status }: { status: CheckResult['status'] }) {
  return <span class={`badge check-${status}`} data-status={status}>{t(`check.${status}`)}</span>;
}

/** Shown next to an agent version older than the control plane's. */
export function OutdatedBadge() {
  return (
    <span class="badge outdated" title={t('agent.outdatedHint')}>
      {t('agent.outdated')}
    </span>
  );
}

/** An alert's or incident's severity; unknown severities show as they are. */
export function SeverityBadge({ severity }: { severity: string }) {
  const key = `severity.${severity}`;
  return (
    <span class={`badge severity-${hasKey(key) ? severity : 'other'}`} data-severity={severity}>
      {hasKey(key) ? t(key) : severity}
    </span>
  );
}

/** The conditions that change how an alert is handled: flapping, acknowledged, silenced, in maintenance. */
export function AlertFlags({ alert, timeZone }: { alert: AlertItem; timeZone?: string }) {
  const acknowledgedAt = alert.acknowledgedAt === null ? null : Date.parse(alert.acknowledgedAt);
  return (
    <>
      {alert.flapping && (
        <span class="badge flag-flapping" data-flag="flapping" title={t('alert.flappingHint')}>
          {t('alert.flapping')}
        </span>
      )}
      {acknowledgedAt !== null && (
        <span class="badge flag-acknowledged" data-flag="acknowledged" title={t('alert.acknowledgedHint', { by: actorName(alert.acknowledgedBy), at: formatDateTime(acknowledgedAt, getLang(), timeZone) })}>
          {t('alert.acknowledged')}
        </span>
      )}
      {alert.silenced && (
        <span class="badge flag-silenced" data-flag="silenced" title={t('alert.silencedHint')}>
          {t('alert.silenced')}
        </span>
      )}
      {alert.suppressed && (
        <span class="badge flag-suppressed" data-flag="suppressed" title={t('alert.suppressedHint')}>
          {t('alert.suppressed')}
        </span>
      )}
    </>
  );
}

/** Where a silence or maintenance period stands in time. */
export function MuteBadge({ status }: { status: MuteStatus }) {
  return (
    <span class={`badge mute-${status}`} data-status={status}>
      {t(`mute.${status}`)}
    </span>
  );
}
