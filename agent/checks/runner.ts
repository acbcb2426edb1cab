/** Runs the configured checks side by side and tracks status changes between rounds. */
import type { CheckResult, CheckStatusValue, NewReportRecord } from '../../protocol/index.ts';
import { DEFAULT_CHECK_TIMEOUT_MS, type CheckBase, type CheckContext, type CheckOutcome } from './contract.ts';
import { findCheck } from './index.ts';

const MAX_MESSAGE = 1024;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

// A check that ignores its own timeout must not hold up the whole collection round.
function guard(check: CheckBase, run: Promise<CheckOutcome>): Promise<CheckOutcome> {
  const limitMs = (check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS) + 1000;
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'unknown', message: `check did not finish within ${limitMs} ms` }), limitMs);
  });
  return Promise.race([run, overdue]).finally(() => clearTimeout(timer));
}

/** Runs one check; a thrown error becomes an `unknown` result. */
export async function runCheck(check: CheckBase, context: CheckContext): Promise<CheckResult> {
  const definition = findCheck(check.kind);
  let outcome: CheckOutcome;
  try {
    outcome = definition
      ? await guard(check, definition.run(check as never, context))
      : { status: 'unknown', message: `unknown check kind '${check.kind}'` };
  } catch (error) {
    outcome = { status: 'unknown', message: `check failed: ${(error as Error).message}` };
  }
  return { name: check.name, kind: check.kind, ...outcome, message: clip(outcome.message) };
}

/** Runs every check concurrently; results keep the config order. */
export function runChecks(checks: readonly CheckBase[], context: CheckContext): Promise<CheckResult[]> {
  return Promise.all(checks.map((check) => runCheck(check, context)));
}

/**
 * The check-change records for results whose status differs from `previous` (pure). A check
 * seen for the first time changes from 'none'. Returns the new status map too.
 */
export function statusChanges(
  previous: ReadonlyMap<string, CheckStatusValue>,
  results: readonly CheckResult[],
  at: number,
): { changes: NewReportRecord[]; statuses: Map<string, CheckStatusValue> } {
  const statuses = new Map<string, CheckStatusValue>();
  const changes: NewReportRecord[] = [];
  for (const result of results) {
    const from = previous.get(result.name) ?? 'none';
    statuses.set(result.name, result.status);
    if (from !== result.status) {
      changes.push({ kind: 'check-change', at, check: result.name, checkKind: result.kind, from, to: result.status, message: result.message });
    }
  }
  return { changes, statuses };
}
