/**
 * One collection round per interval: host metrics and every check into one `sample` record,
 * a `check-change` record for each status that moved, and `facts` when they change.
 */
import type { CheckResult, CheckStatusValue, HostFacts } from '../../protocol/index.ts';
import { runChecks, statusChanges } from '../checks/runner.ts';
import type { CheckBase, CheckContext } from '../checks/contract.ts';
import { HostMetricsCollector } from '../collectors/host-metrics.ts';
import { ProcessTable } from '../collectors/processes.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/outbox.ts';

/** What the loop needs. */
export interface CollectionLoopOptions {
  outbox: Outbox;
  checks: readonly CheckBase[];
  checkContext: CheckContext;
  intervalSeconds: number;
  factsRefreshSeconds: number;
  gatherFacts: () => HostFacts;
  /** Called after records were appended, so the link can send them. */
  onAppended: () => void;
  /** Called with each round's check results (a patch plan's health gate listens). */
  onChecks?: (checks: readonly CheckResult[], at: number) => void;
  log: Logger;
  now?: () => number;
}

/** The next round's start: the first slot after `now` on the grid that began at `startedAt` (pure). */
export function nextRoundAt(startedAt: number, intervalMs: number, now: number): number {
  const slots = Math.floor((now - startedAt) / intervalMs) + 1;
  return startedAt + slots * intervalMs;
}

/** Runs collection rounds until stopped; a slow round makes the next one skip, never overlap. */
export class CollectionLoop {
  private readonly collector = new HostMetricsCollector();
  private statuses = new Map<string, CheckStatusValue>();
  private factsJson = '';
  private factsCheckedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: CollectionLoopOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Writes facts now and schedules the first round one interval later. */
  start(): void {
    const startedAt = this.now();
    this.collector.prime(startedAt);
    this.refreshFacts(startedAt, true);
    this.options.onAppended();
    const intervalMs = this.options.intervalSeconds * 1000;
    const schedule = () => {
      if (this.stopped) return;
      const delay = nextRoundAt(startedAt, intervalMs, this.now()) - this.now();
      this.timer = setTimeout(() => {
        this.current = this.round().finally(schedule);
      }, Math.max(0, delay));
    };
    schedule();
  }

  /** Stops scheduling and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One round; errors are logged and the loop goes on. */
  async round(): Promise<void> {
    const { outbox, log } = this.options;
    try {
      const at = this.now();
      // One look at /proc per round, shared by the process count and every process check.
      const processes = new ProcessTable();
      const [metrics, checks] = await Promise.all([
        this.collector.collect(at, processes),
        runChecks(this.options.checks, { ...this.options.checkContext, processes }),
      ]);
      if (this.stopped) return;
      outbox.append({ kind: 'sample', at, metrics, checks });
      const { changes, statuses } = statusChanges(this.statuses, checks, at);
      this.statuses = statuses;
      for (const change of changes) outbox.append(change);
      this.refreshFacts(at, false);
      this.options.onAppended();
      this.options.onChecks?.(checks, at);
    } catch (error) {
      log.error('collection round failed', { error });
    }
  }

  private refreshFacts(at: number, force: boolean): void {
    if (!force && at - this.factsCheckedAt < this.options.factsRefreshSeconds * 1000) return;
    this.factsCheckedAt = at;
    const facts = this.options.gatherFacts();
    const json = JSON.stringify(facts);
    if (json === this.factsJson) return;
    this.factsJson = json;
    this.options.outbox.append({ kind: 'facts', at, facts });
  }
}
