/**
 * Sends one request and says what happened: sent, or failed and whether trying again could
 * help. It does not decide when (or whether) to retry; the delivery worker does. Errors are
 * redacted here, so no caller can log a robot's token by accident.
 */
import type { ReceiverConfig } from './config.ts';
import type { OutgoingRequest, ReceiverKindDefinition } from './payloads/index.ts';
import { redactText } from './redact.ts';

/** The outcome of one attempt. */
export type SendResult =
  | { outcome: 'sent'; status: number }
  | { outcome: 'failed'; retryable: boolean; status: number | null; retryAfterMs: number | null; error: string };

/** Milliseconds a `Retry-After` value (seconds, or an HTTP date) asks to wait from `now`; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Whether an HTTP status is worth another try: timeouts, rate limits and server errors. */
export const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

function failed(retryable: boolean, status: number | null, error: string, retryAfterMs: number | null = null): SendResult {
  return { outcome: 'failed', retryable, status, retryAfterMs, error };
}

async function classify(response: Response, kind: ReceiverKindDefinition, now: number): Promise<SendResult> {
  const text = (await response.text().catch(() => '')).slice(0, 4096);
  if (response.status >= 200 && response.status < 300) {
    const verdict = kind.verdict(text);
    return verdict ? failed(verdict.retryable, response.status, verdict.error) : { outcome: 'sent', status: response.status };
  }
  const detail = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const error = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  if (response.status >= 300 && response.status < 400) {
    return failed(false, response.status, `${error} (a redirect; configure the receiver's final URL)`);
  }
  return failed(retryableStatus(response.status), response.status, error, parseRetryAfter(response.headers.get('retry-after'), now));
}

function networkError(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(error);
}

/** Posts `request` to the receiver with its headers and the idempotency key; never throws. */
export async function sendRequest(request: OutgoingRequest, receiver: ReceiverConfig, kind: ReceiverKindDefinition, idempotencyKey: string, now: number): Promise<SendResult> {
  let result: SendResult;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Tideway', ...receiver.headers, 'idempotency-key': idempotencyKey },
      body: request.body,
      // Following a redirect would carry the body (and a signed URL's token) to another address.
      redirect: 'manual',
      signal: AbortSignal.timeout(receiver.timeoutMs),
    });
    result = await classify(response, kind, now);
  } catch (error) {
    result = failed(true, null, networkError(error, receiver.timeoutMs));
  }
  if (result.outcome === 'failed') result.error = redactText(result.error, { ...receiver, also: request.secrets });
  return result;
}
