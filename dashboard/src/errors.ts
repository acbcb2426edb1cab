/** Error codes to translated, actionable messages. */
import { ApiError } from './api.ts';
import { hasKey, t, type MessageKey } from './i18n/index.ts';

/** The dictionary key for an error: `error.<CODE>` when there is one, else the generic text. */
export function errorKey(error: unknown): MessageKey {
  const code = error instanceof ApiError ? error.code : 'UNKNOWN';
  const key = `error.${code}`;
  return hasKey(key) ? key : 'error.generic';
}

/**
 * A message for the user. Server faults and unexpected codes carry the request id, so a
 * support ticket can point at the log lines; an ordinary refusal (wrong password) does not.
 */
export function errorText(error: unknown): string {
  const key = errorKey(error);
  const text = t(key, { code: error instanceof ApiError ? error.code : 'UNKNOWN' });
  const worthReporting = error instanceof ApiError && (error.status >= 500 || key === 'error.generic');
  return worthReporting && error.requestId ? `${text} ${t('error.requestId', { id: error.requestId })}` : text;
}
