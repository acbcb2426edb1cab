import { describe, expect, it } from 'vitest';
import { applyPlanStatus, notifyHost, skipHost } from '../../../control-plane/rollouts/host-machine.ts';
import type { HostState, PlanStatusEvent, RolloutHost } from '../../../control-plane/rollouts/model.ts';
import { DURING, fixture } from './domain-fixtures.ts';

const sent = (): RolloutHost => notifyHost(fixture(1).hosts[0], { planId: 'pln_current1', version: 7, payload: '{}', signature: 'sig' }, DURING);
const report = (state: PlanStatusEvent['state'], extra: Partial<PlanStatusEvent> = {}): PlanStatusEvent => ({
  hostId: 'h000', planId: 'pln_current1', rolloutId: 'rol_fixture01', at: DURING + 5000, state, ...extra,
});
const inState = (state: HostState, reason: string | null = null): RolloutHost => ({ ...sent(), state, reason });

describe('host state machine', () => {
  it.each([
    ['notified', 'accepted', 'running'],
    ['notified', 'refused', 'failed'],
    ['running', 'running', 'running'],
    ['running', 'succeeded', 'succeeded'],
    ['running', 'failed', 'failed'],
    ['running', 'rolled-back', 'rolled-back'],
    ['failed', 'rolled-back', 'rolled-back'],
  ] as const)('moves a %s host on a %s report to %s', (from, event, to) => {
    expect(applyPlanStatus(inState(from), report(event), DURING + 6000)?.state).toBe(to);
  });

  it.each([
    ['succeeded', 'failed'],
    ['rolled-back', 'running'],
    ['failed', 'running'],
    ['failed', 'succeeded'],
    ['pending', 'running'],
  ] as const)('ignores a %s host reporting %s', (from, event) => {
    expect(applyPlanStatus(inState(from), report(event), DURING)).toBeNull();
  });

  it('ignores reports of another plan or rollout', () => {
    expect(applyPlanStatus(sent(), report('succeeded', { planId: 'pln_other001' }), DURING)).toBeNull();
    expect(applyPlanStatus(sent(), report('succeeded', { rolloutId: 'rol_other0001' }), DURING)).toBeNull();
  });

  it('records the step, phase, versions and times of a run', () => {
    const running = applyPlanStatus(sent(), report('running', { step: 'apply', phase: 'apply', versionBefore: '1.0' }), DURING + 1)!;
    expect(running).toMatchObject({ state: 'running', step: 'apply', phase: 'apply', versionBefore: '1.0', startedAt: DURING + 5000, endedAt: null });
    const done = applyPlanStatus(running, report('succeeded', { versionAfter: '1.1', at: DURING + 9000 }), DURING + 2)!;
    expect(done).toMatchObject({ state: 'succeeded', step: 'apply', versionBefore: '1.0', versionAfter: '1.1', endedAt: DURING + 9000 });
  });

  it('keeps the refusal code as the reason of a refused plan', () => {
    expect(applyPlanStatus(sent(), report('refused', { reason: 'PLAN_OUTSIDE_WINDOW' }), DURING)).toMatchObject({ state: 'failed', reason: 'PLAN_OUTSIDE_WINDOW', startedAt: null });
  });

  it('lets a host skipped for no answer take its agent\'s late report, but not one skipped as offline', () => {
    expect(applyPlanStatus(skipHost(sent(), 'NO_RESPONSE', DURING), report('succeeded'), DURING)).toMatchObject({ state: 'succeeded', reason: null });
    expect(applyPlanStatus(skipHost(sent(), 'AGENT_OFFLINE', DURING), report('succeeded'), DURING)).toBeNull();
  });
});
