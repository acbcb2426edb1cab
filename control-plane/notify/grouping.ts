/**
 * The grouping planner, Alertmanager's aggregation group and dedup stage as one pure
 * function: given the alerts a group holds now and what the receiver was last told, it says
 * whether to notify at `now`, what, the state to persist, and when to look again.
 *
 * Rules (an episode is one fingerprint with one `startsAt`):
 * - the first notification goes out `group_wait` after the group appeared;
 * - later changes (an episode not yet notified firing, a resolve of one notified) wait until
 *   `group_interval` after the previous notification, and go out together;
 * - unchanged firing alerts are sent again every `repeat_interval`, unless every one of them
 *   is acknowledged (policy `unless-acknowledged`);
 * - a muted firing alert (silenced, suppressed by a maintenance window, flapping) is left out
 *   without counting as resolved: an episode notified before the mute is not new when the mute
 *   ends, one that began during the mute is new then, one that began and ended during the mute
 *   is never sent;
 * - a resolve is sent once, and only for an episode the receiver was told is firing; it is held
 *   while the alert is flapping (it may fire again) but not hidden by a silence or a window,
 *   since telling a receiver that a problem it knows about cleared is not a page.
 */
import type { Labels, NotifiableAlert } from '../alerts/model.ts';
import type { RouteTimings } from './config.ts';

/** Whether acknowledging stops repeats: chat pages stop; Alertmanager needs its keep-alive posts. */
export type RepeatPolicy = 'unless-acknowledged' | 'always';

/** What identifies a group. */
export interface GroupIdentity {
  groupKey: string;
  receiver: string;
  routeId: string;
  groupLabels: Labels;
}

/** Persisted state of one group. */
export interface GroupState extends GroupIdentity {
  firstSeenAt: number;
  /** Last notification of any content: the `group_interval` clock. */
  lastFlushAt: number | null;
  /** Last notification that carried firing alerts: the `repeat_interval` clock. */
  lastNotifiedAt: number | null;
  /** Episodes the receiver was last told are firing: fingerprint -> `startsAt`. */
  lastNotifiedFiring: Readonly<Record<string, number>>;
}

/** The content of one notification. */
export interface PlannedNotification {
  status: 'firing' | 'resolved';
  /** Firing alerts first, then resolved ones; each list in fingerprint order. */
  alerts: NotifiableAlert[];
}

/** What the planner decided. */
export interface GroupPlan {
  notification: PlannedNotification | null;
  /** State to persist; null when the group is finished and its state can go. */
  state: GroupState | null;
  /** Fingerprints the group no longer needs to hold (resolves sent or never to be sent). */
  drop: string[];
  /** When the group should be planned again if nothing changes; null: only on a change. */
  nextCheckAt: number | null;
}

/** Everything the planner reads. */
export interface PlanInput {
  group: GroupIdentity;
  state: GroupState | null;
  alerts: readonly NotifiableAlert[];
  timings: RouteTimings;
  repeatPolicy: RepeatPolicy;
  now: number;
}

const byFingerprint = (a: NotifiableAlert, b: NotifiableAlert) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
const isFlapping = (alert: NotifiableAlert) => alert.mutedBy.includes('flapping');

interface Sorted {
  sendable: NotifiableAlert[];
  newFiring: NotifiableAlert[];
  resolvedToSend: NotifiableAlert[];
  forgotten: string[];
}

function sortAlerts(alerts: readonly NotifiableAlert[], notified: Readonly<Record<string, number>>): Sorted {
  const sorted: Sorted = { sendable: [], newFiring: [], resolvedToSend: [], forgotten: [] };
  for (const alert of [...alerts].sort(byFingerprint)) {
    const wasNotified = Object.hasOwn(notified, alert.fingerprint);
    if (alert.status === 'firing') {
      if (alert.mutedBy.length > 0) continue;
      sorted.sendable.push(alert);
      if (notified[alert.fingerprint] !== alert.startsAt) sorted.newFiring.push(alert);
    } else if (!wasNotified) {
      sorted.forgotten.push(alert.fingerprint);
    } else if (!isFlapping(alert)) {
      sorted.resolvedToSend.push(alert);
    }
  }
  return sorted;
}

function dueAt(state: GroupState, sorted: Sorted, timings: RouteTimings, policy: RepeatPolicy): number | null {
  const firstDueAt = state.firstSeenAt + timings.groupWaitMs;
  const changed = sorted.newFiring.length > 0 || sorted.resolvedToSend.length > 0;
  const changeDueAt = !changed ? null : state.lastFlushAt === null ? firstDueAt : Math.max(firstDueAt, state.lastFlushAt + timings.groupIntervalMs);
  const repeatable = state.lastNotifiedAt !== null && sorted.sendable.some((alert) => policy === 'always' || !alert.acknowledged);
  const repeatDueAt = repeatable ? state.lastNotifiedAt! + timings.repeatIntervalMs : null;
  if (changeDueAt === null) return repeatDueAt;
  return repeatDueAt === null ? changeDueAt : Math.min(changeDueAt, repeatDueAt);
}

function flushed(state: GroupState, alerts: readonly NotifiableAlert[], sorted: Sorted, now: number): GroupState {
  const firing: Record<string, number> = {};
  for (const alert of sorted.sendable) firing[alert.fingerprint] = alert.startsAt;
  // A notified episode that is muted now stays "known firing", so the end of its mute is no news.
  for (const alert of alerts) {
    if (alert.status === 'firing' && alert.mutedBy.length > 0 && state.lastNotifiedFiring[alert.fingerprint] === alert.startsAt) {
      firing[alert.fingerprint] = alert.startsAt;
    }
  }
  return { ...state, lastFlushAt: now, lastNotifiedAt: sorted.sendable.length > 0 ? now : state.lastNotifiedAt, lastNotifiedFiring: firing };
}

/** Plans one group at `now`; pure. */
export function planGroup(input: PlanInput): GroupPlan {
  const { alerts, timings, repeatPolicy, now } = input;
  const state: GroupState = input.state ?? { ...input.group, firstSeenAt: now, lastFlushAt: null, lastNotifiedAt: null, lastNotifiedFiring: {} };
  const sorted = sortAlerts(alerts, state.lastNotifiedFiring);
  const due = dueAt(state, sorted, timings, repeatPolicy);
  let next = state;
  let notification: PlannedNotification | null = null;
  const drop = [...sorted.forgotten];
  if (due !== null && due <= now) {
    notification = {
      status: sorted.sendable.length > 0 ? 'firing' : 'resolved',
      alerts: [...sorted.sendable, ...sorted.resolvedToSend],
    };
    next = flushed(state, alerts, sorted, now);
    drop.push(...sorted.resolvedToSend.map((alert) => alert.fingerprint));
  }
  const remaining = alerts.filter((alert) => !drop.includes(alert.fingerprint));
  if (remaining.length === 0) return { notification, state: null, drop, nextCheckAt: null };
  const nextCheckAt = notification ? dueAt(next, sortAlerts(remaining, next.lastNotifiedFiring), timings, repeatPolicy) : due;
  return { notification, state: next, drop, nextCheckAt };
}
