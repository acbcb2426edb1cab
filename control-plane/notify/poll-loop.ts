/**
 * Runs an async round now and then: every `pollMs`, at once when woken, and again straight
 * away while rounds report more work. Stopping waits for the round in flight.
 */

/** A started-and-stopped background loop. */
export interface PollLoop {
  start(): void;
  /** Run a round as soon as the current one (if any) ends. */
  wake(): void;
  stop(): Promise<void>;
}

/** `round` resolves true when it left work behind; `onError` hears a round that threw. */
export function createPollLoop(round: () => Promise<boolean>, pollMs: number, onError: (error: Error) => void): PollLoop {
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let woken = false;

  function schedule(delayMs: number): void {
    if (!started) return;
    if (running) {
      woken ||= delayMs === 0;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  }

  function run(): void {
    timer = null;
    running = (async () => {
      while (started && (await round()));
    })()
      .catch(onError)
      .finally(() => {
        running = null;
        const again = woken;
        woken = false;
        schedule(again ? 0 : pollMs);
      });
  }

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    wake: () => schedule(0),
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
