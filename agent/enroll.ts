/** Enrolment: trade a tenant enrolment token for this agent's own credential. */
import { Value } from '@sinclair/typebox/value';
import { ENROLL_PATH, EnrollResponseSchema, type EnrollRequest, type HostFacts } from '../protocol/index.ts';
import { postJson } from './net/http-json.ts';
import { joinServerPath, normalizeServerUrl } from './net/urls.ts';
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

/** POSTs the enrolment request and returns the credentials to save. */
export async function enroll(
  server: string,
  token: string,
  facts: HostFacts,
  options: { ca?: string[]; now: number; timeoutMs?: number },
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
