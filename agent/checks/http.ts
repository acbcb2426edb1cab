/** HTTP(S) check: status code, latency, optional keyword in the body, TLS certificate days left. */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_CHECK_TIMEOUT_MS, checkSchema, defineCheck, elapsedMs, type CheckOutcome } from './contract.ts';

const DAY_MS = 86_400_000;
const MAX_BODY_BYTES = 1024 * 1024;

const HttpCheckSchema = checkSchema('http', {
  url: Type.String({ pattern: '^https?://[^\\s/?#]+', hint: 'an http or https URL, e.g. https://erp.example.com/health' }),
  method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('HEAD')], { hint: 'GET or HEAD' })),
  expectStatus: Type.Optional(
    Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { minItems: 1, hint: 'a list of HTTP status codes, e.g. [200, 204]' }),
  ),
  keyword: Type.Optional(Type.String({ minLength: 1, hint: 'text the body must contain, e.g. "ok"' })),
  caFile: Type.Optional(Type.String({ pattern: '^/', hint: 'an absolute path to a PEM CA bundle' })),
  tlsWarnDays: Type.Optional(Type.Number({ minimum: 0, hint: 'a number of days, e.g. 14' })),
  tlsCriticalDays: Type.Optional(Type.Number({ minimum: 0, hint: 'a number of days, e.g. 7' })),
});

/** An http check's config. */
export type HttpCheckConfig = Static<typeof HttpCheckSchema>;

/** What one request observed. */
export interface HttpObservation {
  httpStatus: number;
  latencyMs: number;
  /** Body text read for the keyword test (up to 1 MiB); undefined when no keyword is set. */
  body?: string;
  /** Certificate expiry, epoch ms; undefined for plain http. */
  certValidToAt?: number;
}

/** Turns an observation into a verdict (pure; `now` is the check instant). */
export function httpVerdict(check: HttpCheckConfig, seen: HttpObservation, now: number): CheckOutcome {
  const base = { latencyMs: seen.latencyMs, httpStatus: seen.httpStatus };
  const tlsDaysLeft = seen.certValidToAt === undefined ? undefined : Math.floor(((seen.certValidToAt - now) / DAY_MS) * 10) / 10;
  const withTls = tlsDaysLeft === undefined ? base : { ...base, tlsDaysLeft };
  const statusOk = check.expectStatus ? check.expectStatus.includes(seen.httpStatus) : seen.httpStatus >= 200 && seen.httpStatus < 400;
  if (!statusOk) return { ...withTls, status: 'critical', message: `HTTP ${seen.httpStatus}, expected ${check.expectStatus?.join(' or ') ?? '2xx or 3xx'}` };
  if (check.keyword !== undefined && !(seen.body ?? '').includes(check.keyword)) {
    return { ...withTls, status: 'critical', message: `HTTP ${seen.httpStatus} but the body lacks "${check.keyword}"` };
  }
  if (tlsDaysLeft !== undefined) {
    if (tlsDaysLeft < (check.tlsCriticalDays ?? 7)) return { ...withTls, status: 'critical', message: `TLS certificate expires in ${tlsDaysLeft} days` };
    if (tlsDaysLeft < (check.tlsWarnDays ?? 14)) return { ...withTls, status: 'warning', message: `TLS certificate expires in ${tlsDaysLeft} days` };
  }
  return { ...withTls, status: 'ok', message: `HTTP ${seen.httpStatus} in ${seen.latencyMs} ms` };
}

function readBody(res: IncomingMessage, wanted: boolean): Promise<string | undefined> {
  if (!wanted) {
    res.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      // Past 1 MiB the keyword test gives up on the rest rather than hold it in memory.
      if (size < MAX_BODY_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** Sends one request and observes the response. */
export function probeHttp(check: HttpCheckConfig): Promise<HttpObservation> {
  const url = new URL(check.url);
  const https = url.protocol === 'https:';
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const options = {
      method: check.method ?? 'GET',
      agent: false as const,
      headers: { 'user-agent': 'tideway-agent' },
      ...(https && check.caFile ? { ca: [...rootCertificates, readFileSync(check.caFile, 'utf8')] } : {}),
    };
    const req = (https ? httpsRequest : httpRequest)(url, options, (res) => {
      const latencyMs = elapsedMs(started);
      const cert = https ? (res.socket as TLSSocket).getPeerCertificate() : undefined;
      const certValidToAt = cert?.valid_to ? Date.parse(cert.valid_to) : undefined;
      readBody(res, check.keyword !== undefined)
        .then((body) => resolve({ httpStatus: res.statusCode ?? 0, latencyMs, body, certValidToAt }))
        .catch(reject)
        .finally(() => clearTimeout(timer));
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/** The http check. */
export const httpCheck = defineCheck({
  kind: 'http',
  schema: HttpCheckSchema,
  async run(check, context) {
    const started = performance.now();
    try {
      return httpVerdict(check, await probeHttp(check), context.now());
    } catch (error) {
      return { status: 'critical', message: `request failed: ${(error as Error).message}`, latencyMs: elapsedMs(started) };
    }
  },
});
