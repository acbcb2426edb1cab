/**
 * Report sign-off as the dashboard reads it (the `signOff` field of every report JSON, see
 * the issue 10 contract) and its pure rules: who may act on it now and whether written
 * amendments may be sent.
 */
import type { ReportSummary } from './report-types.ts';
import type { Role } from './types.ts';

/** Where a report's sign-off stands; all but `awaiting` are decided. */
export const SIGN_OFF_STATES = ['awaiting', 'confirmed', 'amended', 'confirmed-by-default'] as const;
export type SignOffState = (typeof SIGN_OFF_STATES)[number];

/** A report issued for sign-off: due at the end of the 5th working day on the tenant's `5x8` calendar. */
export type SignOff = NonNullable<ReportSummary['signOff']>;

/** Longest amendment text the server takes. */
export const MAX_AMENDMENT_CHARS = 10_000;

const OPS_WRITERS: readonly Role[] = ['ops-admin', 'ops-operator'];

/** What the caller may do with a report's sign-off now; the server decides, this only hides buttons it would refuse. */
export interface SignOffActions {
  /** Confirm or amend: tenant admins (their own reports are the only ones they see) and ops writers, while awaiting. */
  decide: boolean;
  /** Issue for sign-off: ops writers, on a report that has none. */
  issue: boolean;
}

export function signOffActions(role: Role, signOff: SignOff | null): SignOffActions {
  const writer = OPS_WRITERS.includes(role);
  return {
    decide: signOff?.state === 'awaiting' && (writer || role === 'tenant-admin'),
    issue: !signOff && writer,
  };
}

/** True once the sign-off will not change any more. */
export const isDecided = (signOff: Pick<SignOff, 'state'>): boolean => signOff.state !== 'awaiting';

/** The amendment text to send, or null when it is empty or too long. */
export function amendmentText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed.length >= 1 && trimmed.length <= MAX_AMENDMENT_CHARS ? trimmed : null;
}
