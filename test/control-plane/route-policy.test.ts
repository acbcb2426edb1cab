/**
 * Every registered route declares who may call it, and every route has a cross-tenant
 * case here: a tenant-B caller aimed at tenant A's objects gets 404 (or 403 on ops-only
 * routes) and changes nothing. A new route without a case fails this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../helpers/protocol-client.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { createApiToken } from '../../control-plane/services/accounts.ts';
import { hostFacts } from '../helpers/records.ts';

let cp: TestControlPlane;
let a: {
  tenantId: string;
  hostId: string;
  agentId: string;
  agentSecret: string;
  enrollmentTokenId: string;
  apiTokenId: string;
  fingerprint: string;
  silenceId: string;
  maintenanceId: string;
  incidentId: string;
};
let tenantB: { admin: string; viewer: string };
let tenantCEnrollmentToken: string;

beforeAll(async () => {
  cp = await startControlPlane({ listen: true });
  const tenantId = cp.tenant('Tenant A');
  const host = cp.enroll(tenantId, 'a-host');
  const enrollment = createEnrollmentToken(cp.store, { tenantId }, Date.now()).record;
  const apiToken = createApiToken(cp.store, { name: 'a-token', role: 'tenant-viewer', tenantId }, Date.now()).record;
  a = { tenantId, ...host, enrollmentTokenId: enrollment.id, apiTokenId: apiToken.id, ...alertingObjects(tenantId, host.hostId) };
  const b = cp.tenant('Tenant B');
  tenantB = { admin: cp.token('tenant-admin', b), viewer: cp.token('tenant-viewer', b) };
  tenantCEnrollmentToken = createEnrollmentToken(cp.store, { tenantId: cp.tenant('Tenant C') }, Date.now()).token;
});
afterAll(async () => cp.close());

/** An alert, silence, maintenance period and incident of tenant A, straight in the store. */
function alertingObjects(tenantId: string, hostId: string) {
  const now = Date.now();
  const labels = { alertname: 'cpu-high', severity: 'warning', tenant_id: tenantId, host_id: hostId };
  const alert = {
    fingerprint: 'fp-tenant-a', ruleId: 'cpu-high', tenantId, hostId, labels, annotations: { summary: 'CPU high' }, severity: 'warning' as const,
    state: 'firing' as const, value: 95, activeAt: now, firedAt: now, resolvedAt: null, lastTrueAt: now, lastEvaluatedAt: now,
    flapHistory: [], flapping: false, acknowledgedAt: null, acknowledgedBy: null, acknowledgeComment: null, suppressed: false,
  };
  cp.store.alerts.save([alert, { ...alert, fingerprint: 'fp-global', tenantId: null, hostId: null, ruleId: 'holiday-calendar-missing', labels: { alertname: 'holiday-calendar-missing', year: '2027' } }], []);
  const matchers = [{ name: 'tenant_id', op: '=' as const, value: tenantId }];
  cp.store.silences.create({ id: 'sil_a', tenantId, matchers, startsAt: now, endsAt: now + 3_600_000, createdBy: 'user:ops', comment: 'a', createdAt: now, expiredAt: null });
  cp.store.maintenance.create({ id: 'mnt_a', tenantId, hostIds: [hostId], startsAt: now, endsAt: now + 3_600_000, reason: 'patch', source: 'test' });
  cp.store.incidents.create({
    id: 'inc_a', tenantId, fingerprint: 'fp-tenant-a', ruleId: 'cpu-high', hostId, severity: 'warning', title: 'CPU high', titleZh: null, plan: 'standard', calendar: '5x8',
    openedAt: now, responseDueAt: now + 3_600_000, deadlineProblem: null, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null,
    ackBusinessSeconds: null, ackWallSeconds: null, resolveBusinessSeconds: null, resolveWallSeconds: null, responseBreached: false,
  });
  return { fingerprint: 'fp-tenant-a', silenceId: 'sil_a', maintenanceId: 'mnt_a', incidentId: 'inc_a' };
}

