/**
 * Errors with stable codes. Services throw `AppError`; one error handler maps the code to
 * an HTTP status. 5xx details go to the log, never to the caller.
 */
export const ErrorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  TOKEN_EXHAUSTED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // Scheduling: bookings, slots, releases (control-plane/scheduling).
  TRACK_NOT_BOOKABLE: 400,
  RELEASE_REQUIRED: 400,
  NOT_SUBSCRIBED: 409,
  SLOT_FULL: 409,
  IN_FREEZE: 409,
  HOLIDAY: 409,
  TOO_SOON: 409,
  PAST_CUTOFF: 409,
  UNKNOWN_CALENDAR: 409,
  AUDIT_PENDING: 409,
  AUDIT_REJECTED: 409,
  ALREADY_BOOKED: 409,
  BOOKING_CLOSED: 409,
  INVALID_TRANSITION: 409,
  // Rollouts (control-plane/rollouts).
  ROLLOUT_NOT_FOUND: 404,
  WINDOW_NOT_OPEN: 409,
  RELEASE_TRACK_MISMATCH: 409,
  RELEASE_NOT_DEPLOYABLE: 409,
  HOST_NOT_COVERED: 409,
  NO_HOSTS: 409,
  ROLLOUT_EXISTS: 409,
  // Critical periods (control-plane/critical).
  PERIOD_CLOSED: 409,
  IN_CRITICAL_PERIOD: 409,
  // Report sign-off (control-plane/reports/sign-off.ts).
  SIGNOFF_EXISTS: 409,
  SIGNOFF_DECIDED: 409,
  SIGNOFF_NOT_ISSUED: 409,
  SIGNOFF_NOT_DUE: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

/** An error a caller can act on; `code` is part of the API and never changes meaning. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get statusCode(): number {
    return ErrorStatus[this.code];
  }
}

/** The one shape every error response has. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: Record<string, unknown> };
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
