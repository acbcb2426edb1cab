/**
 * Errors of the schedules library. Each carries a stable `code` that callers (API routes,
 * CLI) map to a status or exit code; `details` holds the machine-readable specifics.
 */
export type ScheduleErrorCode =
  | 'CALENDAR_UNKNOWN_YEAR'
  | 'CALENDAR_NO_OPEN_TIME'
  | 'SERVICE_CALENDAR_INVALID'
  | 'DATE_INVALID'
  | 'INSTANT_INVALID'
  | 'ZONE_INVALID'
  | 'DURATION_INVALID'
  | 'HOLIDAY_CALENDAR_INVALID'
  | 'HOLIDAY_CALENDAR_DUPLICATE_YEAR'
  | 'HOLIDAY_ICS_INVALID'
  | 'TRACKS_INVALID'
  | 'TRACK_NOT_FOUND'
  | 'TRACK_NOT_BOOKABLE'
  | 'SERVICE_PLANS_INVALID'
  | 'FREEZES_INVALID'
  | 'RANGE_INVALID';

/** One problem found in a data file or import: where it is and how to fix it. */
export interface ScheduleIssue {
  path: string;
  message: string;
  /** A stable code for the kind of problem, when it is more specific than a schema mismatch. */
  code?: string;
}

/** An error with a stable code; `issues` lists every problem when a whole file was checked. */
export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly issues: ScheduleIssue[] = [],
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** Throws `code` listing every issue, one a line, when `issues` is not empty. */
export function throwIfIssues(code: ScheduleErrorCode, what: string, issues: ScheduleIssue[]): void {
  if (issues.length === 0) return;
  const lines = issues.map((issue) => `  ${issue.path ? `${issue.path} ` : ''}${issue.message}`);
  throw new ScheduleError(code, `${what} is invalid:\n${lines.join('\n')}`, { count: issues.length }, issues);
}
