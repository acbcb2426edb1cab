/**
 * Group robots answer HTTP 200 even when they refuse a message; the verdict is a code in the
 * JSON body. This reads it so the sender can say "sent", "retry" or "give up".
 */

/** What a vendor's reply means for delivery; `null` from a check means the message was taken. */
export interface VendorVerdict {
  retryable: boolean;
  error: string;
}

/**
 * Reads `codeField` from a JSON reply: 0 is success, `retryableCodes` (rate limits, "system
 * busy") are worth another try, any other code is not. A body that is not JSON, or has no code,
 * is taken as success: the HTTP status already said so.
 */
export function vendorVerdict(text: string, codeFields: readonly string[], retryableCodes: readonly number[], vendor: string): VendorVerdict | null {
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof reply !== 'object' || reply === null) return null;
  const field = codeFields.find((name) => typeof reply[name] === 'number');
  if (field === undefined || reply[field] === 0) return null;
  const code = reply[field] as number;
  const message = String(reply.errmsg ?? reply.msg ?? reply.StatusMessage ?? '').slice(0, 200);
  return { retryable: retryableCodes.includes(code), error: `${vendor} refused the message: ${field} ${code}${message ? ` (${message})` : ''}` };
}
