/** Builds a real control-plane app over the test store (a temporary SQLite file, or PostgreSQL) for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../control-plane/app.ts';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { createEnrollmentToken, enrollAgent } from '../../control-plane/services/enrollment.ts';
import { generateSigningKey } from '../../control-plane/services/signing-key.ts';
import { createTenant } from '../../control-plane/services/tenants.ts';
import type { SqlStore } from '../../control-plane/store/sql/store.ts';
import type { Role } from '../../control-plane/store/types.ts';
import { hostFacts } from './records.ts';
import { openTestStore } from './test-store.ts';

export interface TestControlPlane {
  app: FastifyInstance;
  store: SqlStore;
  dir: string;
  /** Base URL when started with `listen: true`. */
  url: string;
  token(role: Role, tenantId?: string): string;
  tenant(name: string): string;
  /** Enrols a host directly through the service, as an agent would. */
  enroll(tenantId: string, hostname: string): { agentId: string; agentSecret: string; hostId: string };
  close(): Promise<void>;
}

export async function startControlPlane(options: Partial<AppOptions> & { listen?: boolean } = {}): Promise<TestControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-cp-'));
  const store = await openTestStore(dir);
  const key = options.signingKey ?? generateSigningKey();
  const app = await buildApp({ store, signingKey: key, timers: false, ...options });
  let url = '';
  if (options.listen) url = await app.listen({ host: '127.0.0.1', port: 0 });
  else await app.ready();
  const clock = options.clock ?? Date.now;
  return {
    app,
    store,
    dir,
    url,
    token: (role, tenantId) => createApiToken(store, { name: `${role}-${Math.random()}`, role, tenantId }, clock()).token,
    tenant: (name) => createTenant(store, { name }, clock()).id,
    enroll(tenantId, hostname) {
      const { token } = createEnrollmentToken(store, { tenantId }, clock());
      const response = enrollAgent(store, { token, facts: hostFacts(hostname) }, key.publicKeyPem, clock());
      app.fleet.upsertHost(store.hosts.get(response.hostId)!);
      return response;
    },
    async close() {
      await app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
