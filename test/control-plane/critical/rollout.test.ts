/** Rollouts start no host a critical period of its tenant covers while the period runs; the host waits, as outside a window. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advance } from '../../../control-plane/rollouts/progress.ts';
import { generateSigningKey } from '../../../control-plane/services/signing-key.ts';
import { startControlPlane, type TestControlPlane } from '../../helpers/control-plane.ts';
import { saveRelease, saveWindow } from '../../helpers/rollouts.ts';
import { DURING, fixture } from '../rollouts/domain-fixtures.ts';
import { fleetOf, hasPlan, nextPlan } from '../rollouts/harness.ts';
import { HOUR } from './fixtures.ts';

const key = generateSigningKey();
/** Saturday 14 March 2026, 10:00 in Shanghai: the window opened at 09:00 and its cutoff is 12:30. */
const T0 = Date.parse('2026-03-14T10:00:00+08:00');
let now: number;
let cp: TestControlPlane;
let tenantA: string;

beforeEach(async () => {
  now = T0;
  cp = await startControlPlane({ listen: true, signingKey: key, clock: () => now });
  tenantA = cp.tenant('Tenant A');
});
afterEach(async () => cp.close());

const ops = { actor: 'user:ops', tenantId: null };
const hostStates = (rolloutId: string) => cp.store.rollouts.hosts(rolloutId).map((h) => [h.hostId, h.state, h.reason]);

describe('rollouts during a critical period', () => {
  it('holds a covered host pending while the period runs and starts it once the period is over', async () => {
    const [held, free] = await fleetOf(cp, tenantA, 'erp', 2);
    cp.app.criticalPeriods.declare({ tenantId: tenantA, kind: 'payment', title: 'Payroll', start: '2026-03-14T00:00', end: '2026-03-14T12:00', hostIds: [held.hostId] }, ops, now);
    saveWindow(cp.store, { id: 'win_crit', now, coverage: { [tenantA]: [held.hostId, free.hostId] } });
    saveRelease(cp.store, { id: 'rel_crit', createdAt: now - HOUR });
    const rolloutId = cp.app.rollouts.create({ windowId: 'win_crit', releaseId: 'rel_crit', options: { canary: 0, batchSize: 2 } }, 'user:ops', now).id;
    await nextPlan(free, key.publicKeyPem);
    expect(hostStates(rolloutId)).toEqual(expect.arrayContaining([[held.hostId, 'pending', null], [free.hostId, 'notified', null]]));
    now = T0 + HOUR + 59 * 60_000;
    cp.app.rollouts.tick(now);
    expect(hasPlan(held)).toBe(false);
    now = T0 + 2 * HOUR;
    cp.app.rollouts.tick(now);
    const plan = await nextPlan(held, key.publicKeyPem);
    expect(plan).toMatchObject({ rolloutId, hostId: held.hostId });
    expect(hostStates(rolloutId)).toEqual(expect.arrayContaining([[held.hostId, 'notified', null]]));
  });

  it('skips a host still held at the cutoff as PAST_CUTOFF', async () => {
    const [held] = await fleetOf(cp, tenantA, 'erp', 1);
    cp.app.criticalPeriods.declare({ tenantId: tenantA, kind: 'closing', title: 'Closing', start: '2026-03-14T00:00', end: '2026-03-16T00:00' }, ops, now);
    saveWindow(cp.store, { id: 'win_crit', now, coverage: { [tenantA]: [held.hostId] } });
    saveRelease(cp.store, { id: 'rel_crit', createdAt: now - HOUR });
    const rolloutId = cp.app.rollouts.create({ windowId: 'win_crit', releaseId: 'rel_crit', options: { canary: 0 } }, 'user:ops', now).id;
    expect(hostStates(rolloutId)).toEqual([[held.hostId, 'pending', null]]);
    now = cp.store.windows.get('win_crit')!.cutoffAt;
    cp.app.rollouts.tick(now);
    expect(hostStates(rolloutId)).toEqual([[held.hostId, 'skipped', 'PAST_CUTOFF']]);
    expect(hasPlan(held)).toBe(false);
  });
});

describe('advance with held hosts', () => {
  it('passes over a held host without using a place, and starts the next one', () => {
    const { rollout, hosts } = fixture(3, { canary: 0, batchSize: 3, maxConcurrency: 1 });
    expect(advance(rollout, hosts, DURING, () => true).start).toEqual(['h000']);
    expect(advance(rollout, hosts, DURING, () => true, (hostId) => hostId === 'h000')).toEqual({ start: ['h001'], skip: [] });
  });
});
