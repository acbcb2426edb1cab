/** The agent's credentials file, `<state>/credentials.json` (mode 0600, replaced atomically). */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { writeFileAtomic } from './atomic-file.ts';

/** What enrolment leaves on disk for `run`. */
export const CredentialsSchema = Type.Object(
  {
    /** The URL enrolment went through. */
    server: Type.String({ minLength: 1 }),
    /** Every URL given at enrolment, when there were several: `run` fails over along them. */
    servers: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 2, maxItems: 16 })),
    agentId: Type.String({ minLength: 1 }),
    agentSecret: Type.String({ minLength: 1 }),
    hostId: Type.String({ minLength: 1 }),
    tenantId: Type.String({ minLength: 1 }),
    serverPublicKey: Type.String(),
    enrolledAt: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** Saved credentials. */
export type Credentials = Static<typeof CredentialsSchema>;

/** Path of the credentials file in a state directory. */
export function credentialsPath(stateDir: string): string {
  return join(stateDir, 'credentials.json');
}

/** Path of the marker a revoked agent leaves, so restarts can stay slow and quiet. */
export function revokedMarkerPath(stateDir: string): string {
  return join(stateDir, 'revoked.json');
}

/** Writes credentials with mode 0600, durably, creating the state directory (0700) if needed. */
export function saveCredentials(stateDir: string, credentials: Credentials): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(credentialsPath(stateDir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, durable: true });
  rmSync(revokedMarkerPath(stateDir), { force: true });
}

/** Reads credentials; throws NOT_ENROLLED when missing and CREDENTIALS_INVALID when damaged. */
export function loadCredentials(stateDir: string): Credentials {
  const path = credentialsPath(stateDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw Object.assign(new Error(`not enrolled: ${path} does not exist; run 'tideway-agent enroll --server URL --token T' first`), {
      code: 'NOT_ENROLLED',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Value.Check(CredentialsSchema, parsed)) {
    throw Object.assign(new Error(`${path} is damaged; enrol again`), { code: 'CREDENTIALS_INVALID' });
  }
  return parsed;
}
