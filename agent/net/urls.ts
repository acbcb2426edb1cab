/** Server URL rules shared by enrolment and the WebSocket link. */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { AGENT_WS_PATH } from '../../protocol/index.ts';

/** An error with a stable code, for URL and TLS problems. */
export class AgentNetError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AgentNetError';
  }
}

/** True for localhost, 127.0.0.0/8 and ::1: the only hosts plain http/ws may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * Parses a control-plane URL and refuses plain http to anything but loopback, because the
 * enrolment token and the agent secret would cross the network in clear text.
 */
export function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new AgentNetError('SERVER_URL_INVALID', `server must be an http or https URL, e.g. https://tideway.example.com (got '${server}')`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AgentNetError('SERVER_URL_INVALID', `server must be an http or https URL, e.g. https://tideway.example.com (got '${server}')`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AgentNetError('SERVER_URL_INSECURE', `refusing plain http to ${url.hostname}: use https (only loopback may use http)`);
  }
  return url;
}

/** The server URL as saved in credentials: no query, fragment or trailing slash. */
export function normalizeServerUrl(server: string): string {
  const url = parseServerUrl(server);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** A server URL fit for logs: no user info, query, fragment or trailing slash. */
export function displayServerUrl(server: string): string {
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return '(not a URL)';
  }
}

/** Joins a server base URL (which may carry a path prefix) with an absolute API path. */
export function joinServerPath(server: string, path: string): URL {
  const url = parseServerUrl(server);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url;
}

/** The agent WebSocket URL: https -> wss, http -> ws (loopback only). */
export function agentWsUrl(server: string): string {
  const url = joinServerPath(server, AGENT_WS_PATH);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** CA certificates to trust: the system's plus the config's caFile; undefined means system only. */
export function trustedCas(caFile: string | undefined): string[] | undefined {
  if (!caFile) return undefined;
  try {
    return [...rootCertificates, readFileSync(caFile, 'utf8')];
  } catch (error) {
    throw new AgentNetError('CA_FILE_UNREADABLE', `cannot read caFile ${caFile}: ${(error as Error).message}`);
  }
}
