/** Authenticating an agent by its own credential (`<agentId>.<secret>`). */
import { parseAgentCredential } from '../../protocol/index.ts';
import { AppError } from '../errors.ts';
import { sameHash, sha256 } from '../auth/secrets.ts';
import type { Agent, Store } from '../store/types.ts';

export function authenticateAgent(store: Store, authorization: string | undefined): Agent {
  const credential = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  const parsed = parseAgentCredential(credential);
  const agent = parsed ? store.agents.get(parsed.agentId) : undefined;
  if (!agent || !sameHash(sha256(credential), agent.secretHash)) {
    throw new AppError('UNAUTHENTICATED', 'agent credential is not valid');
  }
  if (agent.revokedAt !== null) throw new AppError('TOKEN_REVOKED', 'agent was revoked; enrol again with a new token');
  return agent;
}
