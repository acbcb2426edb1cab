/**
 * The last place of a slot, asked for by fifty concurrent HTTP requests from ten tenants
 * over real sockets: exactly one gets it, forty-nine hear SLOT_FULL, and nothing else moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, schedulingPlane, type SchedulingPlane } from './helpers.ts';

const SLOT = '2026-03-10';
const TABLES = [
  'bookings', 'audit_log', 'windows', 'window_coverage', 'maintenance_periods', 'track_subscriptions', 'tenant_freezes', 'private_tracks',
  'releases', 'security_audits', 'tenants', 'api_tokens',
];

let cp: SchedulingPlane;
let racers: Array<{ tenantId: string; admin: string }>;

const counts = () => Object.fromEntries(TABLES.map((t) => [t, (cp.store.db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n]));

beforeAll(async () => {
  cp = await schedulingPlane({ listen: true });
  const subscribe = (tenantId: string) =>
    cp.app.scheduling.replaceSubscriptions(tenantId, [{ trackId: 'xingkong/st-standard', deploymentKind: 'public-single-tenant' }], { actor: 'test', tenantId: null }, NOW);
  // Nine places of ten are taken already.
  for (let i = 0; i < 9; i++) {
    const { tenantId } = cp.tenantWithAdmin(`Filler ${i}`);
    subscribe(tenantId);
    cp.app.scheduling.book({ tenantId, trackId: 'xingkong/st-standard', slotDate: SLOT }, { actor: 'test', tenantId: null }, NOW);
  }
  racers = Array.from({ length: 10 }, (_, i) => cp.tenantWithAdmin(`Racer ${i}`));
  for (const racer of racers) subscribe(racer.tenantId);
  await cp.app.scheduling.recompute(NOW, 'set-up');
});
afterAll(async () => cp.close());

describe('the last place in a slot', () => {
  it('goes to exactly one of fifty concurrent requests; the other forty-nine get SLOT_FULL and nothing else changes', async () => {
    const before = counts();
    const auditBefore = cp.store.audit.list(null, 1)[0];
    const requests = Array.from({ length: 50 }, (_, i) => racers[i % racers.length]).map((racer) =>
      fetch(`${cp.url}/api/v1/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${racer.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ trackId: 'xingkong/st-standard', slotDate: SLOT }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id?: string; tenantId?: string; error?: { code: string } } })),
    );
    const responses = await Promise.all(requests);

    const won = responses.filter((r) => r.status === 201);
    const lost = responses.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    expect(lost.every((r) => r.body.error?.code === 'SLOT_FULL')).toBe(true);

    const after = counts();
    expect(after).toEqual({ ...before, bookings: before.bookings + 1, audit_log: before.audit_log + 1 });
    const entries = cp.store.audit.list(null, 2);
    expect(entries[1]).toEqual(auditBefore);
    expect(entries[0]).toMatchObject({ action: 'booking.requested', target: won[0].body.id, tenantId: won[0].body.tenantId });
    expect(cp.store.bookings.list({ states: ['requested', 'confirmed'], limit: 100 }).filter((b) => b.slotDate === SLOT)).toHaveLength(10);

    // A requested booking covers nobody yet: no recompute is pending, and one finds nothing to change.
    expect(await cp.app.scheduling.flush()).toBeNull();
    expect((await cp.app.scheduling.recompute(NOW, 'check')).changes).toEqual([]);
    expect(counts()).toEqual(after);
  });

  it('then lists the slot as full', async () => {
    const response = await fetch(`${cp.url}/api/v1/tracks/xingkong%2Fst-standard/slots?from=${SLOT}&to=${SLOT}`, { headers: { authorization: `Bearer ${racers[0].admin}` } });
    const [slot] = ((await response.json()) as { items: Array<{ remaining: number; reason: { code: string } | null }> }).items;
    expect(slot).toMatchObject({ remaining: 0, reason: { code: 'SLOT_FULL' } });
  });
});
