/**
 * How many alerts are firing, for the header: fetched once per sign-in and after each
 * reconnect, then kept current from live alert pushes.
 */
import { useEffect, useState } from 'preact/hooks';
import { updateFiring } from './alerts.ts';
import { alertsApi, LIST_LIMIT } from './api.ts';
import type { LiveClient } from './live.ts';

/** The firing count (capped at the list limit), or null before it is known or when signed out. */
export function useFiringCount(live: LiveClient | null): number | null {
  const [firing, setFiring] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    setFiring(null);
    if (!live) return;
    let current = true;
    const load = () =>
      alertsApi.alerts({ states: ['firing'], limit: LIST_LIMIT }).then(
        (page) => current && setFiring(new Set(page.items.map((alert) => alert.fingerprint))),
        () => undefined,
      );
    void load();
    const offMessage = live.onMessage((message) => {
      if (message.type === 'alerts') setFiring((set) => set && updateFiring(set, message.items));
    });
    const offReconnect = live.onReconnect(() => void load());
    return () => {
      current = false;
      offMessage();
      offReconnect();
    };
  }, [live]);
  return firing === null ? null : firing.size;
}