const idsOf = async (url: string) => (await call('GET', url, tenantB.admin)).json().items.map((item: { id?: string; fingerprint?: string }) => item.id ?? item.fingerprint);

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const counts = () =>
  cp.store.db
    .prepare(
      `SELECT (SELECT count(*) FROM tenants) t, (SELECT count(*) FROM users) u, (SELECT count(*) FROM api_tokens) k,
              (SELECT count(*) FROM enrollment_tokens) e, (SELECT count(*) FROM agents WHERE revoked_at IS NULL) ag,
              (SELECT count(*) FROM enrollment_tokens WHERE revoked_at IS NULL) ea, (SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL) ka,
              (SELECT count(*) FROM silences WHERE expired_at IS NULL) si, (SELECT count(*) FROM maintenance_periods) mp,
              (SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL) al, (SELECT count(*) FROM incidents WHERE acknowledged_at IS NULL) inc`,
    )
    .get();

async function call(method: string, url: string, token: string, payload?: object) {
  return cp.app.inject({ method: method as 'GET', url, headers: as(token), ...(payload ? { payload } : {}) });
}

type Case = () => Promise<void>;
const expectStatus = async (status: number, method: string, url: string, payload?: object) => {
  const response = await call(method, url, tenantB.admin, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
};

/** One cross-tenant attempt per route; keys are `METHOD url` as registered. */
const cases: Record<string, Case> = {
  'GET /healthz': async () => {
    const body = (await call('GET', '/healthz', tenantB.admin)).json();
    expect(Object.keys(body).sort()).toEqual(['hosts', 'status', 'version']);
  },
  'GET /metrics': () => expectStatus(403, 'GET', '/metrics'),
  'POST /api/v1/auth/login': async () => {
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x', tenantId: a.tenantId } });
    expect(response.statusCode).toBe(400);
  },
  'POST /api/v1/auth/logout': async () => expect((await call('POST', '/api/v1/auth/logout', tenantB.admin)).statusCode).toBe(204),
  'GET /api/v1/auth/me': async () => expect((await call('GET', '/api/v1/auth/me', tenantB.admin)).json().user.tenantId).not.toBe(a.tenantId),
  'GET /api/v1/tenants': async () => {
    const ids = (await call('GET', '/api/v1/tenants', tenantB.admin)).json().items.map((t: { id: string }) => t.id);
    expect(ids).not.toContain(a.tenantId);
  },
  'POST /api/v1/tenants': () => expectStatus(403, 'POST', '/api/v1/tenants', { name: 'Intruder' }),
  'GET /api/v1/tenants/:tenantId': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}`),
  'GET /api/v1/hosts': async () => {
    expect((await call('GET', '/api/v1/hosts', tenantB.admin)).json().items).toEqual([]);
    await expectStatus(404, 'GET', `/api/v1/hosts?tenantId=${a.tenantId}`);
  },
  'GET /api/v1/hosts/:hostId': () => expectStatus(404, 'GET', `/api/v1/hosts/${a.hostId}`),
  'GET /api/v1/hosts/:hostId/samples': () => expectStatus(404, 'GET', `/api/v1/hosts/${a.hostId}/samples`),
  'POST /api/v1/enroll': async () => {
    // The tenant comes from the token only: naming a tenant in the body is refused.
    const payload = { token: tenantCEnrollmentToken, facts: hostFacts('x'), tenantId: a.tenantId };
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/enroll', payload });
    expect(response.statusCode).toBe(400);
  },
  'POST /api/v1/tenants/:tenantId/enrollment-tokens': () => expectStatus(404, 'POST', `/api/v1/tenants/${a.tenantId}/enrollment-tokens`, {}),
  'GET /api/v1/tenants/:tenantId/enrollment-tokens': () => expectStatus(404, 'GET', `/api/v1/tenants/${a.tenantId}/enrollment-tokens`),
  'POST /api/v1/enrollment-tokens/:tokenId/revoke': () => expectStatus(404, 'POST', `/api/v1/enrollment-tokens/${a.enrollmentTokenId}/revoke`),
  'POST /api/v1/agents/:agentId/revoke': () => expectStatus(404, 'POST', `/api/v1/agents/${a.agentId}/revoke`),
  'GET /api/v1/users': async () => {
    const users = (await call('GET', '/api/v1/users', tenantB.admin)).json().items;
    expect(users.every((u: { tenantId: string }) => u.tenantId !== a.tenantId)).toBe(true);
  },
  'POST /api/v1/users': () => expectStatus(404, 'POST', '/api/v1/users', { username: 'sneaky', password: 'a-long-password-1', role: 'tenant-admin', tenantId: a.tenantId }),
  'GET /api/v1/api-tokens': async () => {
    const tokens = (await call('GET', '/api/v1/api-tokens', tenantB.admin)).json().items;
    expect(tokens.map((t: { id: string }) => t.id)).not.toContain(a.apiTokenId);
  },
  'POST /api/v1/api-tokens': () => expectStatus(404, 'POST', '/api/v1/api-tokens', { name: 'x', role: 'tenant-viewer', tenantId: a.tenantId }),
  'POST /api/v1/api-tokens/:tokenId/revoke': () => expectStatus(404, 'POST', `/api/v1/api-tokens/${a.apiTokenId}/revoke`),
  'GET /api/v1/agent/ws': async () => {
    // A tenant API token is not an agent credential.
    await expect(connectAgent(cp.url, a.agentId, tenantB.admin.slice(4))).rejects.toMatchObject({ statusCode: 401 });
  },
  'GET /api/v1/alerts': async () => {
    const seen = await idsOf('/api/v1/alerts');
    expect(seen).not.toContain(a.fingerprint);
    expect(seen).not.toContain('fp-global');
    await expectStatus(404, 'GET', `/api/v1/alerts?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/alerts/:fingerprint/acknowledge': () => expectStatus(403, 'POST', `/api/v1/alerts/${a.fingerprint}/acknowledge`, { comment: 'x' }),
  'GET /api/v1/silences': async () => expect(await idsOf('/api/v1/silences')).not.toContain(a.silenceId),
  'POST /api/v1/silences': () => expectStatus(403, 'POST', '/api/v1/silences', { matchers: [{ name: 'a', op: '=', value: 'b' }], endsAt: '2099-01-01T00:00:00Z', comment: 'x' }),
  'POST /api/v1/silences/:silenceId/expire': () => expectStatus(403, 'POST', `/api/v1/silences/${a.silenceId}/expire`),
  'GET /api/v1/maintenance': async () => expect(await idsOf('/api/v1/maintenance')).not.toContain(a.maintenanceId),
  'POST /api/v1/maintenance': () =>
    expectStatus(403, 'POST', '/api/v1/maintenance', { tenantId: a.tenantId, startsAt: '2099-01-01T00:00:00Z', endsAt: '2099-01-02T00:00:00Z', reason: 'x' }),
  'POST /api/v1/maintenance/:periodId/end': () => expectStatus(403, 'POST', `/api/v1/maintenance/${a.maintenanceId}/end`),
  'GET /api/v1/incidents': async () => {
    expect(await idsOf('/api/v1/incidents')).not.toContain(a.incidentId);
    await expectStatus(404, 'GET', `/api/v1/incidents?tenantId=${a.tenantId}`);
  },
  'POST /api/v1/incidents/:incidentId/acknowledge': () => expectStatus(403, 'POST', `/api/v1/incidents/${a.incidentId}/acknowledge`, {}),
  'GET /api/v1/live': async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: as(tenantB.viewer) });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'watch', hostId: a.hostId }));
    const reply = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(reply)).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    socket.close();
  },
};

/** Routes that serve documents, not data: public, read-only, with a stated reason. */
const isDocumentRoute = (url: string) => url.startsWith('/docs') || url === '/' || url === '/*';

describe('route policy', () => {
  it('gives every registered route an access policy', () => {
    const missing = cp.app.registeredRoutes().filter((r) => !r.policy);
    expect(missing).toEqual([]);
  });

  it('keeps documentation and dashboard file routes public and read-only', () => {
    const documents = cp.app.registeredRoutes().filter((r) => isDocumentRoute(r.url));
    for (const route of documents) {
      expect(route.policy?.access, route.url).toBe('public');
      expect(['GET', 'HEAD']).toContain(route.method);
    }
  });

  it('has a cross-tenant case for every other route', () => {
    const routes = new Set(cp.app.registeredRoutes().filter((r) => !isDocumentRoute(r.url) && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    expect([...routes].filter((key) => !(key in cases)).sort()).toEqual([]);
    expect(Object.keys(cases).filter((key) => !routes.has(key)).sort()).toEqual([]);
  });

  it.each(Object.keys(cases))('refuses tenant B on %s and changes nothing', async (key) => {
    const before = counts();
    await cases[key]();
    const after = counts();
    expect(after).toEqual(before);
  });
});
