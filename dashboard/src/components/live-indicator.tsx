/** The live connection's state, announced politely to screen readers when it changes. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import type { LiveClient, LiveStatus } from '../live.ts';

export function LiveIndicator({ live }: { live: LiveClient }) {
  const [status, setStatus] = useState<LiveStatus>(live.status);
  useEffect(() => {
    setStatus(live.status);
    return live.onStatus(setStatus);
  }, [live]);
  return (
    <span class={`live live-${status}`} role="status" aria-live="polite" title={t(`live.${status}.hint`)}>
      <span class="dot" aria-hidden="true" />
      {t(`live.${status}`)}
    </span>
  );
}
