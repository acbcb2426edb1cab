/**
 * Report sign-off against the store: issue, confirm, amend and the sweep that records
 * confirmations by default. Each step reads the sign-off, applies the pure transition and
 * writes it with its audit entry in one transaction, so a step is recorded exactly once.
 */
import { ScheduleError, type HolidayCalendars } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { Store, StoredReport } from '../store/types.ts';
import { nextSignOff, signOffDueAt, type SignOff, type SignOffEvent } from './sign-off.ts';

/** What sign-off reads and writes. */
export interface SignOffDeps {
  store: Store;
  holidays: HolidayCalendars;
}

/** A decision a tenant (or ops on its behalf) makes. */
export type SignOffDecision = { kind: 'confirm' } | { kind: 'amend'; text: string };

/** Audit action of each transition. */
const AUDIT_ACTION: Record<SignOffEvent['kind'], string> = {
  issue: 'report.issued',
  confirm: 'report.confirmed',
  amend: 'report.amended',
  default: 'report.confirmed-by-default',
};

/** Most sign-offs one sweep decides; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

function reportOf(store: Store, reportId: string): StoredReport {
  const report = store.reports.get(reportId);
  if (!report) throw new AppError('NOT_FOUND', 'report not found');
  return report;
}

function audit(store: Store, report: { id: string; tenantId: string }, event: SignOffEvent, actor: string, signOff: SignOff, now: number): void {
  const details: Record<string, unknown> = { state: signOff.state, dueAt: new Date(signOff.dueAt).toISOString(), calendar: signOff.calendar };
  if (event.kind === 'amend') details.amendments = signOff.amendments;
  if (event.kind === 'default') details.decidedAt = new Date(signOff.decidedAt!).toISOString();
  store.audit.append({ at: now, actor, action: AUDIT_ACTION[event.kind], tenantId: report.tenantId, target: report.id, details });
}

/**
 * Issues a report for sign-off at `now`, due at the end of the fifth working day on its
 * tenant's 5x8 calendar. `SIGNOFF_EXISTS` when already issued; `UNKNOWN_CALENDAR` when the
 * deadline falls in a year without holiday data (ops add the year, then issue).
 */
export function issueReport(deps: SignOffDeps, reportId: string, by: string, now: number): StoredReport {
  const { store } = deps;
  return store.transaction(() => {
    const report = reportOf(store, reportId);
    const zone = store.tenants.get(report.tenantId)?.timeZone;
    if (!zone) throw new AppError('NOT_FOUND', 'tenant not found');
    let dueAt: number;
    try {
      dueAt = signOffDueAt(now, deps.holidays, zone);
    } catch (error) {
      if (error instanceof ScheduleError) throw new AppError('UNKNOWN_CALENDAR', error.message, { code: error.code });
      throw error;
    }
    const event: SignOffEvent = { kind: 'issue', at: now, by, dueAt };
    const signOff = nextSignOff(report.signOff, event);
    store.reports.issue(report.id, signOff);
    audit(store, report, event, by, signOff, now);
    return { ...report, signOff };
  });
}

/** Records the tenant's confirmation or amendments at `now`. */
export function decideReport(deps: SignOffDeps, reportId: string, decision: SignOffDecision, by: string, now: number): StoredReport {
  const { store } = deps;
  return store.transaction(() => {
    const report = reportOf(store, reportId);
    const event: SignOffEvent = decision.kind === 'confirm' ? { kind: 'confirm', at: now, by } : { kind: 'amend', at: now, by, text: decision.text };
    const signOff = nextSignOff(report.signOff, event);
    store.reports.decide(report.id, signOff);
    audit(store, report, event, by, signOff, now);
    return { ...report, signOff };
  });
}

/** Records `confirmed-by-default` for every awaiting sign-off due by `now`; returns the report ids. */
export function sweepDefaults(deps: SignOffDeps, now: number): string[] {
  const { store } = deps;
  return store.transaction(() =>
    store.reports.listDueForDefault(now, SWEEP_BATCH).map((due) => {
      const event: SignOffEvent = { kind: 'default', at: now };
      const signOff = nextSignOff(due.signOff, event);
      store.reports.decide(due.reportId, signOff);
      audit(store, { id: due.reportId, tenantId: due.tenantId }, event, signOff.decidedBy!, signOff, now);
      return due.reportId;
    }),
  );
}
