/** Reconnect delays (exponential backoff with full jitter) and the fail-over order (pure). */

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

/**
 * Delay before the next attempt after `failures` consecutive failed attempts (1 or more) over
 * a list of `serverCount` URLs tried round robin. Rule: the hop to the next URL inside a round
 * waits only the first backoff step (at most `baseMs`, jittered), so a dead replica costs one
 * short attempt while another may be healthy; once every URL has failed in a row (a full
 * round), the exponential step advances by one. With one URL this is `backoffDelayMs(failures - 1)`.
 */
export function failoverDelayMs(failures: number, serverCount: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const count = Math.max(1, serverCount);
  const roundEnded = failures > 0 && failures % count === 0;
  return backoffDelayMs(roundEnded ? failures / count - 1 : 0, random, options);
}

/**
 * Index of the URL a fresh start connects to first: a 32-bit integer hash of `seed`
 * (SplitMix32-style), so agents started with random seeds spread over the replicas
 * and a fixed seed always picks the same one.
 */
export function firstServerIndex(serverCount: number, seed: number): number {
  let x = (seed | 0) + 0x9e3779b9;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) % Math.max(1, serverCount);
}
