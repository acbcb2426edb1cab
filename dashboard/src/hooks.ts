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

/** What `useResource` holds: the last loaded value (null while the first load of these inputs runs). */
export interface Resource<T> {
  data: T | null;
  error: unknown;
  /** Loads again without clearing what is shown. */
  reload: () => void;
  /**
   * Loads again once the load under way (if any) has finished, rather than cutting it short:
   * for live pushes that may come faster than a large answer arrives.
   */
  refresh: () => void;
  setData: (update: (current: T | null) => T | null) => void;
}

/**
 * Loads `load` whenever `inputs` change, aborting the load under way, and again on
 * `reload()` (or, on `refresh()`, after the load under way). New inputs clear the shown
 * value (a loading state, not the last list under a new heading); a reload keeps it until
 * the answer arrives. `load` null loads nothing.
 */
export function useResource<T>(load: ((signal: AbortSignal) => Promise<T>) | null, inputs: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    setData(null);
    setError(null);
  }, inputs);
  const loading = useRef({ busy: false, again: false });
  useEffect(() => {
    const run = latest.current;
    if (!run) return;
    const abort = new AbortController();
    loading.current = { busy: true, again: false };
    run(abort.signal)
      .then(
        (value) => {
          setData(value);
          setError(null);
        },
        (cause) => (cause as Error)?.name === 'AbortError' || setError(cause),
      )
      .finally(() => {
        if (abort.signal.aborted) return;
        const again = loading.current.again;
        loading.current = { busy: false, again: false };
        if (again) setTick((n) => n + 1);
      });
    return () => abort.abort();
  }, [...inputs, tick]);
  const refresh = () => {
    if (loading.current.busy) loading.current.again = true;
    else setTick((n) => n + 1);
  };
  return { data, error, reload: () => setTick((n) => n + 1), refresh, setData };
}
