/**
 * Incidents during a critical period, at fixed instants over a weekend: the critical deadline
 * runs on 7x24 while the normal one waits for Monday; the period's contacts hear the alert
 * through the durable contact outbox; the board shows hosts, incidents and deadlines.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../../../control-plane/notices/contacts.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { HOUR } from './fixtures.ts';

/** Saturday 14 March 2026, 10:00 in Shanghai; the standard plan answers within 4h on 7x24 in a critical period, else 1wd on 5x8. */
const T0 = Date.parse('2026-03-14T10:00:00+08:00');
let now = T0;
let cp: TestControlPlane;
let tenantId: string;
let covered: { hostId: string };
let other: { hostId: string };
let periodId: string;
let viewer: string;
const received: Array<{ path: string; body: string }> = [];
const webhook = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', body });
    response.writeHead(200).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const { port } = webhook.address() as { port: number };
  cp = await startControlPlane({ clock: () => now });
  tenantId = cp.tenant('Acme');
  viewer = cp.token('tenant-viewer', tenantId);
  covered = cp.enroll(tenantId, 'erp-app-01');
  other = cp.enroll(tenantId, 'bi-app-01');
  const onDuty = createContact(cp.store.contacts, tenantId, { name: 'closing war room', kind: 'webhook', url: `http://127.0.0.1:${port}/war-room`, language: 'en' }, now);
  createContact(cp.store.contacts, tenantId, { name: 'weekly notices', kind: 'webhook', url: `http://127.0.0.1:${port}/notices`, language: 'en' }, now);
  const input = { tenantId, kind: 'closing' as const, title: 'Quarter closing', start: '2026-03-14T00:00', end: '2026-03-16T00:00', hostIds: [covered.hostId], contactIds: [onDuty.id] };
  periodId = cp.app.criticalPeriods.declare(input, { actor: 'user:ops', tenantId: null }, now - 7 * 24 * HOUR).id;
  for (const host of [covered, other]) {
    cp.app.alertEngine.raise('window-overrun', { tenantId, hostId: host.hostId, hostName: host === covered ? 'erp-app-01' : 'bi-app-01', labels: { window: 'win_1' }, value: 5, at: now });
  }
});
afterAll(async () => {
  await cp.close();
  webhook.close();
});

const incidentOn = (hostId: string) => cp.store.incidents.list({ tenantId }, 10).find((i) => i.hostId === hostId)!;
const isoAt = (at: number | null) => (at === null ? null : new Date(at).toISOString());

describe('incidents during a critical period', () => {
  it('gives an incident on a covered host the critical deadline on 7x24 and records the period', () => {
    const incident = incidentOn(covered.hostId);
    expect(incident).toMatchObject({ plan: 'standard', calendar: '7x24', criticalPeriodId: periodId, deadlineProblem: null });
    expect(isoAt(incident.responseDueAt)).toBe(new Date('2026-03-14T14:00:00+08:00').toISOString());
  });

  it('leaves an incident on a host the period does not cover on the plan deadline, waiting for Monday', () => {
    const incident = incidentOn(other.hostId);
    expect(incident).toMatchObject({ calendar: '5x8', criticalPeriodId: null });
    expect(isoAt(incident.responseDueAt)).toBe(new Date('2026-03-16T17:30:00+08:00').toISOString());
  });

  it('shows the period in the incidents JSON', async () => {
    const items = (await cp.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: { authorization: `Bearer ${viewer}` } })).json().items;
    expect(Object.fromEntries(items.map((i: { hostId: string; criticalPeriodId: string | null }) => [i.hostId, i.criticalPeriodId]))).toEqual({ [covered.hostId]: periodId, [other.hostId]: null });
  });

  it("sends the covered host's alert to the period's contacts only, once, through the contact outbox", async () => {
    expect(await cp.app.notices.deliverDue(now)).toBe(1);
    expect(await cp.app.notices.deliverDue(now + 60_000)).toBe(0);
    expect(received.map((r) => r.path)).toEqual(['/war-room']);
    const body = JSON.parse(received[0].body);
    expect(body).toMatchObject({ status: 'firing', groupLabels: { critical_period_id: periodId } });
    expect(body.alerts).toHaveLength(1);
    expect(body.alerts[0].labels).toMatchObject({ alertname: 'window-overrun', critical_period_id: periodId, host_id: covered.hostId });
    expect(body.alerts[0].annotations).toMatchObject({ critical_period: 'Quarter closing (2026-03-14T00:00 to 2026-03-16T00:00)', response_due_at: '2026-03-14T06:00:00.000Z' });
  });

  it('counts the acknowledgement in 7x24 seconds', () => {
    now = T0 + HOUR;
    cp.app.alertEngine.acknowledge(incidentOn(covered.hostId).fingerprint, 'user:li', 'on it', now);
    expect(incidentOn(covered.hostId)).toMatchObject({ acknowledgedAt: now, ackBusinessSeconds: 3600, ackWallSeconds: 3600 });
  });
});

describe('the critical-period board', () => {
  it('lists the covered hosts and the escalated incident with its deadline, and counts them', async () => {
    now = T0 + 5 * HOUR;
    const response = await cp.app.inject({ method: 'GET', url: `/api/v1/critical-periods/${periodId}/board`, headers: { authorization: `Bearer ${viewer}` } });
    expect(response.statusCode, response.body).toBe(200);
    const board = response.json();
    expect(board.period).toMatchObject({ id: periodId, state: 'active', zone: 'Asia/Shanghai' });
    expect(board.hosts).toEqual([{ id: covered.hostId, name: 'erp-app-01', product: null, status: expect.any(String), lastSeenAt: null, firingAlerts: 1 }]);
    expect(board.incidents).toEqual([
      {
        id: incidentOn(covered.hostId).id, hostId: covered.hostId, title: expect.any(String), severity: 'warning', openedAt: isoAt(T0),
        responseDueAt: '2026-03-14T06:00:00.000Z', acknowledgedAt: isoAt(T0 + HOUR), resolvedAt: null, escalated: true, breached: false,
      },
    ]);
    expect(board.counts).toEqual({ hosts: 1, up: board.hosts.filter((h: { status: string }) => h.status === 'up').length, stale: expect.any(Number), down: expect.any(Number), openIncidents: 1, breached: 0 });
    expect(board.counts.up + board.counts.stale + board.counts.down).toBe(1);
  });

  it('flags an unanswered escalated incident as breached once its 7x24 deadline passes, on a Saturday evening', async () => {
    cp.app.alertEngine.raise('rollout-failed', { tenantId, hostId: covered.hostId, hostName: 'erp-app-01', labels: { rollout_id: 'rol_1' }, value: null, at: T0 + 5 * HOUR });
    const board = async () => (await cp.app.inject({ method: 'GET', url: `/api/v1/critical-periods/${periodId}/board`, headers: { authorization: `Bearer ${viewer}` } })).json();
    now = T0 + 9 * HOUR;
    expect((await board()).counts).toMatchObject({ openIncidents: 2, breached: 0 });
    now = T0 + 9 * HOUR + 1;
    const late = await board();
    expect(late.incidents.map((i: { severity: string; breached: boolean; escalated: boolean }) => [i.severity, i.escalated, i.breached])).toEqual([
      ['critical', true, true],
      ['warning', true, false],
    ]);
    expect(late.counts).toMatchObject({ openIncidents: 2, breached: 1 });
  });
});
