import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlStore } from '../../../control-plane/store/sql/store.ts';
import { createTenant } from '../../../control-plane/services/tenants.ts';
import { saveRelease } from '../../helpers/rollouts.ts';
import { openTestStore } from '../../helpers/test-store.ts';
import { DURING, fixture } from './domain-fixtures.ts';

let store: SqlStore;
beforeEach(async () => {
  store = await openTestStore();
  saveRelease(store, { id: 'rel_1', createdAt: 0 });
});
afterEach(() => store.close());

describe('the rollout store', () => {
  it('issues each host strictly increasing plan versions, independent of other hosts', () => {
    const versions = store.transaction(() => [store.rollouts.nextPlanVersion('h1', 0), store.rollouts.nextPlanVersion('h1', 0), store.rollouts.nextPlanVersion('h2', 0), store.rollouts.nextPlanVersion('h1', 0)]);
    expect(versions).toEqual([1, 2, 1, 3]);
  });

  it('never issues a plan version below the floor, so a restored database stays ahead of what agents ran', () => {
    expect(store.rollouts.nextPlanVersion('h1', 5_000)).toBe(5_000);
    expect(store.rollouts.nextPlanVersion('h1', 5_000)).toBe(5_001);
    expect(store.rollouts.nextPlanVersion('h1', 9_000)).toBe(9_000);
  });

  it('keeps a rollout and its hosts, and finds open rollouts, histories and latest outcomes', () => {
    const tenantId = createTenant(store, { name: 'Acme' }, 0).id;
    const { rollout, hosts } = fixture(3);
    const own = hosts.map((h) => ({ ...h, tenantId }));
    store.rollouts.create(rollout, own);
    expect(store.rollouts.get(rollout.id)).toEqual(rollout);
    expect(store.rollouts.open().map((r) => r.id)).toEqual([rollout.id]);
    const plan = { payload: '{}', signature: 'c2ln' };
    store.rollouts.updateHosts([
      { ...own[0], state: 'succeeded', planId: 'pln_aaaaaaaa', planVersion: 1, plan, notifiedAt: DURING, startedAt: DURING, endedAt: DURING + 10, versionAfter: '1.2.3' },
      { ...own[1], state: 'rolled-back', planId: 'pln_bbbbbbbb', planVersion: 1, plan, notifiedAt: DURING, startedAt: DURING, endedAt: DURING + 20 },
    ]);
    store.rollouts.update({ ...rollout, state: 'completed', completedAt: DURING });
    expect(store.rollouts.open()).toEqual([]);
    expect(store.rollouts.hosts(rollout.id).map((h) => h.state)).toEqual(['succeeded', 'rolled-back', 'pending']);
    expect(store.rollouts.succeededHosts('rel_1')).toEqual(new Set(['h000']));
    expect(store.rollouts.history('h000', 10)).toEqual([expect.objectContaining({ rolloutId: rollout.id, releaseId: 'rel_1', releaseVersion: '1.2.3', versionAfter: '1.2.3', plan })]);
    expect(store.rollouts.history('h002', 10)).toEqual([]);
    expect(store.rollouts.outcomes()).toEqual([
      { hostId: 'h000', tenantId, state: 'succeeded', endedAt: DURING + 10, lastSuccessAt: DURING + 10 },
      { hostId: 'h001', tenantId, state: 'rolled-back', endedAt: DURING + 20, lastSuccessAt: null },
    ]);
    expect(store.rollouts.list({ tenantId, limit: 10 }).map((r) => r.id)).toEqual([rollout.id]);
    expect(store.rollouts.list({ tenantId: 'ten_other', limit: 10 })).toEqual([]);
    expect(store.rollouts.list({ state: 'running', limit: 10 })).toEqual([]);
  });

  it("lists a host's history newest notification first, a plan not sent yet after every sent one", () => {
    const tenantId = createTenant(store, { name: 'Acme' }, 0).id;
    const plan = { payload: '{}', signature: 'c2ln' };
    const runs = [
      { id: 'rol_early', planId: 'pln_early000', notifiedAt: DURING },
      { id: 'rol_unsent', planId: 'pln_unsent00', notifiedAt: null },
      { id: 'rol_late', planId: 'pln_late0000', notifiedAt: DURING + 60_000 },
    ];
    for (const run of runs) {
      const { rollout, hosts } = fixture(1);
      const host = { ...hosts[0], rolloutId: run.id, tenantId };
      store.rollouts.create({ ...rollout, id: run.id }, [host]);
      store.rollouts.updateHosts([{ ...host, state: 'notified', planId: run.planId, planVersion: 1, plan, notifiedAt: run.notifiedAt }]);
    }
    expect(store.rollouts.history('h000', 10).map((h) => h.rolloutId)).toEqual(['rol_late', 'rol_early', 'rol_unsent']);
  });
});
