/**
 * Running one plan step: an allow-listed command (execFile, no shell, the step's arguments
 * after the entry's fixed ones, the step's timeout) or a download with its sha256 check.
 */
import type { PlanBody, PlanStep } from '../../protocol/index.ts';
import { runAllowedCommand, type CommandResult, type CommandSpec, type RunCommandOptions } from '../commands.ts';
import type { DownloadOptions, Downloader } from './download.ts';

/** The one place plan steps start processes; tests wrap it to count executions. */
export type ExecLayer = (name: string, options: RunCommandOptions) => Promise<CommandResult>;

/** How a step ended; `reason` starts with a stable code when it failed. */
export interface StepOutcome {
  ok: boolean;
  reason?: string;
  outputTail?: string;
}

/** Runs one step of the plan it was made for. */
export type StepRunner = (step: PlanStep, signal?: AbortSignal) => Promise<StepOutcome>;

/** What steps of one plan run with. */
export interface StepEnvironment {
  plan: PlanBody;
  /** Per-plan directory under the state dir: downloads land here and commands run in it. */
  workDir: string;
  exec: ExecLayer;
  download: Downloader;
  downloadOptions: Omit<DownloadOptions, 'timeoutMs' | 'signal'>;
}

/** Characters of output kept per step (the record allows 4096). */
export const STEP_TAIL_CHARS = 2000;
// execFile keeps output in memory and kills a command that prints more than this.
const STEP_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The exec layer over a host's allow-list. */
export function allowListExec(commands: Readonly<Record<string, CommandSpec>>): ExecLayer {
  return (name, options) => runAllowedCommand(commands, name, options);
}

/** Environment every step command gets, so scripts find the artifacts and know the plan. */
export function stepEnv(plan: PlanBody, step: PlanStep, workDir: string): Record<string, string> {
  return {
    TIDEWAY_PLAN_ID: plan.planId,
    TIDEWAY_ROLLOUT_ID: plan.rolloutId,
    TIDEWAY_RELEASE_ID: plan.releaseId,
    TIDEWAY_RELEASE_VERSION: plan.releaseVersion,
    TIDEWAY_PLAN_DIR: workDir,
    TIDEWAY_STEP: step.name,
    TIDEWAY_PHASE: step.phase,
  };
}

/** A command result as a step outcome. */
export function commandOutcome(step: PlanStep, result: CommandResult): StepOutcome {
  const where = `${step.phase} step '${step.name}'`;
  const outputTail = result.outputTail || undefined;
  if (result.timedOut) return { ok: false, reason: `STEP_TIMED_OUT: ${where} ran past ${step.timeoutMs} ms`, outputTail };
  if (result.spawnError) return { ok: false, reason: `STEP_NOT_STARTED: ${where}: ${result.spawnError}`, outputTail };
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited ${result.exitCode}`;
    return { ok: false, reason: `STEP_FAILED: ${where} ${how}`, outputTail };
  }
  return { ok: true, outputTail };
}

/** A step runner for one plan. */
export function createStepRunner(env: StepEnvironment): StepRunner {
  return async (step, signal) => {
    if (step.phase === 'download' && step.artifact) {
      try {
        await env.download(step.artifact, env.workDir, { ...env.downloadOptions, timeoutMs: step.timeoutMs, signal });
        return { ok: true, outputTail: `downloaded ${step.artifact.name}, sha256 ${step.artifact.sha256}` };
      } catch (error) {
        const code = (error as { code?: unknown }).code === 'SHA256_MISMATCH' ? 'SHA256_MISMATCH' : 'DOWNLOAD_FAILED';
        return { ok: false, reason: `${code}: download step '${step.name}': ${(error as Error).message}` };
      }
    }
    if (step.command === undefined) return { ok: false, reason: `STEP_NOT_ALLOWED: ${step.phase} step '${step.name}' names no command` };
    try {
      const result = await env.exec(step.command, {
        extraArgs: step.args,
        timeoutMs: step.timeoutMs,
        cwd: env.workDir,
        env: stepEnv(env.plan, step, env.workDir),
        signal,
        tailChars: STEP_TAIL_CHARS,
        maxOutputBytes: STEP_MAX_OUTPUT_BYTES,
      });
      return commandOutcome(step, result);
    } catch (error) {
      return { ok: false, reason: `STEP_NOT_ALLOWED: ${(error as Error).message}` };
    }
  };
}
