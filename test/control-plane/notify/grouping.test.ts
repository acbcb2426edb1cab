import { describe, expect, it } from 'vitest';
import type { NotifiableAlert } from '../../../control-plane/alerts/model.ts';
import { DEFAULT_TIMINGS, type RouteTimings } from '../../../control-plane/notify/config.ts';
import { planGroup, type GroupPlan, type GroupState, type RepeatPolicy } from '../../../control-plane/notify/grouping.ts';
import { alert, HOUR, MINUTE, resolved, SECOND, T0 } from './helpers.ts';

const group = { groupKey: '{}:{alertname="DiskFull", tenant="Acme"}', receiver: 'ops', routeId: '{}', groupLabels: { alertname: 'DiskFull', tenant: 'Acme' } };

/** At `at`, these alerts changed; the plan should notify these `fingerprint:status`, or nothing. */
type Step = [at: number, changes: NotifiableAlert[], expected: string[] | null];

interface Run {
  sent: Array<string[] | null>;
  plans: GroupPlan[];
  state: GroupState | null;
  held: string[];
}

/** Plays steps through the planner as the dispatcher does: alerts kept in memory, state carried. */
function simulate(steps: Step[], timings: RouteTimings = DEFAULT_TIMINGS, repeatPolicy: RepeatPolicy = 'unless-acknowledged'): Run {
  let state: GroupState | null = null;
  const alerts = new Map<string, NotifiableAlert>();
  const plans: GroupPlan[] = [];
  const sent = steps.map(([now, changes]) => {
    for (const change of changes) alerts.set(change.fingerprint, change);
    const plan = planGroup({ group, state, alerts: [...alerts.values()], timings, repeatPolicy, now });
    plans.push(plan);
    state = plan.state;
    for (const fingerprint of plan.drop) alerts.delete(fingerprint);
    return plan.notification ? plan.notification.alerts.map((a) => `${a.fingerprint}:${a.status}`) : null;
  });
  return { sent, plans, state, held: [...alerts.keys()] };
}

const A = alert('A');
const B = alert('B', { labels: { host: 'erp-app-02' } });
const acked = (a: NotifiableAlert) => ({ ...a, acknowledged: true });
const muted = (a: NotifiableAlert, ...mutedBy: NotifiableAlert['mutedBy']) => ({ ...a, mutedBy });
const notifiedAt30s: Step[] = [
  [T0, [A], null],
  [T0 + 30 * SECOND, [], ['A:firing']],
];

const cases: Array<[string, Step[]]> = [
  ['the first notification waits group_wait from the first alert', [[T0, [A], null], [T0 + 29 * SECOND, [], null], [T0 + 30 * SECOND, [], ['A:firing']]]],
  ['alerts arriving during group_wait go out in one notification', [[T0, [A], null], [T0 + 10 * SECOND, [B], null], [T0 + 30 * SECOND, [], ['A:firing', 'B:firing']]]],
  [
    'a new alert after the first notification waits group_interval and is sent with the others',
    [...notifiedAt30s, [T0 + MINUTE, [B], null], [T0 + 5 * MINUTE + 29 * SECOND, [], null], [T0 + 5 * MINUTE + 30 * SECOND, [], ['A:firing', 'B:firing']]],
  ],
  ['a change after group_interval has already passed goes out at once', [...notifiedAt30s, [T0 + 10 * MINUTE, [B], ['A:firing', 'B:firing']]]],
  [
    'unchanged firing alerts are sent again every repeat_interval',
    [...notifiedAt30s, [T0 + 4 * HOUR + 29 * SECOND, [], null], [T0 + 4 * HOUR + 30 * SECOND, [], ['A:firing']], [T0 + 8 * HOUR + 30 * SECOND, [], ['A:firing']]],
  ],
  ['acknowledging every firing alert stops repeats', [...notifiedAt30s, [T0 + HOUR, [acked(A)], null], [T0 + 4 * HOUR + 30 * SECOND, [], null], [T0 + 12 * HOUR, [], null]]],
  [
    'one unacknowledged alert keeps the repeat going, and the repeat lists the acknowledged one too',
    [[T0, [A, B], null], [T0 + 30 * SECOND, [], ['A:firing', 'B:firing']], [T0 + HOUR, [acked(A)], null], [T0 + 4 * HOUR + 30 * SECOND, [], ['A:firing', 'B:firing']]],
  ],
  [
    'an acknowledged alert pages again when a new episode starts',
    [...notifiedAt30s, [T0 + HOUR, [acked(A)], null], [T0 + 2 * HOUR, [alert('A', { startsAt: T0 + 2 * HOUR })], ['A:firing']]],
  ],
  ['a resolved alert is sent once and then dropped', [...notifiedAt30s, [T0 + 10 * MINUTE, [resolved(A, T0 + 10 * MINUTE)], ['A:resolved']], [T0 + 20 * MINUTE, [], null]]],
  ['a resolve waits group_interval like any change', [...notifiedAt30s, [T0 + MINUTE, [resolved(A, T0 + MINUTE)], null], [T0 + 5 * MINUTE + 30 * SECOND, [], ['A:resolved']]]],
  ['an alert that fires and resolves within group_wait is never sent', [[T0, [A], null], [T0 + 10 * SECOND, [resolved(A, T0 + 10 * SECOND)], null], [T0 + 30 * SECOND, [], null]]],
  [
    'a resolve sent while others still fire lists them as firing',
    [[T0, [A, B], null], [T0 + 30 * SECOND, [], ['A:firing', 'B:firing']], [T0 + 10 * MINUTE, [resolved(A, T0 + 10 * MINUTE)], ['B:firing', 'A:resolved']]],
  ],
  [
    'an alert notified before a maintenance window and still firing after it is not sent again',
    [
      ...notifiedAt30s,
      [T0 + HOUR, [muted(A, 'suppressed')], null],
      [T0 + 3 * HOUR, [A], null],
      [T0 + 3 * HOUR + 10 * MINUTE, [], null],
      // The repeat clock kept running from the last notification.
      [T0 + 4 * HOUR + 30 * SECOND, [], ['A:firing']],
    ],
  ],
  [
    'an alert notified before a window stays known through a notification sent during the window',
    [...notifiedAt30s, [T0 + HOUR, [muted(A, 'suppressed'), B], ['B:firing']], [T0 + 3 * HOUR, [A], null], [T0 + 3 * HOUR + 10 * MINUTE, [], null]],
  ],
  [
    'an alert that began firing inside a window is sent once when the window ends',
    [[T0, [muted(A, 'suppressed')], null], [T0 + HOUR, [], null], [T0 + 2 * HOUR, [A], ['A:firing']], [T0 + 2 * HOUR + 10 * MINUTE, [], null]],
  ],
  [
    'an alert that fired and resolved inside a window is never sent',
    [[T0, [muted(A, 'suppressed')], null], [T0 + HOUR, [muted(resolved(A, T0 + HOUR), 'suppressed')], null], [T0 + 2 * HOUR, [], null]],
  ],
  ['a muted alert is left out while the rest of its group is sent', [[T0, [muted(A, 'silenced'), B], null], [T0 + 30 * SECOND, [], ['B:firing']]]],
  [
    'a silenced alert is left out of repeats without counting as resolved, and is no news when the silence ends',
    [
      [T0, [A, B], null],
      [T0 + 30 * SECOND, [], ['A:firing', 'B:firing']],
      [T0 + HOUR, [muted(A, 'silenced')], null],
      [T0 + 4 * HOUR + 30 * SECOND, [], ['B:firing']],
      [T0 + 5 * HOUR, [A], null],
    ],
  ],
  ['the resolve of a notified alert is sent even inside a window', [...notifiedAt30s, [T0 + HOUR, [muted(resolved(A, T0 + HOUR), 'suppressed')], ['A:resolved']]]],
  [
    'a resolve is held while the alert flaps and sent once it settles resolved',
    [...notifiedAt30s, [T0 + HOUR, [muted(resolved(A, T0 + HOUR), 'flapping')], null], [T0 + 2 * HOUR, [], null], [T0 + 3 * HOUR, [resolved(A, T0 + HOUR)], ['A:resolved']]],
  ],
  ['a flapping alert is held and sent once it settles firing', [[T0, [muted(A, 'flapping')], null], [T0 + 10 * MINUTE, [], null], [T0 + HOUR, [A], ['A:firing']]]],
];

