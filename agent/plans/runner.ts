/**
 * The plan runner: takes signed plans from the link, one at a time in arrival order, verifies
 * each when its turn comes (so the clock and the ledger are current), records acceptance in
 * the ledger before any step, executes, and reports every state as a `plan-status` record.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NewReportRecord, PlanBody, PlanStatusRecord, SignedPlan } from '../../protocol/index.ts';
import type { CommandSpec } from '../commands.ts';
import type { Logger } from '../log.ts';
import { systemClock, type PlanClock } from './clock.ts';
import { DEFAULT_MAX_ARTIFACT_BYTES, downloadArtifact, type Downloader } from './download.ts';
import { executePlan, type PlanProgress } from './executor.ts';
import type { HealthFeed } from './health-gate.ts';
import { FINAL_LEDGER_STATES, PlanLedger, lastReported, plansDir } from './ledger.ts';
import { allowListExec, createStepRunner, type ExecLayer } from './steps.ts';
import { pinnedPublicKey, verifyPlan, type PlanIds } from './verify.ts';

/** Plans waiting behind the running one; more are dropped (the control plane sends one per host at a time). */
export const DEFAULT_MAX_QUEUED_PLANS = 16;

/** What the runner needs; `clock`, `exec` and `download` are injectable for tests. */
export interface PlanRunnerOptions {
  stateDir: string;
  hostId: string;
  tenantId: string;
  /** PEM pinned at enrolment. */
  serverPublicKey: string;
  commands: Readonly<Record<string, CommandSpec>>;
  /** Allow-list entry that prints the installed product version (first line of stdout). */
  versionCommand?: string;
  maxArtifactBytes?: number;
  /** Extra CA certificates for artifact downloads. */
  ca?: string[];
  /** Writes a record to the durable outbox (and wakes the link). */
  append: (record: NewReportRecord) => void;
  health: HealthFeed;
  log: Logger;
  clock?: PlanClock;
  exec?: ExecLayer;
  download?: Downloader;
  maxQueued?: number;
}

type StatusFields = Omit<PlanStatusRecord, 'seq' | 'at' | 'kind' | 'planId' | 'rolloutId' | 'version'>;

/** A plan-status record without undefined fields (the outbox stores exactly what the schema allows). */
export function planStatusRecord(ids: PlanIds, fields: StatusFields, at: number): NewReportRecord {
  const record: Record<string, unknown> = { kind: 'plan-status', at, planId: ids.planId, rolloutId: ids.rolloutId, version: ids.version };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) record[key] = value;
  return record as NewReportRecord;
}

/** First non-empty output line of the version command, up to 64 characters; undefined if it failed. */
export function versionFromOutput(exitCode: number | null, output: string): string | undefined {
  if (exitCode !== 0) return undefined;
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  return line ? line.slice(0, 64) : undefined;
}

/** Runs plans one at a time; see the file comment. */
export class PlanRunner {
  private readonly queue: SignedPlan[] = [];
  private readonly clock: PlanClock;
  private readonly exec: ExecLayer;
  private readonly stopController = new AbortController();
  private readonly publicKey;
  private draining: Promise<void> | null = null;

  private constructor(private readonly options: PlanRunnerOptions, private readonly ledger: PlanLedger) {
    this.clock = options.clock ?? systemClock;
    this.exec = options.exec ?? allowListExec(options.commands);
    this.publicKey = pinnedPublicKey(options.serverPublicKey);
  }

  /**
   * Opens the ledger and closes out plans a crash or stop interrupted: they end `failed`
   * with AGENT_RESTARTED and are never resumed, because which step was half done is unknown.
   */
  static open(options: PlanRunnerOptions): PlanRunner {
    const runner = new PlanRunner(options, PlanLedger.open(options.stateDir));
    rmSync(join(plansDir(options.stateDir), 'work'), { recursive: true, force: true });
    if (!runner.publicKey) options.log.warn('no usable control-plane key was pinned at enrolment; every patch plan will be refused. Enrol again to pin it');
    for (const [planId, entry] of runner.ledger.unfinished()) {
      const last = lastReported(entry);
      const where = last.step ? ` during ${last.phase} step '${last.step}'` : '';
      const progress: PlanProgress = { ...last, state: 'failed', reason: `AGENT_RESTARTED: the agent stopped${where}; the plan was not resumed` };
      runner.record({ planId, rolloutId: entry.rolloutId, version: entry.version }, progress);
      options.log.warn('a patch plan was interrupted by a restart; reported as failed', { planId, step: entry.step });
    }
    return runner;
  }

