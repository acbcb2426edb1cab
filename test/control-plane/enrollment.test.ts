import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { hostFacts } from '../helpers/records.ts';

let cp: TestControlPlane;
let tenantId: string;
let admin: string;
let now = Date.parse('2026-11-27T08:00:00Z');

beforeEach(async () => {
  now = Date.parse('2026-11-27T08:00:00Z');
  cp = await startControlPlane({ listen: true, clock: () => now });
  tenantId = cp.tenant('Acme');
  admin = cp.token('ops-admin');
});
afterEach(async () => cp.close());

async function newToken(body: object = {}) {
  const response = await cp.app.inject({ method: 'POST', url: `/api/v1/tenants/${tenantId}/enrollment-tokens`, headers: { authorization: `Bearer ${admin}` }, payload: body });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; token: string };
}

const enroll = (token: string, hostname = 'erp-01') =>
  fetch(`${cp.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, facts: hostFacts(hostname) }) });

describe('enrolment', () => {
  it('lets exactly 10 of 50 concurrent enrolments through a token with 10 uses', async () => {
    const { token } = await newToken({ maxUses: 10 });
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => enroll(token, `host-${i}`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    const refusals = await Promise.all(responses.filter((r) => r.status !== 201).map((r) => r.json()));
    expect(new Set(refusals.map((b) => b.error.code))).toEqual(new Set(['TOKEN_EXHAUSTED']));
    expect(cp.store.hosts.list()).toHaveLength(10);
    expect(cp.store.agents.list()).toHaveLength(10);
  });

  it('puts the host in the token tenant and returns a credential that is stored only as a hash', async () => {
    const { token } = await newToken();
    const response = await enroll(token);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.tenantId).toBe(tenantId);
    expect(body.serverPublicKey).toContain('BEGIN PUBLIC KEY');
    const dump = JSON.stringify(cp.store.db.prepare('SELECT * FROM agents').all()) + JSON.stringify(cp.store.db.prepare('SELECT * FROM enrollment_tokens').all());
    expect(dump).not.toContain(body.agentSecret);
    expect(dump).not.toContain(token);
  });

  it.each([
    ['an unknown token', async () => 'twe_' + 'A'.repeat(43), 'TOKEN_INVALID'],
    ['an expired token', async () => {
      const { token } = await newToken({ expiresInHours: 1 });
      now += 3_600_001;
      return token;
    }, 'TOKEN_EXPIRED'],
    ['a revoked token', async () => {
      const { id, token } = await newToken();
      await cp.app.inject({ method: 'POST', url: `/api/v1/enrollment-tokens/${id}/revoke`, headers: { authorization: `Bearer ${admin}` } });
      return token;
    }, 'TOKEN_REVOKED'],
  ])('refuses %s with 401 and a stable code', async (_name, makeToken, code) => {
    const response = await enroll(await makeToken());
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe(code);
    expect(cp.store.hosts.list()).toHaveLength(0);
  });
});

describe('token expiry', () => {
  it('stores a fractional expiry as a whole millisecond after now, for enrolment and API tokens alike', async () => {
    const enrolment = await newToken({ expiresInHours: 0.0000001 });
    expect(cp.store.enrollmentTokens.get(enrolment.id)?.expiresAt).toBe(now + 1);
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: { authorization: `Bearer ${admin}` }, payload: { name: 'brief', role: 'ops-viewer', expiresInDays: 0.00000001 } });
    expect(response.statusCode).toBe(201);
    expect(cp.store.apiTokens.get(response.json().id)?.expiresAt).toBe(now + 1);
  });
});
