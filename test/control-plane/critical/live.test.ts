/** A critical period declared, changed or cancelled is pushed live to its tenant's dashboards, and to no other tenant. */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { SAT } from './fixtures.ts';

let cp: TestControlPlane;
let tenantId: string;
const messages: Array<{ socket: string; message: { type: string; action?: string; item?: { id: string; state: string } } }> = [];

function watch(name: string, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${cp.url.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } });
  socket.on('message', (data) => messages.push({ socket: name, message: JSON.parse(String(data)) }));
  return new Promise((resolve) => socket.once('open', () => resolve(socket)));
}

/** Waits for the socket's queue to drain: a ping round trip arrives after every frame sent before it. */
const settled = (socket: WebSocket) => new Promise<void>((resolve) => socket.ping(() => socket.once('pong', () => resolve())));

beforeAll(async () => {
  cp = await startControlPlane({ listen: true, clock: () => SAT - 86_400_000 });
  tenantId = cp.tenant('Acme');
});
afterAll(async () => cp.close());

describe('critical-period live pushes', () => {
  it("pushes declare and cancel to the tenant's viewers and ops, never to another tenant", async () => {
    const own = await watch('own', cp.token('tenant-viewer', tenantId));
    const ops = await watch('ops', cp.token('ops-viewer'));
    const other = await watch('other', cp.token('tenant-viewer', cp.tenant('Globex')));
    const admin = cp.token('tenant-admin', tenantId);
    const declared = await cp.app.inject({ method: 'POST', url: '/api/v1/critical-periods', headers: { authorization: `Bearer ${admin}` }, payload: { tenantId, kind: 'tax-filing', title: 'VAT filing', start: '2026-03-14T00:00', end: '2026-03-15T00:00' } });
    const id = declared.json().id;
    await cp.app.inject({ method: 'POST', url: `/api/v1/critical-periods/${id}/cancel`, headers: { authorization: `Bearer ${admin}` } });
    for (const socket of [own, ops, other]) await settled(socket);
    const pushes = (name: string) => messages.filter((m) => m.socket === name && m.message.type === 'critical-period').map((m) => [m.message.action, m.message.item?.id, m.message.item?.state]);
    expect(pushes('own')).toEqual([['declared', id, 'scheduled'], ['cancelled', id, 'cancelled']]);
    expect(pushes('ops')).toEqual(pushes('own'));
    expect(pushes('other')).toEqual([]);
    for (const socket of [own, ops, other]) socket.close();
  });
});
