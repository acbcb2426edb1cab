/** Time as plans see it: injected, so tests move it by hand and never sleep. */

/** A source of the current instant and of waits that can end early. */
export interface PlanClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: PlanClock = {
  now: () => Date.now(),
  wait(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
