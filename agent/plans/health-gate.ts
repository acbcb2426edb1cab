/**
 * The health gate after post-check: the host's own check results, as the collection loop
 * produces them, must have no `critical` status for the gate's whole length.
 */
import type { CheckResult } from '../../protocol/index.ts';
import type { PlanClock } from './clock.ts';

/** Called with each collection round's check results and the round's start instant. */
export type CheckRoundListener = (checks: readonly CheckResult[], at: number) => void;

/** Where the gate hears about check rounds. */
export interface HealthFeed {
  /** Starts listening; the returned function stops. */
  subscribe(listener: CheckRoundListener): () => void;
}

/** A feed the collection loop publishes to and plans listen on. */
export class CheckResultsFeed implements HealthFeed {
  private readonly listeners = new Set<CheckRoundListener>();

  /** Hands one round's results to every listener. */
  publish(checks: readonly CheckResult[], at: number): void {
    for (const listener of [...this.listeners]) listener(checks, at);
  }

  subscribe(listener: CheckRoundListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** How the gate ended; `stopped` when `signal` aborted it. */
export type GateOutcome = { kind: 'passed' } | { kind: 'failed'; reason: string } | { kind: 'stopped' };

/**
 * Watches check rounds that start at or after the gate for `seconds`. A critical result ends
 * the gate at once; a gate that saw no round at all fails too, because an unwatched host
 * is not known to be healthy. Zero seconds turns the gate off.
 */
export async function runHealthGate(feed: HealthFeed, clock: PlanClock, seconds: number, signal?: AbortSignal): Promise<GateOutcome> {
  if (seconds === 0) return { kind: 'passed' };
  const startedAt = clock.now();
  const early = new AbortController();
  const onStop = () => early.abort();
  signal?.addEventListener('abort', onStop, { once: true });
  let rounds = 0;
  let failure: string | null = null;
  const unsubscribe = feed.subscribe((checks, at) => {
    if (at < startedAt || failure) return;
    rounds += 1;
    const critical = checks.find((check) => check.status === 'critical');
    if (!critical) return;
    failure = `HEALTH_GATE_FAILED: check '${critical.name}' is critical: ${critical.message}`;
    early.abort();
  });
  try {
    if (!signal?.aborted) await clock.wait(seconds * 1000, early.signal);
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onStop);
  }
  if (failure) return { kind: 'failed', reason: failure };
  if (signal?.aborted) return { kind: 'stopped' };
  if (rounds === 0) return { kind: 'failed', reason: `HEALTH_GATE_FAILED: no check round completed within ${seconds} s` };
  return { kind: 'passed' };
}
