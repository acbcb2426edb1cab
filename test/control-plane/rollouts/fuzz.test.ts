/** Rollout routes under arbitrary input: never a 5xx, a stable error code, and nothing written when refused. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { saveRelease, saveWindow } from '../../helpers/rollouts.ts';

let cp: TestControlPlane;
let admin: string;
let rolloutId: string;

beforeAll(async () => {
  cp = await startControlPlane();
  admin = cp.token('ops-admin');
  const tenantId = cp.tenant('Acme');
  const host = cp.enroll(tenantId, 'erp-01');
  const now = Date.now();
  saveWindow(cp.store, { id: 'win_fuzz01', now, coverage: { [tenantId]: [host.hostId] } });
  saveRelease(cp.store, { id: 'rel_fuzz01', createdAt: now - 3_600_000 });
  rolloutId = cp.app.rollouts.create({ windowId: 'win_fuzz01', releaseId: 'rel_fuzz01' }, 'test', now).id;
});
afterAll(async () => cp.close());

const counts = () => cp.store.db.prepare('SELECT (SELECT count(*) FROM rollouts) r, (SELECT count(*) FROM rollout_hosts) h, (SELECT count(*) FROM audit_log) a').get();

/** Near-valid bodies with any field replaced, plus wholly arbitrary JSON. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({
    windowId: fc.oneof(fc.constant('win_fuzz01'), fc.string()),
    releaseId: fc.oneof(fc.constant('rel_fuzz01'), fc.string()),
    hostIds: fc.option(fc.array(fc.jsonValue(), { maxLength: 3 }), { nil: undefined }),
    options: fc.option(fc.dictionary(fc.constantFrom('canary', 'batchSize', 'maxConcurrency', 'maxErrors', 'healthGateSeconds', 'x'), fc.jsonValue()), { nil: undefined }),
  }),
  fc.record({ reason: fc.jsonValue() }),
);

describe('rollout routes fuzzing', () => {
  it.each([
    ['POST', '/api/v1/rollouts'],
    ['POST', '/api/v1/rollouts/{id}/pause'],
    ['POST', '/api/v1/rollouts/{id}/abort'],
    ['GET', '/api/v1/rollouts'],
  ] as const)('%s %s answers arbitrary input without a 5xx, and writes nothing when it refuses', async (method, url) => {
    await fc.assert(
      fc.asyncProperty(body, fc.dictionary(fc.constantFrom('state', 'tenantId', 'limit', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 2 }), async (payload, query) => {
        const before = counts();
        const response = await cp.app.inject({
          method,
          url: url.replace('{id}', rolloutId),
          query,
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { payload: JSON.stringify(payload) } : {}),
        });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(counts()).toEqual(before);
          expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
