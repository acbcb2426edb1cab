import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';

let cp: TestControlPlane;
let dashboardDir: string;

beforeAll(async () => {
  dashboardDir = mkdtempSync(join(tmpdir(), 'tideway-dash-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Tideway</title>');
  cp = await startControlPlane({ dashboardDir });
});
afterAll(async () => {
  await cp.close();
  rmSync(dashboardDir, { recursive: true, force: true });
});

describe('HTTP basics', () => {
  it('answers /healthz without credentials', async () => {
    const response = await cp.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toMatchObject({ status: 'ok', version: '0.1.0' });
  });

  it('serves the dashboard with a content security policy that allows only its own origin', async () => {
    const response = await cp.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('publishes an OpenAPI document that lists the contract routes', async () => {
    const doc = (await cp.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/hosts', '/api/v1/hosts/{hostId}', '/api/v1/hosts/{hostId}/samples', '/healthz']));
  });

  it('answers an unknown API path with a NOT_FOUND error body', async () => {
    const response = await cp.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('compresses large responses for clients that accept gzip', async () => {
    const token = cp.token('ops-viewer');
    const tenantId = cp.tenant('Acme');
    for (let i = 0; i < 60; i += 1) cp.enroll(tenantId, `erp-${i}`);
    const response = await cp.app.inject({ method: 'GET', url: '/api/v1/hosts?limit=100', headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it('refuses a body over the 1 MiB limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await cp.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(1_100_000), password: 'y' }) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
