/**
 * Size limits on every input: each route that takes a body (every non-GET operation of the
 * OpenAPI document) answers 413 PAYLOAD_TOO_LARGE past the body limit and writes nothing, and
 * the dashboard live socket closes with 1009 past its frame limit (the agent socket's 1009 is
 * in agent-gateway.test.ts).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../helpers/control-plane.ts';
import { rowCounts } from '../helpers/db-snapshot.ts';

const BODY_LIMIT_BYTES = 1024 * 1024;
const LIVE_FRAME_LIMIT_BYTES = 4096;

let cp: TestControlPlane;
let tokens: string[];
let tenantId: string;
let operations: Array<{ method: string; path: string }>;

beforeAll(async () => {
  cp = await startControlPlane({ listen: true });
  tenantId = cp.tenant('Acme');
  // Ops first; routes only a tenant may call (sign-off of its own report) refuse ops with 403.
  tokens = [cp.token('ops-admin'), cp.token('tenant-admin', tenantId)];
  const doc = (await cp.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => m !== 'get').map((method) => ({ method: method.toUpperCase(), path })));
});
afterAll(async () => cp.close());

/** A JSON body just over the limit. */
const oversized = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES + 16) });

describe('body limit', () => {
  it('finds the body-taking routes in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations).toContainEqual({ method: 'POST', path: '/api/v1/auth/login' });
    expect(operations).toContainEqual({ method: 'PATCH', path: '/api/v1/tenants/{tenantId}/contacts/{contactId}' });
  });

  it('answers 413 PAYLOAD_TOO_LARGE on every body-taking route and writes nothing', async () => {
    const refused: string[] = [];
    for (const { method, path } of operations) {
      const url = path.replace(/\{tenantId\}/g, tenantId).replace(/\{[^}]+\}/g, 'obj_0123456789');
      const before = rowCounts(cp.store.db);
      let response;
      for (const token of tokens) {
        response = await cp.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: oversized });
        if (response.statusCode !== 403) break;
      }
      if (response!.statusCode !== 413 || response!.json().error.code !== 'PAYLOAD_TOO_LARGE') refused.push(`${method} ${path}: ${response!.statusCode}`);
      expect(rowCounts(cp.store.db), `${method} ${path}`).toEqual(before);
    }
    expect(refused).toEqual([]);
  });
});

/** Opens the live socket as ops and resolves with its close code once `frame` is sent. */
async function liveCloseCode(frame: string): Promise<{ code: number; answers: string[] }> {
  const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  const answers: string[] = [];
  socket.on('message', (data) => answers.push(JSON.parse(String(data)).code));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(frame);
  // A frame under the limit is answered; then close from this side to end the exchange.
  const code = await Promise.race([closed, new Promise<number>((resolve) => socket.once('message', () => resolve(0)))]);
  if (code === 0) {
    socket.close(1000);
    return { code: await closed, answers };
  }
  return { code, answers };
}

describe('frame limits', () => {
  it('answers a live frame at the limit and closes with 1009 one byte past it', async () => {
    const atLimit = JSON.stringify({ type: 'watch', hostId: 'x'.repeat(LIVE_FRAME_LIMIT_BYTES - 30) }).padEnd(LIVE_FRAME_LIMIT_BYTES, ' ');
    expect(Buffer.byteLength(atLimit)).toBe(LIVE_FRAME_LIMIT_BYTES);
    expect(await liveCloseCode(atLimit)).toEqual({ code: 1000, answers: ['INVALID_MESSAGE'] });
    expect((await liveCloseCode(`${atLimit} `)).code).toBe(1009);
  });
});
