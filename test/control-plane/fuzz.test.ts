/**
 * Property-based fuzzing of the agent protocol and the HTTP API: whatever arrives, no
 * crash, no 5xx, and a refused input writes nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConnection } from '../../control-plane/services/agent-connection.ts';
import type { ServerMessage } from '../../protocol/index.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { sampleRecord } from '../helpers/records.ts';

let cp: TestControlPlane;
let admin: string;
let tenantId: string;
let host: { agentId: string; hostId: string; agentSecret: string };

beforeAll(async () => {
  cp = await startControlPlane();
  admin = cp.token('ops-admin');
  tenantId = cp.tenant('Acme');
  host = cp.enroll(tenantId, 'erp-01');
});
afterAll(async () => cp.close());

const rowCounts = () =>
  cp.store.db
    .prepare(
      `SELECT (SELECT count(*) FROM samples) s, (SELECT count(*) FROM tenants) t, (SELECT count(*) FROM users) u,
              (SELECT count(*) FROM api_tokens) k, (SELECT count(*) FROM enrollment_tokens) e, (SELECT count(*) FROM hosts) h,
              (SELECT count(*) FROM outbox_gaps) g, (SELECT count(*) FROM check_events) c`,
    )
    .get();

/** Valid frames with one field replaced by arbitrary JSON, plus wholly arbitrary values. */
const hostileFrame = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.record({ type: fc.constantFrom('hello', 'reports', 'ping', 'ack'), streamId: fc.string(), records: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
  fc.tuple(fc.constantFrom('seq', 'at', 'kind', 'metrics', 'checks'), fc.jsonValue()).map(([key, value]) => ({
    type: 'reports',
    streamId: 'stream-0001',
    records: [{ ...sampleRecord(1, 1000), [key]: value }],
  })),
);

describe('agent protocol fuzzing', () => {
  it('never throws and never writes a frame that fails validation', async () => {
    const agent = cp.store.agents.get(host.agentId)!;
    await fc.assert(
      fc.asyncProperty(hostileFrame, async (frame) => {
        const sent: ServerMessage[] = [];
        const connection = new AgentConnection(agent, {
          ingest: cp.app.ingest,
          fleet: cp.app.fleet,
          clock: Date.now,
          send: (m) => void sent.push(m),
          close: () => {},
          recordHello: () => {},
          log: { warn: () => {} },
        });
        connection.onFrame(JSON.stringify({ type: 'hello', protocol: 1, streamId: 'stream-0001', agentVersion: '0.1.0', intervalSeconds: 15 }));
        const before = rowCounts();
        expect(() => connection.onFrame(typeof frame === 'string' ? frame : JSON.stringify(frame))).not.toThrow();
        cp.app.ingest.flush();
        await new Promise((resolve) => setImmediate(resolve));
        if (sent.some((m) => m.type === 'error')) expect(rowCounts()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});

const routes: Array<{ method: 'GET' | 'POST'; url: string }> = [
  { method: 'POST', url: '/api/v1/tenants' },
  { method: 'GET', url: '/api/v1/hosts' },
  { method: 'POST', url: '/api/v1/auth/login' },
  { method: 'POST', url: '/api/v1/enroll' },
  { method: 'POST', url: '/api/v1/users' },
  { method: 'POST', url: '/api/v1/api-tokens' },
  { method: 'POST', url: '/api/v1/tenants/{tenant}/enrollment-tokens' },
  { method: 'GET', url: '/api/v1/hosts/{host}/samples' },
];

describe('HTTP API fuzzing', () => {
  it.each(routes)('$method $url answers arbitrary input without a 5xx, and writes nothing when it refuses', async ({ method, url }) => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (body, query, contentType) => {
          const before = rowCounts();
          const path = url.replace('{tenant}', tenantId).replace('{host}', host.hostId);
          const response = await cp.app.inject({
            method,
            url: path,
            query,
            headers: { authorization: `Bearer ${admin}`, 'content-type': contentType },
            ...(method === 'POST' ? { payload: JSON.stringify(body) } : {}),
          });
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode >= 400) {
            expect(rowCounts()).toEqual(before);
            expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
