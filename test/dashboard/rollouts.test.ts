import { describe, expect, it } from 'vitest';
import { chunk } from '../../dashboard/src/components/lazy-chunk.tsx';
import { placeholders } from '../../dashboard/src/i18n/index.ts';
import { ROLLOUT_DICTIONARIES, hasRolloutText } from '../../dashboard/src/i18n/rollout-text.ts';
import { parseLiveMessage } from '../../dashboard/src/live.ts';
import { rolloutHref, rolloutsHref, type RolloutsQuery } from '../../dashboard/src/rollout-routes.ts';
import { HOST_STATES, actionsFor, canRunRollouts, ROLLOUT_STATES, type RolloutDetail, type RolloutSummary } from '../../dashboard/src/rollout-types.ts';
import { applyPush, hasCanary, mergeRollouts, pushesFitList, rolloutMatches, rolloutZone, waveName } from '../../dashboard/src/rollouts.ts';
import { parseRoute, routeHash, type Route } from '../../dashboard/src/router.ts';
import type { Tenant } from '../../dashboard/src/types.ts';

const counts = { pending: 3, notified: 1, running: 0, succeeded: 1, failed: 0, 'rolled-back': 0, skipped: 0 };

function rollout(id: string, change: Partial<RolloutSummary> = {}): RolloutSummary {
  return {
    id,
    windowId: 'win_1',
    trackId: 'xingkong/st-standard',
    releaseId: 'rel_1',
    releaseVersion: '2026.11.1',
    state: 'running',
    windowStartAt: '2026-11-28T14:00:00.000Z',
    windowEndAt: '2026-11-28T18:00:00.000Z',
    cutoffAt: '2026-11-28T17:30:00.000Z',
    options: { canary: 1, batchSize: '25%', maxConcurrency: 10, maxErrors: '10%', healthGateSeconds: 300 },
    createdAt: '2026-11-28T14:00:05.000Z',
    createdBy: 'operator',
    pausedAt: null,
    pauseReason: null,
    abortedAt: null,
    abortReason: null,
    haltedAt: null,
    completedAt: null,
    updatedAt: '2026-11-28T14:01:00.000Z',
    tenantIds: ['ten_a'],
    total: 5,
    counts,
    ...change,
  };
}

