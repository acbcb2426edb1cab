/**
 * Property-based fuzzing of every operation in the OpenAPI document: path parameters (real
 * ids of tenant A, other ids, junk), query strings and bodies (shaped by the route's schema,
 * or arbitrary JSON, or not JSON at all), sent as ops and as another tenant's admin. No answer
 * is a 5xx, no refused request changes the row count of any table, and nothing the other
 * tenant's admin sends changes a row of tenant A.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../control-plane/notices/contacts.ts';
import { createIcsFeed } from '../../control-plane/notices/ics-feeds.ts';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { rowCounts, rowsOwnedBy } from '../helpers/db-snapshot.ts';
import { saveRelease, saveWindow } from '../helpers/rollouts.ts';
import { arbitraryOf, type JsonSchema } from '../helpers/schema-arbitrary.ts';
import { testStoreKind } from '../helpers/test-store.ts';

/** Runs per route and caller (86 operations x 2 callers x 30 runs: about 20 s on 2 cores); TIDEWAY_FUZZ_RUNS raises it. */
const RUNS_PER_ROUTE = Number(process.env.TIDEWAY_FUZZ_RUNS ?? 30);

interface Parameter {
  in: 'path' | 'query';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

let cp: TestControlPlane;
let callers: Record<'ops-admin' | 'other-tenant-admin', string>;
/** Ids of real objects (tenant A's, and tenant B's own), so fuzzed paths reach real rows. */
const knownIds: string[] = [];
/** Tenant A, its host and agent: the rows another tenant's admin must never change. */
let tenantAIds: string[] = [];
let operations: Operation[] = [];

beforeAll(async () => {
  cp = await startControlPlane();
  const now = Date.now();
  const tenantA = cp.tenant('Tenant A');
  const tenantB = cp.tenant('Tenant B');
  const host = cp.enroll(tenantA, 'a-host');
  tenantAIds = [tenantA, host.hostId, host.agentId];
  saveWindow(cp.store, { id: 'win_fuzz_a', now, coverage: { [tenantA]: [host.hostId] } });
  saveRelease(cp.store, { id: 'rel_fuzz_a', tenantId: tenantA, createdAt: now - 86_400_000 });
  knownIds.push(
    tenantA,
    tenantB,
    host.hostId,
    host.agentId,
    createEnrollmentToken(cp.store, { tenantId: tenantA }, now).record.id,
    createApiToken(cp.store, { name: 'a', role: 'tenant-viewer', tenantId: tenantA }, now).record.id,
    createContact(cp.store.contacts, tenantA, { name: 'a-robot', kind: 'webhook', url: 'https://example.com/hook' }, now).id,
    createIcsFeed(cp.store.icsFeeds, tenantA, 'a-feed', now).feed.id,
    cp.app.criticalPeriods.declare({ tenantId: tenantA, kind: 'peak', title: 'a-peak', start: '2099-01-01T00:00', end: '2099-01-02T00:00' }, { actor: 'test', tenantId: null }, now).id,
    cp.app.rollouts.create({ windowId: 'win_fuzz_a', releaseId: 'rel_fuzz_a' }, 'test', now).id,
    'win_fuzz_a',
    'rel_fuzz_a',
  );
  callers = { 'ops-admin': cp.token('ops-admin'), 'other-tenant-admin': cp.token('tenant-admin', tenantB) };
  const doc = (await cp.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema ?? null,
    })),
  );
});
afterAll(async () => cp.close());

/** Background work a successful request may have started (window recompute, report jobs, ingest) is done. */
async function settle() {
  await cp.app.scheduling.flush();
  await cp.app.reports.idle();
  cp.app.ingest.flush();
  await new Promise((resolve) => setImmediate(resolve));
}

const paramValue = (schema: JsonSchema | undefined) =>
  fc.oneof(fc.constantFrom(...knownIds), arbitraryOf(schema).map(String), fc.string({ maxLength: 20 }), fc.constantFrom('..', '%', '', ' ', 'null'));

function requestOf(op: Operation) {
  const path = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, paramValue(p.schema)]));
  const query = Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, fc.oneof(arbitraryOf(p.schema), fc.string({ maxLength: 12 }), fc.constantFrom(...knownIds))]));
  const body = op.body
    ? fc.oneof({ weight: 3, arbitrary: arbitraryOf(op.body).map((v) => JSON.stringify(v)) }, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 }))
    : fc.constant(null);
  return fc.record({ path: fc.record(path), query: fc.record(query, { requiredKeys: [] }), body });
}

function urlOf(op: Operation, path: Record<string, unknown>, query: Record<string, unknown>) {
  const base = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  return search ? `${base}?${search}` : base;
}

describe('route fuzzing from the OpenAPI document', () => {
  it('finds every documented operation', () => {
    expect(operations.length).toBeGreaterThanOrEqual(80);
  });

  it('answers every operation without a 5xx and leaves every table as it was when it refuses', async () => {
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    const reachedHandler = new Set<string>();
    for (const op of operations) {
      for (const [caller, token] of Object.entries(callers)) {
        await fc.assert(
          fc.asyncProperty(requestOf(op), async ({ path, query, body }) => {
            await settle();
            const before = rowCounts(cp.store.db);
            const aBefore = caller === 'other-tenant-admin' ? rowsOwnedBy(cp.store.db, tenantAIds) : null;
            const url = urlOf(op, path, query);
            const response = await cp.app.inject({
              method: op.method as 'GET',
              url,
              headers: { authorization: `Bearer ${token}`, ...(body === null ? {} : { 'content-type': 'application/json' }) },
              ...(body === null ? {} : { payload: body }),
            });
            statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
            if (response.statusCode < 300) reachedHandler.add(`${op.method} ${op.path}`);
            const where = `${caller} ${op.method} ${url} ${body ?? ''} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
            expect(response.statusCode, where).toBeLessThan(500);
            // Whatever tenant B sends and however it is answered, nothing of tenant A changes.
            if (aBefore) expect(rowsOwnedBy(cp.store.db, tenantAIds), where).toEqual(aBefore);
            if (response.statusCode >= 300) {
              expect(rowCounts(cp.store.db), where).toEqual(before);
              if (String(response.headers['content-type']).includes('json')) expect(response.json().error.code, where).toMatch(/^[A-Z_]+$/);
            }
          }),
          { numRuns: RUNS_PER_ROUTE },
        ).catch((error: Error) => failures.push(error.message.split('\n').slice(0, 12).join('\n')));
      }
    }
    const requests = Object.values(statuses).reduce((sum, n) => sum + n, 0);
    console.log(`RELIABILITY ${JSON.stringify({ fuzz: 'http-routes', routes: operations.length, callers: 2, runsPerRoute: RUNS_PER_ROUTE, requests, routesWith2xx: reachedHandler.size, statuses })}`);
    expect(failures).toEqual([]);
    // Schema-shaped input must get past validation often enough to exercise the handlers.
    expect(reachedHandler.size).toBeGreaterThan(operations.length / 4);
    // Five thousand requests and four whole-database snapshots each: every statement is a round
    // trip on PostgreSQL, which about triples the time on a loaded two-core machine.
  }, testStoreKind === 'postgres' ? 240_000 : 120_000);
});
