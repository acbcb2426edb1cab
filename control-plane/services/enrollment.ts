/**
 * Enrolment: ops issue per-tenant tokens (expiry, maximum uses, revocable); an agent trades
 * one for its own credential. The tenant comes from the token, never from the request.
 */
import { formatAgentCredential, type EnrollRequest, type EnrollResponse } from '../../protocol/index.ts';
import { AppError } from '../errors.ts';
import { newId, newSecret, sha256 } from '../auth/secrets.ts';
import type { EnrollmentToken, Store } from '../store/types.ts';

export const DEFAULT_TOKEN_TTL_MS = 24 * 3_600_000;

export interface NewEnrollmentToken {
  tenantId: string;
  maxUses?: number;
  expiresInMs?: number;
  product?: string | null;
}

/** Creates a token; the plain value is returned once and only its hash is kept. */
export function createEnrollmentToken(store: Store, input: NewEnrollmentToken, now: number) {
  const maxUses = input.maxUses ?? 1;
  const expiresInMs = input.expiresInMs ?? DEFAULT_TOKEN_TTL_MS;
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 100_000) {
    throw new AppError('VALIDATION_FAILED', 'maxUses must be a whole number from 1 to 100000');
  }
  if (!(expiresInMs > 0)) throw new AppError('VALIDATION_FAILED', 'expiry must be in the future');
  if (!store.tenants.get(input.tenantId)) throw new AppError('NOT_FOUND', 'tenant not found');
  const token = newSecret('twe_');
  const record: EnrollmentToken = {
    id: newId('enr'),
    tenantId: input.tenantId,
    tokenHash: sha256(token),
    product: input.product ?? null,
    maxUses,
    uses: 0,
    // Instants are whole milliseconds (integer columns); a fractional hour rounds up, never to now.
    expiresAt: now + Math.ceil(expiresInMs),
    revokedAt: null,
    createdAt: now,
  };
  store.enrollmentTokens.create(record);
  return { token, record };
}

/** Why a token cannot be used now, or null when it can. */
export function tokenProblem(token: EnrollmentToken | undefined, now: number): AppError | null {
  if (!token) return new AppError('TOKEN_INVALID', 'enrolment token is not valid');
  if (token.revokedAt !== null) return new AppError('TOKEN_REVOKED', 'enrolment token was revoked');
  if (token.expiresAt <= now) return new AppError('TOKEN_EXPIRED', 'enrolment token has expired');
  if (token.uses >= token.maxUses) return new AppError('TOKEN_EXHAUSTED', 'enrolment token has no uses left');
  return null;
}

/**
 * Checks and counts the token use, then creates the host and its agent, all in one
 * transaction: concurrent enrolments can never exceed the token's uses.
 */
export function enrollAgent(store: Store, request: EnrollRequest, serverPublicKey: string, now: number): EnrollResponse {
  const agentSecret = newSecret();
  return store.transaction(() => {
    const token = store.enrollmentTokens.findByHash(sha256(request.token));
    const problem = tokenProblem(token, now);
    if (problem || !token) throw problem;
    store.enrollmentTokens.countUse(token.id);
    const hostId = newId('hst');
    const agentId = newId('agt');
    store.hosts.create({
      id: hostId,
      tenantId: token.tenantId,
      name: request.facts.hostname,
      product: token.product,
      agentId: null,
      facts: request.facts,
      createdAt: now,
      lastSeenAt: null,
      status: 'down',
    });
    store.agents.create({
      id: agentId,
      tenantId: token.tenantId,
      hostId,
      secretHash: sha256(formatAgentCredential(agentId, agentSecret)),
      createdAt: now,
      revokedAt: null,
      agentVersion: request.facts.agentVersion,
      intervalSeconds: null,
    });
    store.hosts.setAgent(hostId, agentId);
    store.audit.append({ at: now, actor: `agent:${agentId}`, action: 'agent.enrolled', tenantId: token.tenantId, target: hostId, details: { tokenId: token.id } });
    return { agentId, hostId, tenantId: token.tenantId, agentSecret, serverPublicKey };
  });
}
