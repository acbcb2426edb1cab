/** Enrolment: an agent trades a tenant enrolment token for its own credential. */
import { Type, type Static } from '@sinclair/typebox';
import { HostFactsSchema } from './reports.ts';

export const EnrollRequestSchema = Type.Object(
  {
    token: Type.String({ minLength: 16, maxLength: 256 }),
    facts: HostFactsSchema,
  },
  { additionalProperties: false },
);

export const EnrollResponseSchema = Type.Object(
  {
    agentId: Type.String(),
    hostId: Type.String(),
    tenantId: Type.String(),
    /** Shown once; the server keeps only its hash. */
    agentSecret: Type.String(),
    /** Ed25519 public key (PEM) the agent pins for signed patch plans. */
    serverPublicKey: Type.String(),
  },
  { additionalProperties: false },
);

export type EnrollRequest = Static<typeof EnrollRequestSchema>;
export type EnrollResponse = Static<typeof EnrollResponseSchema>;

/** Agent credentials travel as `Authorization: Bearer <agentId>.<agentSecret>`. */
export function formatAgentCredential(agentId: string, agentSecret: string): string {
  return `${agentId}.${agentSecret}`;
}

/** Splits a credential into its parts, or returns null when it is not of that form. */
export function parseAgentCredential(credential: string): { agentId: string; agentSecret: string } | null {
  const match = /^([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{16,128})$/.exec(credential);
  return match ? { agentId: match[1], agentSecret: match[2] } : null;
}
