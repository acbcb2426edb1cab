/** A small JSON POST over http/https with a timeout and optional extra CAs. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The response status and parsed JSON body (undefined when the body is not JSON). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** POSTs `payload` as JSON to `url` and reads the JSON answer. */
export function postJson(url: URL, payload: unknown, options: { ca?: string[]; timeoutMs?: number } = {}): Promise<JsonResponse> {
  const body = Buffer.from(JSON.stringify(payload));
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'user-agent': 'tideway-agent' },
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
