/** Reconnect delays: exponential backoff with full jitter (pure). */

/** Backoff bounds in milliseconds. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Floor under the jitter, so a run of tiny random draws cannot make a tight loop. */
  minMs: number;
}

/** Defaults: about 1 s at first, never more than 60 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 60_000, minMs: 100 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first): uniform in
 * [minMs, min(capMs, baseMs * 2^attempt)], given a random draw in [0, 1).
 */
export function backoffDelayMs(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.max(options.minMs, Math.floor(random * ceiling));
}
