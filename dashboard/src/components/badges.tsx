/** Status badges: colour plus a word (colour is never the only signal). */
import { t } from '../i18n/index.ts';
import type { CheckResult, HostStatus } from '../types.ts';

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