describe('rollout routes', () => {
  it.each<[string, Route]>([
    ['#/rollouts', { page: 'rollouts', query: {} }],
    ['#/rollouts?state=paused&tenant=ten_1', { page: 'rollouts', query: { state: 'paused', tenantId: 'ten_1' } }],
    ['#/rollouts?state=exploded', { page: 'rollouts', query: {} }],
    ['#/rollouts/rol_abc123', { page: 'rollout', query: { rolloutId: 'rol_abc123' } }],
    ['#/rollouts/rol_abc123?hosts=failed', { page: 'rollout', query: { rolloutId: 'rol_abc123', hostState: 'failed' } }],
    ['#/rollouts/rol_abc123?hosts=bogus', { page: 'rollout', query: { rolloutId: 'rol_abc123' } }],
    ['#/rollouts/a/b', { page: 'not-found', path: '/rollouts/a/b' }],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each<Route>([
    { page: 'rollouts', query: { state: 'halted', tenantId: 'ten 1' } },
    { page: 'rollouts', query: {} },
    { page: 'rollout', query: { rolloutId: 'rol_x/y', hostState: 'rolled-back' } },
  ])('round-trips %j through the hash', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('leaves unset filters out of links', () => {
    expect(rolloutsHref()).toBe('#/rollouts');
    expect(rolloutsHref({ state: 'running' })).toBe('#/rollouts?state=running');
    expect(rolloutHref('rol_1')).toBe('#/rollouts/rol_1');
    expect(rolloutHref('rol_1', 'skipped')).toBe('#/rollouts/rol_1?hosts=skipped');
  });
});

describe('rollout list', () => {
  it.each<[string, RolloutsQuery, boolean]>([
    ['any rollout when unfiltered', {}, true],
    ['a rollout in the state asked for', { state: 'running' }, true],
    ['no rollout in another state', { state: 'paused' }, false],
    ['a rollout touching the tenant asked for', { tenantId: 'ten_a' }, true],
    ['no rollout without hosts of that tenant', { tenantId: 'ten_b' }, false],
  ])('matches %s', (_name, query, expected) => {
    expect(rolloutMatches(rollout('rol_1'), query)).toBe(expected);
  });

  it('replaces a pushed rollout in place, adds new ones newest first, and drops those that left the filtered state', () => {
    const older = rollout('rol_old', { createdAt: '2026-11-27T14:00:00.000Z' });
    const current = [rollout('rol_1'), older];
    const moved = rollout('rol_1', { counts: { ...counts, pending: 2, succeeded: 2 } });
    const newer = rollout('rol_new', { createdAt: '2026-11-29T14:00:00.000Z' });
    expect(mergeRollouts(current, [moved, newer], {})).toEqual([newer, moved, older]);
    expect(mergeRollouts(current, [rollout('rol_1', { state: 'paused' })], { state: 'running' })).toEqual([older]);
  });

  it('merges pushes into lists in the viewer scope, and fetches an operator list narrowed to one tenant again', () => {
    expect(pushesFitList({}, null)).toBe(true);
    expect(pushesFitList({ state: 'running' }, null)).toBe(true);
    expect(pushesFitList({ tenantId: 'ten_a' }, null)).toBe(false);
    expect(pushesFitList({}, 'ten_a')).toBe(true);
    expect(pushesFitList({ tenantId: 'ten_a' }, 'ten_a')).toBe(true);
  });

  it('shows instants in the zone of the only tenant in tenant mode, else in the fallback zone', () => {
    const tenants = new Map([['ten_a', { id: 'ten_a', timeZone: 'Asia/Shanghai' } as Tenant]]);
    expect(rolloutZone({ tenants, zoneMode: 'tenant' }, ['ten_a'], 'Europe/Berlin')).toBe('Asia/Shanghai');
    expect(rolloutZone({ tenants, zoneMode: 'browser' }, ['ten_a'], 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(rolloutZone({ tenants, zoneMode: 'tenant' }, ['ten_a', 'ten_b'], 'Europe/Berlin')).toBe('Europe/Berlin');
  });
});

describe('rollout page', () => {
  const detail: RolloutDetail = { rollout: rollout('rol_1'), waves: [], hosts: [] };

  it('takes the summary of its own rollout from a push, and ignores pushes about others', () => {
    const moved = rollout('rol_1', { state: 'paused' });
    expect(applyPush(detail, [rollout('rol_2'), moved])).toEqual({ ...detail, rollout: moved });
    expect(applyPush(detail, [rollout('rol_2')])).toBe(detail);
  });

  it.each<[RolloutSummary['state'], string[]]>([
    ['scheduled', ['pause', 'abort']],
    ['running', ['pause', 'abort']],
    ['paused', ['resume', 'abort']],
    ['halted', ['abort']],
    ['aborted', []],
    ['completed', []],
  ])('offers ops these actions on a %s rollout: %j', (state, actions) => {
    expect(actionsFor(state)).toEqual(actions);
  });

  it('lets only ops admins and operators act', () => {
    expect(['ops-admin', 'ops-operator', 'ops-viewer', 'tenant-admin', 'tenant-viewer'].filter((role) => canRunRollouts(role as never))).toEqual(['ops-admin', 'ops-operator']);
    expect(ROLLOUT_STATES).toContain('halted');
  });

  it.each<[RolloutSummary['options']['canary'], boolean]>([
    [1, true],
    [0, false],
    ['10%', true],
    ['0%', false],
  ])('reads canary limit %j as a canary wave: %s', (canary, expected) => {
    expect(hasCanary({ canary })).toBe(expected);
  });

  it.each([
    [0, true, { kind: 'canary' }],
    [1, true, { kind: 'batch', number: 1 }],
    [3, true, { kind: 'batch', number: 3 }],
    [0, false, { kind: 'batch', number: 1 }],
    [2, false, { kind: 'batch', number: 3 }],
  ])('names wave %i (canary: %s) %j', (index, canary, expected) => {
    expect(waveName(index, canary)).toEqual(expected);
  });
});

describe('live rollout pushes', () => {
  it('accepts rollout summaries and refuses malformed ones', () => {
    const item = rollout('rol_1');
    expect(parseLiveMessage(JSON.stringify({ type: 'rollouts', items: [item] }))).toEqual({ type: 'rollouts', items: [item] });
    expect(parseLiveMessage(JSON.stringify({ type: 'rollouts', items: [{ ...item, counts: null }] }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'rollouts', items: [{ id: 'rol_1' }] }))).toBeNull();
  });
});

describe('rollout dictionaries', () => {
  const { en, 'zh-CN': zh } = ROLLOUT_DICTIONARIES;

  it('have the same keys and placeholders in English and Chinese, and no empty message', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const keys = Object.keys(en) as Array<keyof typeof en>;
    expect(keys.filter((key) => placeholders(en[key]).join() !== placeholders(zh[key]).join())).toEqual([]);
    expect(keys.filter((key) => en[key].trim() === '' || zh[key].trim() === '')).toEqual([]);
  });

  it('name every rollout state, host state and plan refusal in Chinese', () => {
    const keys = [...ROLLOUT_STATES.map((s) => `rolloutState.${s}`), ...HOST_STATES.map((s) => `hostState.${s}`), 'rolloutReason.PLAN_BAD_SIGNATURE', 'rolloutReason.AGENT_OFFLINE'];
    for (const key of keys) {
      expect(hasRolloutText(key)).toBe(true);
      expect(zh[key as keyof typeof zh]).toMatch(/\p{Script=Han}/u);
    }
  });
});

describe('chunk', () => {
  it('fetches a module once, and again after a failed fetch', async () => {
    let calls = 0;
    const load = chunk(async () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return { page: calls };
    });
    await expect(load()).rejects.toThrow('network down');
    expect(await load()).toEqual({ page: 2 });
    expect(await load()).toEqual({ page: 2 });
    expect(calls).toBe(2);
  });
});
