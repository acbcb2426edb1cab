/**
 * The download step: fetches a plan's artifact into the plan's work directory and checks its
 * sha256 against the signed plan. A file that does not match is removed; nothing later in
 * the plan can see it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import type { PlanArtifact } from '../../protocol/index.ts';

/** Limits and trust for one download. */
export interface DownloadOptions {
  timeoutMs: number;
  /** Extra CA certificates (PEM); undefined trusts the system's. */
  ca?: string[];
  maxBytes: number;
  signal?: AbortSignal;
}

/** Fetches `artifact` into `dir/<name>`; rejects with a coded error (DOWNLOAD_FAILED, SHA256_MISMATCH). */
export type Downloader = (artifact: PlanArtifact, dir: string, options: DownloadOptions) => Promise<void>;

/** Default largest artifact (4 GiB). */
export const DEFAULT_MAX_ARTIFACT_BYTES = 4 * 1024 ** 3;
const MAX_REDIRECTS = 5;

function failure(code: 'DOWNLOAD_FAILED' | 'SHA256_MISMATCH', message: string): Error {
  return Object.assign(new Error(message), { code });
}

function open(url: URL, options: DownloadOptions, redirects: number, onRequest: (destroy: (error: Error) => void) => void): Promise<IncomingMessage> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.reject(failure('DOWNLOAD_FAILED', `unsupported URL scheme ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    const req = get(url, { headers: { 'user-agent': 'tideway-agent' }, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(failure('DOWNLOAD_FAILED', `more than ${MAX_REDIRECTS} redirects`));
        return resolve(open(new URL(location, url), options, redirects + 1, onRequest));
      }
      if (status !== 200) {
        res.resume();
        return reject(failure('DOWNLOAD_FAILED', `HTTP ${status} from ${url.host}`));
      }
      resolve(res);
    });
    req.on('error', (error) => reject(failure('DOWNLOAD_FAILED', error.message)));
    onRequest((error) => req.destroy(error));
  });
}

/** Streams the response to disk while hashing it; the sha256 is compared before the file gets its name. */
export const downloadArtifact: Downloader = async (artifact, dir, options) => {
  const target = join(dir, artifact.name);
  const partial = `${target}.part`;
  let destroy: (error: Error) => void = () => {};
  const timer = setTimeout(() => destroy(failure('DOWNLOAD_FAILED', `not finished within ${options.timeoutMs} ms`)), options.timeoutMs);
  const onAbort = () => destroy(failure('DOWNLOAD_FAILED', 'the agent is stopping'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await open(new URL(artifact.url), options, 0, (fn) => {
      destroy = fn;
    });
    const hash = createHash('sha256');
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(partial, { mode: 0o600 });
      destroy = (error) => {
        res.destroy(error);
        out.destroy();
        reject(error);
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) destroy(failure('DOWNLOAD_FAILED', `artifact is larger than ${options.maxBytes} bytes`));
        hash.update(chunk);
      });
      res.on('error', (error) => reject(failure('DOWNLOAD_FAILED', error.message)));
      out.on('error', (error) => reject(failure('DOWNLOAD_FAILED', error.message)));
      out.on('finish', () => resolve());
      res.pipe(out);
    });
    const actual = hash.digest('hex');
    if (actual !== artifact.sha256) throw failure('SHA256_MISMATCH', `${artifact.name}: sha256 is ${actual}, the plan says ${artifact.sha256}`);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
};
