/**
 * Receiver URLs carry credentials: DingTalk's `access_token` and WeCom's `key` in the query,
 * Feishu's hook id in the path, sometimes a user and password. Anything written to a log, an
 * error or the outbox's `last_error` goes through these functions first.
 */

const MASK = '***';

// A path segment long enough and mixed enough to be a token (a Feishu hook id, a Slack-style
// webhook secret); `api`, `v2`, `alerts`, `robot`, `send` are left readable.
const TOKEN_SEGMENT = /^(?=.*\d)[A-Za-z0-9._~-]{16,}$/;

/** The URL with query values, user info and token-like path segments masked. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return MASK;
  }
  const path = parsed.pathname
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? MASK : segment))
    .join('/');
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&');
  const auth = parsed.username || parsed.password ? `${MASK}@` : '';
  return `${parsed.protocol}//${auth}${parsed.host}${path}${query ? `?${query}` : ''}`;
}

/** What counts as secret for one receiver: its URL, signing secret, header values and anything else given. */
export interface ReceiverSecrets {
  url: string;
  secret?: string;
  headers?: Readonly<Record<string, string>>;
  /** More secret strings, e.g. a request's signature. */
  also?: readonly string[];
}

/** Every string of `receiver` that must not appear in text, longest first. */
function secretStrings(receiver: ReceiverSecrets): string[] {
  const found = new Set<string>([receiver.url]);
  if (receiver.secret) found.add(receiver.secret);
  for (const value of [...Object.values(receiver.headers ?? {}), ...(receiver.also ?? [])]) found.add(value);
  try {
    const parsed = new URL(receiver.url);
    for (const value of parsed.searchParams.values()) found.add(value);
    for (const segment of parsed.pathname.split('/')) if (TOKEN_SEGMENT.test(segment)) found.add(segment);
    if (parsed.username) found.add(decodeURIComponent(parsed.username));
    if (parsed.password) found.add(decodeURIComponent(parsed.password));
  } catch {
    // An unparsable URL is masked whole above.
  }
  // Short values (`1`, `true`) would mask ordinary words; they are not credentials.
  return [...found].filter((value) => value.length >= 6).sort((a, b) => b.length - a.length);
}

/** `text` with every secret of `receiver` (and its URL in any form) masked. */
export function redactText(text: string, receiver: ReceiverSecrets): string {
  let out = text;
  for (const secret of secretStrings(receiver)) {
    out = out.split(secret).join(secret === receiver.url ? redactUrl(receiver.url) : MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(MASK);
  }
  return out;
}
