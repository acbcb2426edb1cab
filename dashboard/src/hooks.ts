/** Small shared hooks: a ticking clock, a debounced value, live-message subscriptions, action state. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveMessage } from './live.ts';
import { useSession } from './session.ts';

/** The current time, refreshed every `everyMs`, for relative times that must keep moving. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `value` once it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Calls the latest `listener` for each live message and `onReconnect` after each reconnect. */
export function useLive(listener: (message: LiveMessage) => void, onReconnect?: () => void): void {
  const { live } = useSession();
  const latest = useRef({ listener, onReconnect });
  latest.current = { listener, onReconnect };
  useEffect(() => {
    const offMessage = live.onMessage((message) => latest.current.listener(message));
    const offReconnect = live.onReconnect(() => latest.current.onReconnect?.());
    return () => {
      offMessage();
      offReconnect();
    };
  }, [live]);
}

/** Moves keyboard focus to the page's heading when the page (its `key`) changes. */
export function useFocusOnChange(key: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, [key]);
  return ref;
}

/** Busy and error state of a submit or button action; `run` clears the last error first. */
export function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
