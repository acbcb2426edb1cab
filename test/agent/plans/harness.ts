/** A plan runner over real allow-listed scripts in a temp dir, with a hand-moved clock and a spy on the exec layer. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, NewReportRecord, PlanBody } from '../../../protocol/index.ts';
import type { RunCommandOptions } from '../../../agent/commands.ts';
import { silentLogger } from '../../../agent/log.ts';
import type { Downloader } from '../../../agent/plans/download.ts';
import { PlanRunner, type PlanRunnerOptions } from '../../../agent/plans/runner.ts';
import { allowListExec, type ExecLayer } from '../../../agent/plans/steps.ts';
import { tempDir } from '../helpers.ts';
import { HOST_ID, TENANT_ID, check, keyPair, manualClock, planBody, scriptedHealth, signPlan, statusRecords, stepScript } from './fixtures.ts';

/** Everything a runner test looks at. */
export interface Harness {
  stateDir: string;
  versionFile: string;
  clock: ReturnType<typeof manualClock>;
  records: NewReportRecord[];
  /** Allow-list names the exec layer was asked to run, in order. */
  execs: string[];
  /** Runs after each command, with the step it ran (tests move the clock here). */
  afterExec: (name: string, options: RunCommandOptions) => void;
  open(extra?: Partial<PlanRunnerOptions>): PlanRunner;
  sign(overrides?: Partial<PlanBody>): ReturnType<typeof signPlan>;
  /** Lines the step script logged: "phase:step:args". */
  stepLog(): string[];
  states(): string[];
}

/** A harness whose health feed reports `rounds` during each health gate (one ok round by default). */
export function harness(rounds: CheckResult[][] = [[check('erp', 'ok')]], download?: Downloader): Harness {
  const dir = tempDir();
  const stateDir = join(dir, 'state');
  const logFile = join(dir, 'steps.log');
  const versionFile = join(dir, 'version');
  writeFileSync(versionFile, '1.0.0\n');
  const commands = { step: { path: stepScript(dir), args: [logFile] }, version: { path: '/bin/cat', args: [versionFile] } };
  const clock = manualClock();
  const server = keyPair();
  const real = allowListExec(commands);
  const h: Harness = {
    stateDir, versionFile, clock, records: [], execs: [],
    afterExec: () => {},
    open: (extra = {}) =>
      PlanRunner.open({
        stateDir, hostId: HOST_ID, tenantId: TENANT_ID, serverPublicKey: server.publicKeyPem, commands, versionCommand: 'version',
        append: (record) => h.records.push(record), health: scriptedHealth(clock, rounds), log: silentLogger, clock, exec, ...(download ? { download } : {}), ...extra,
      }),
    sign: (overrides = {}) => signPlan(planBody(overrides), server.privateKey),
    stepLog: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n') : []),
    states: () => statusRecords(h.records).map((r) => (r.step ? `${r.state}:${r.phase}:${r.step}` : r.state)),
  };
  const exec: ExecLayer = async (name, options) => {
    h.execs.push(name);
    const result = await real(name, options);
    h.afterExec(name, options);
    return result;
  };
  return h;
}

/** Runs one signed plan through a fresh runner and waits for it to finish. */
export async function runOnce(h: Harness, overrides: Partial<PlanBody> = {}): Promise<PlanRunner> {
  const runner = h.open();
  runner.submit(h.sign(overrides));
  await runner.whenIdle();
  return runner;
}

/** The last plan-status record. */
export function lastStatus(h: Harness) {
  const all = statusRecords(h.records);
  return all[all.length - 1];
}
