/** Enrolment: trade a tenant enrolment token for this agent's own credential. */
import { Value } from '@sinclair/typebox/value';
import { ENROLL_PATH, EnrollResponseSchema, type EnrollRequest, type HostFacts } from '../protocol/index.ts';
import { postJson } from './net/http-json.ts';
import { AgentNetError, joinServerPath, normalizeServerUrl, parseServerUrl } from './net/urls.ts';
import type { Credentials } from './state/credentials.ts';

/** Enrolment refused or failed; `code` is the server's error code when it sent one. */
export class EnrollError extends Error {
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message);
    this.name = 'EnrollError';
  }
}

function serverError(body: unknown): { code: string; message: string } | null {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return error && typeof error.code === 'string' ? { code: error.code, message: String(error.message ?? '') } : null;
}

/** How an enrolment request is sent. */
export interface EnrollOptions {
  ca?: string[];
  now: number;
  timeoutMs?: number;
}

/** POSTs the enrolment request and returns the credentials to save. */
export async function enroll(
  server: string,
  token: string,
  facts: HostFacts,
  options: EnrollOptions,
): Promise<Credentials> {
  const url = joinServerPath(server, ENROLL_PATH);
  const request: EnrollRequest = { token, facts };
  let response;
  try {
    response = await postJson(url, request, { ca: options.ca, timeoutMs: options.timeoutMs });
  } catch (error) {
    throw new EnrollError('SERVER_UNREACHABLE', `cannot reach ${url.origin}: ${(error as Error).message}`);
  }
  if (response.status !== 201) {
    const error = serverError(response.body);
    throw error
      ? new EnrollError(error.code, error.message, response.status)
      : new EnrollError('ENROLL_FAILED', `server answered HTTP ${response.status}`, response.status);
  }
  if (!Value.Check(EnrollResponseSchema, response.body)) {
    throw new EnrollError('ENROLL_RESPONSE_INVALID', 'server answered 201 with a body that is not an enrolment response');
  }
  const { agentId, agentSecret, hostId, tenantId, serverPublicKey } = response.body;
  return { server: normalizeServerUrl(server), agentId, agentSecret, hostId, tenantId, serverPublicKey, enrolledAt: options.now };
}

// Unreachable, or a 5xx (a replica or its proxy in trouble): another replica may answer. A 4xx
// or a malformed 201 would be the same anywhere, since the replicas share one database.
function worthNextServer(error: EnrollError): boolean {
  return error.code === 'SERVER_UNREACHABLE' || (error.status !== undefined && error.status >= 500);
}

/**
 * Enrols through the first of `servers` that answers, in list order; the same token works on
 * every replica. Every URL is checked before the token goes anywhere. The credentials name the
 * URL that answered and, when there are several, the whole list for `run` to fail over along.
 */
export async function enrollAny(
  servers: readonly string[],
  token: string,
  facts: HostFacts,
  options: EnrollOptions & { onSkip?: (server: string, error: EnrollError) => void },
): Promise<Credentials> {
  for (const server of servers) parseServerUrl(server);
  for (const [index, server] of servers.entries()) {
    try {
      const credentials = await enroll(server, token, facts, options);
      return servers.length > 1 ? { ...credentials, servers: servers.map((s) => normalizeServerUrl(s)) } : credentials;
    } catch (error) {
      if (!(error instanceof EnrollError) || !worthNextServer(error) || index === servers.length - 1) throw error;
      options.onSkip?.(server, error);
    }
  }
  throw new AgentNetError('SERVER_URL_INVALID', 'no control-plane URL given');
}
