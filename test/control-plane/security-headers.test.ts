/**
 * Security headers on the dashboard and the API, and rate limits on sign-in and on every
 * route that mints a credential: past the limit the answer is 429 with the error body and
 * nothing is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../control-plane/notices/contacts.ts';
import { createEnrollmentToken } from '../../control-plane/services/enrollment.ts';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { hostFacts } from '../helpers/records.ts';

let cp: TestControlPlane;
let dashboardDir: string;
let admin: string;
let tenantId: string;
let contactId: string;

beforeAll(async () => {
  dashboardDir = mkdtempSync(join(tmpdir(), 'tideway-dash-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Tideway</title><script type="module" src="./app.js"></script>');
  writeFileSync(join(dashboardDir, 'app.js'), 'console.log("tideway")');
  cp = await startControlPlane({ dashboardDir, allowPrivateContactAddresses: true });
  admin = cp.token('ops-admin');
  tenantId = cp.tenant('Acme');
  contactId = createContact(cp.store.contacts, tenantId, { name: 'c0', kind: 'webhook', url: 'https://example.com/hook' }, Date.now()).id;
});
afterAll(async () => {
  await cp.close();
  rmSync(dashboardDir, { recursive: true, force: true });
});

/** The CSP as a map from directive to its sources. */
const directives = (header: unknown) =>
  Object.fromEntries(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name, sources.join(' ')]),
  );

/** What the dashboard needs and nothing more: its own scripts, styles (inline style attributes), data: images, same-origin fetch and WebSocket. */
const DASHBOARD_CSP = {
  'default-src': "'self'",
  'connect-src': "'self'",
  'img-src': "'self' data:",
  'style-src': "'self' 'unsafe-inline'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
  'font-src': "'self' https: data:",
};

const SECURITY_HEADER_CASES = [
  { name: 'the dashboard page', url: '/', auth: false },
  { name: 'a dashboard script', url: '/app.js', auth: false },
  { name: 'an API answer', url: '/api/v1/hosts', auth: true },
  { name: 'an API error', url: '/api/v1/hosts/hst_missing', auth: true },
  { name: 'an unauthenticated API error', url: '/api/v1/hosts', auth: false },
  { name: 'the health check', url: '/healthz', auth: false },
];

describe('security headers', () => {
  it.each(SECURITY_HEADER_CASES)('$name carries the CSP, nosniff, frame protection and a referrer policy', async ({ url, auth }) => {
    const response = await cp.app.inject({ method: 'GET', url, headers: auth ? { authorization: `Bearer ${admin}` } : {} });
    expect(directives(response.headers['content-security-policy'])).toEqual(DASHBOARD_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the dashboard page as HTML under that policy', async () => {
    const response = await cp.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>Tideway</title>');
  });
});

const counts = () =>
  cp.store.db
    .prepare(
      `SELECT (SELECT count(*) FROM sessions) s, (SELECT count(*) FROM api_tokens) k, (SELECT count(*) FROM enrollment_tokens) e,
              (SELECT count(*) FROM agents) ag, (SELECT count(*) FROM hosts) h, (SELECT count(*) FROM tenant_contacts) tc,
              (SELECT string_agg(name, ',' ORDER BY id) FROM tenant_contacts) tcn, (SELECT count(*) FROM ics_feeds) f, (SELECT count(*) FROM audit_log) au`,
    )
    .get();

let nth = 0;
/** Each limited route with its per-minute limit and a request that writes when it is allowed. */
const LIMITED_ROUTES = [
  { name: 'POST /api/v1/auth/login', max: 10, request: () => ({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'wrong-password' } }) },
  {
    name: 'POST /api/v1/enroll',
    max: 60,
    request: () => ({ method: 'POST', url: '/api/v1/enroll', payload: { token: createEnrollmentToken(cp.store, { tenantId }, Date.now()).token, facts: hostFacts(`h-${(nth += 1)}`) } }),
  },
  { name: 'POST /api/v1/api-tokens', max: 30, request: () => ({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: `t-${(nth += 1)}`, role: 'ops-viewer' } }) },
  { name: 'POST /api/v1/tenants/:tenantId/enrollment-tokens', max: 30, request: () => ({ method: 'POST', url: `/api/v1/tenants/${tenantId}/enrollment-tokens`, payload: {} }) },
  { name: 'POST /api/v1/tenants/:tenantId/ics-feeds', max: 30, request: () => ({ method: 'POST', url: `/api/v1/tenants/${tenantId}/ics-feeds`, payload: { name: `f-${(nth += 1)}` } }) },
  {
    name: 'POST /api/v1/tenants/:tenantId/contacts',
    max: 30,
    request: () => ({ method: 'POST', url: `/api/v1/tenants/${tenantId}/contacts`, payload: { name: `c-${(nth += 1)}`, kind: 'webhook', url: 'https://example.com/hook', secret: 'shh' } }),
  },
  {
    name: 'PATCH /api/v1/tenants/:tenantId/contacts/:contactId',
    max: 30,
    request: () => ({ method: 'PATCH', url: `/api/v1/tenants/${tenantId}/contacts/${contactId}`, payload: { name: `renamed-${(nth += 1)}` } }),
  },
  { name: 'GET /ics/:token.ics', max: 60, request: () => ({ method: 'GET', url: '/ics/not-a-real-feed-token.ics' }) },
];

describe('rate limits', () => {
  it('covers sign-in and every route that creates a token, secret or credential', () => {
    const limited = cp.app.registeredRoutes().filter((r) => r.method !== 'HEAD');
    const declared = new Set(LIMITED_ROUTES.map((r) => r.name));
    for (const key of ['POST /api/v1/auth/login', 'POST /api/v1/enroll', 'POST /api/v1/api-tokens', 'POST /api/v1/tenants/:tenantId/enrollment-tokens', 'POST /api/v1/tenants/:tenantId/ics-feeds']) {
      expect(limited.map((r) => `${r.method} ${r.url}`)).toContain(key);
      expect(declared).toContain(key);
    }
  });

  it.each(LIMITED_ROUTES)('$name answers 429 RATE_LIMITED past $max a minute and writes nothing more', async ({ max, request }) => {
    // Built up front: making an enrolment token for the body is a write of its own.
    const requests = Array.from({ length: max + 3 }, () => request() as { method: 'GET'; url: string; payload?: object });
    const send = (i: number) => {
      const { method, url, payload } = requests[i];
      return cp.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
    };
    for (let i = 0; i < max; i += 1) expect((await send(i)).statusCode).not.toBe(429);
    const before = counts();
    for (let i = max; i < max + 3; i += 1) {
      const response = await send(i);
      expect(response.statusCode).toBe(429);
      expect(response.json().error).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
      expect(response.headers['retry-after']).toBeDefined();
    }
    expect(counts()).toEqual(before);
  });
});
