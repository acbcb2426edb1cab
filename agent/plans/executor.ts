/**
 * Executing an accepted plan: pre-check -> download -> apply -> post-check -> health gate,
 * with the rollback steps when anything after the first apply step goes wrong. Forward steps
 * never start after the plan's `notAfter`; rollback steps may, because leaving a host half
 * patched is worse than overrunning the cutoff.
 */
import type { PlanBody, PlanPhase, PlanStatusRecord, PlanStep } from '../../protocol/index.ts';
import type { PlanClock } from './clock.ts';
import { runHealthGate, type HealthFeed } from './health-gate.ts';
import type { LedgerState } from './ledger.ts';
import type { StepRunner } from './steps.ts';

/** The phases that move a host forward, in the order they run. */
export const FORWARD_PHASES: readonly PlanPhase[] = ['pre-check', 'download', 'apply', 'post-check'];

/** Step name reported while the health gate watches the checks. */
export const HEALTH_GATE_STEP = 'health-gate';

/** One progress report (a `plan-status` record's own fields); the runner adds the ids and writes the ledger. */
export type PlanProgress = Omit<PlanStatusRecord, 'seq' | 'at' | 'kind' | 'planId' | 'rolloutId' | 'version' | 'state'> & { state: LedgerState };

/** What a plan runs with. */
export interface PlanExecutionDeps {
  runStep: StepRunner;
  health: HealthFeed;
  clock: PlanClock;
  report: (progress: PlanProgress) => void;
  /** The host's product version from the configured `versionCommand`, if any. */
  readVersion?: () => Promise<string | undefined>;
  /** Aborted when the agent stops: no further step starts and the plan ends `failed`. */
  signal?: AbortSignal;
}

type Stop = { reason: string; step?: string; phase?: PlanPhase; outputTail?: string; stopping?: boolean };

const MAX_REASON = 1024;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function stepsOf(plan: PlanBody, phase: PlanPhase): PlanStep[] {
  return plan.steps.filter((step) => step.phase === phase);
}

type Before = { versionBefore?: string };
type Forward = { stop: Stop | null; applyStarted: boolean; lastTail?: string };

// Pre-check, download, apply, post-check, then the health gate; stops at the first problem.
async function runForward(plan: PlanBody, deps: PlanExecutionDeps, base: Before): Promise<Forward> {
  let applyStarted = false;
  let lastTail: string | undefined;
  const stopped = (stop: Stop): Forward => ({ stop, applyStarted, lastTail });
  for (const phase of FORWARD_PHASES) {
    for (const step of stepsOf(plan, phase)) {
      const at = { step: step.name, phase };
      if (deps.signal?.aborted) return stopped({ reason: 'AGENT_STOPPING: the agent stopped before this step', ...at, stopping: true });
      if (deps.clock.now() > plan.notAfter) {
        return stopped({ reason: `CUTOFF_REACHED: ${phase} step '${step.name}' would start after ${new Date(plan.notAfter).toISOString()}`, ...at });
      }
      if (phase === 'apply') applyStarted = true;
      deps.report({ ...base, state: 'running', ...at });
      const outcome = await deps.runStep(step, deps.signal);
      lastTail = outcome.outputTail;
      if (deps.signal?.aborted) return stopped({ reason: `AGENT_STOPPING: the agent stopped during ${phase} step '${step.name}'`, ...at, outputTail: lastTail, stopping: true });
      if (!outcome.ok) return stopped({ reason: outcome.reason ?? 'STEP_FAILED', ...at, outputTail: lastTail });
    }
  }
  const gateAt = { step: HEALTH_GATE_STEP, phase: 'post-check' as const };
  deps.report({ ...base, state: 'running', ...gateAt });
  const gate = await runHealthGate(deps.health, deps.clock, plan.healthGateSeconds, deps.signal);
  if (gate.kind === 'stopped') return stopped({ reason: 'AGENT_STOPPING: the agent stopped during the health gate', ...gateAt, stopping: true });
  if (gate.kind === 'failed') return stopped({ reason: gate.reason, ...gateAt });
  return { stop: null, applyStarted, lastTail };
}

/** Runs `plan` to a final state and returns the final progress report (also reported). */
export async function executePlan(plan: PlanBody, deps: PlanExecutionDeps): Promise<PlanProgress> {
  const versionBefore = deps.readVersion ? await deps.readVersion() : undefined;
  const base: Before = versionBefore === undefined ? {} : { versionBefore };
  const { stop, applyStarted, lastTail } = await runForward(plan, deps, base);
  let outcome: PlanProgress;
  if (!stop) outcome = { state: 'succeeded', ...(lastTail ? { outputTail: lastTail } : {}) };
  // Before any apply step nothing changed on the host, and a stopping agent cannot roll back.
  else if (!applyStarted || stop.stopping) outcome = { state: 'failed', reason: stop.reason, step: stop.step, phase: stop.phase, ...(stop.outputTail ? { outputTail: stop.outputTail } : {}) };
  else outcome = await rollback(plan, deps, base, stop);
  const versionAfter = deps.readVersion && !deps.signal?.aborted ? await deps.readVersion() : undefined;
  const final: PlanProgress = { ...base, ...outcome, ...(versionAfter === undefined ? {} : { versionAfter }) };
  if (final.reason) final.reason = clip(final.reason, MAX_REASON);
  deps.report(final);
  return final;
}

async function rollback(plan: PlanBody, deps: PlanExecutionDeps, base: Before, cause: Stop): Promise<PlanProgress> {
  const steps = stepsOf(plan, 'rollback');
  const at = { step: cause.step, phase: cause.phase };
  if (steps.length === 0) {
    return { state: 'failed', reason: `NO_ROLLBACK_STEPS: ${cause.reason}; the plan has no rollback steps`, ...at, ...(cause.outputTail ? { outputTail: cause.outputTail } : {}) };
  }
  let outputTail: string | undefined;
  for (const step of steps) {
    if (deps.signal?.aborted) return { state: 'failed', reason: `AGENT_STOPPING: the agent stopped during rollback after ${cause.reason}`, step: step.name, phase: 'rollback' };
    deps.report({ ...base, state: 'running', step: step.name, phase: 'rollback' });
    const outcome = await deps.runStep(step, deps.signal);
    outputTail = outcome.outputTail;
    if (!outcome.ok) {
      return { state: 'failed', reason: `ROLLBACK_FAILED: ${outcome.reason ?? 'STEP_FAILED'}, after ${cause.reason}`, step: step.name, phase: 'rollback', ...(outputTail ? { outputTail } : {}) };
    }
  }
  // The reason says why the rollback ran; the tail is the failing step's, which explains it.
  return { state: 'rolled-back', reason: cause.reason, ...at, ...(cause.outputTail ? { outputTail: cause.outputTail } : outputTail ? { outputTail } : {}) };
}