  /** Queues a plan from the link; it is verified when its turn comes. */
  submit(signed: SignedPlan): void {
    if (this.stopController.signal.aborted) return;
    if (this.queue.some((queued) => queued.signature === signed.signature && queued.payload === signed.payload)) return;
    if (this.queue.length >= (this.options.maxQueued ?? DEFAULT_MAX_QUEUED_PLANS)) {
      this.options.log.warn('too many patch plans waiting; dropping this one', { queued: this.queue.length });
      return;
    }
    this.queue.push(signed);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves when no plan is running or waiting. */
  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Drops waiting plans, stops the running one before its next step (killing the step in progress) and waits. */
  async stop(): Promise<void> {
    this.queue.length = 0;
    this.stopController.abort();
    await this.whenIdle();
  }

  private async drain(): Promise<void> {
    for (let signed = this.queue.shift(); signed; signed = this.queue.shift()) {
      try {
        await this.process(signed);
      } catch (error) {
        this.options.log.error('patch plan handling failed', { error });
      }
    }
  }

  private async process(signed: SignedPlan): Promise<void> {
    const { log } = this.options;
    const verdict = verifyPlan(signed, {
      publicKey: this.publicKey, hostId: this.options.hostId, tenantId: this.options.tenantId, commands: this.options.commands,
      highestVersion: this.ledger.highestVersion, alreadyRun: (id) => this.ledger.entry(id) !== undefined, now: this.clock.now(),
    });
    if (verdict.kind === 'refuse') {
      log.warn('refused a patch plan', { code: verdict.code, detail: verdict.detail, planId: verdict.ids?.planId });
      if (verdict.ids) this.emit(verdict.ids, { state: 'refused', reason: verdict.code });
      return;
    }
    const ids = { planId: verdict.plan.planId, rolloutId: verdict.plan.rolloutId, version: verdict.plan.version };
    if (verdict.kind === 'redelivered') {
      const last = lastReported(this.ledger.entry(ids.planId)!);
      log.info('patch plan delivered again; reporting its last state, running nothing', { planId: ids.planId, state: last.state });
      this.emit(ids, last);
      return;
    }
    await this.run(verdict.plan, ids);
  }

  private async run(plan: PlanBody, ids: PlanIds): Promise<void> {
    this.ledger.accept(plan, this.clock.now());
    this.emit(ids, { state: 'accepted' });
    this.options.log.info('patch plan accepted', { planId: plan.planId, releaseVersion: plan.releaseVersion, version: plan.version });
    const workDir = join(plansDir(this.options.stateDir), 'work', plan.planId);
    mkdirSync(workDir, { recursive: true, mode: 0o700 });
    const signal = this.stopController.signal;
    try {
      const final = await executePlan(plan, {
        runStep: createStepRunner({
          plan, workDir, exec: this.exec, download: this.options.download ?? downloadArtifact,
          downloadOptions: { ca: this.options.ca, maxBytes: this.options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES },
        }),
        health: this.options.health, clock: this.clock, signal,
        report: (progress) => this.record(ids, progress),
        ...(this.options.versionCommand ? { readVersion: () => this.readVersion(this.options.versionCommand!, signal) } : {}),
      });
      this.options.log.info('patch plan finished', { planId: plan.planId, state: final.state, reason: final.reason });
    } catch (error) {
      this.record(ids, { state: 'failed', reason: `AGENT_ERROR: ${(error as Error).message}`.slice(0, 1024) });
      throw error;
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  private async readVersion(command: string, signal: AbortSignal): Promise<string | undefined> {
    try {
      const result = await this.exec(command, { signal, tailChars: 1000 });
      return versionFromOutput(result.exitCode, result.outputTail);
    } catch {
      return undefined;
    }
  }

  // The ledger first: a record may be sent, but the ledger decides what a restart does.
  private record(ids: PlanIds, progress: PlanProgress): void {
    const { state, ...rest } = progress;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    this.ledger.update(ids.planId, { state, ...clean, ...(FINAL_LEDGER_STATES.has(state) ? { finishedAt: this.clock.now() } : {}) });
    this.emit(ids, progress);
  }

  private emit(ids: PlanIds, fields: StatusFields): void {
    this.options.append(planStatusRecord(ids, fields, this.clock.now()));
  }
}