describe('grouping planner', () => {
  it.each(cases)('%s', (_name, steps) => {
    expect(simulate(steps).sent).toEqual(steps.map((step) => step[2]));
  });

  it('notifies at once when group_wait is 0s', () => {
    const run = simulate([[T0, [A], ['A:firing']]], { ...DEFAULT_TIMINGS, groupWaitMs: 0 });
    expect(run.sent).toEqual([['A:firing']]);
  });

  it('repeats acknowledged alerts under the always policy that Alertmanager keep-alives use', () => {
    const steps: Step[] = [...notifiedAt30s, [T0 + MINUTE, [acked(A)], null], [T0 + 90 * SECOND, [], ['A:firing']]];
    expect(simulate(steps, { ...DEFAULT_TIMINGS, repeatIntervalMs: MINUTE }, 'always').sent).toEqual(steps.map((step) => step[2]));
  });

  it('says when to look again: after group_wait, then at the repeat, then never once all are acknowledged', () => {
    const run = simulate([[T0, [A], null], [T0 + 30 * SECOND, [], ['A:firing']], [T0 + HOUR, [acked(A)], null]]);
    expect(run.plans.map((plan) => plan.nextCheckAt)).toEqual([T0 + 30 * SECOND, T0 + 30 * SECOND + 4 * HOUR, null]);
  });

  it('persists the group from its first alert and remembers the episode notified', () => {
    const run = simulate(notifiedAt30s);
    expect(run.plans[0].state).toMatchObject({ firstSeenAt: T0, lastFlushAt: null, lastNotifiedAt: null, lastNotifiedFiring: {} });
    expect(run.state).toMatchObject({ firstSeenAt: T0, lastFlushAt: T0 + 30 * SECOND, lastNotifiedAt: T0 + 30 * SECOND, lastNotifiedFiring: { A: T0 } });
  });

  it('finishes the group once its last alert resolved and was sent', () => {
    const run = simulate([...notifiedAt30s, [T0 + 10 * MINUTE, [resolved(A, T0 + 10 * MINUTE)], ['A:resolved']]]);
    expect(run.state).toBeNull();
    expect(run.held).toEqual([]);
    expect(run.plans[2].nextCheckAt).toBeNull();
  });

  it('keeps muted alerts held without scheduling anything for them', () => {
    const run = simulate([[T0, [muted(A, 'silenced')], null], [T0 + HOUR, [], null]]);
    expect(run.held).toEqual(['A']);
    expect(run.plans.map((plan) => plan.nextCheckAt)).toEqual([null, null]);
  });

  it('marks a notification resolved only when no alert in it fires', () => {
    const run = simulate([...notifiedAt30s, [T0 + 10 * MINUTE, [resolved(A, T0 + 10 * MINUTE)], ['A:resolved']]]);
    expect(run.plans.map((plan) => plan.notification?.status ?? null)).toEqual([null, 'firing', 'resolved']);
  });
});
