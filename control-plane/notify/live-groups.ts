/**
 * The dispatcher's memory: which alerts each group holds now, and the group's route,
 * receiver, timings and persisted state. Rebuilt from the engine's `update` calls after a
 * restart; the state part is read from the database the first time a group is seen.
 */
import type { Labels, NotifiableAlert } from '../alerts/model.ts';
import type { NotificationsConfig, ReceiverConfig, RouteTimings } from './config.ts';
import type { GroupIdentity, GroupState, RepeatPolicy } from './grouping.ts';
import { groupKeyOf, groupLabelsOf, routesFor, type RouteMatch } from './route.ts';
import type { NotificationStore } from './store.ts';

/** One group as the dispatcher holds it. */
export interface LiveGroup {
  identity: GroupIdentity;
  receiver: ReceiverConfig;
  timings: RouteTimings;
  repeatPolicy: RepeatPolicy;
  alerts: Map<string, NotifiableAlert>;
  state: GroupState | null;
  nextCheckAt: number | null;
}

/**
 * Alertmanager resolves what is not posted again before `endsAt`, and does its own grouping,
 * repeats and acknowledging (silences), so an Alertmanager receiver gets every firing alert
 * again each resend interval, acknowledged or not.
 */
function effectiveTimings(match: RouteMatch, receiver: ReceiverConfig): { timings: RouteTimings; repeatPolicy: RepeatPolicy } {
  if (receiver.kind !== 'alertmanager') return { timings: match.timings, repeatPolicy: 'unless-acknowledged' };
  return { timings: { ...match.timings, repeatIntervalMs: receiver.resendIntervalMs }, repeatPolicy: 'always' };
}

/** Groups in memory and which groups hold each alert. */
export class LiveGroups {
  readonly groups = new Map<string, LiveGroup>();
  private readonly groupsOf = new Map<string, Set<string>>();

  constructor(
    private readonly config: NotificationsConfig,
    private readonly store: NotificationStore,
  ) {}

  private group(match: RouteMatch, labels: Labels): LiveGroup {
    const groupLabels = groupLabelsOf(match, labels);
    const groupKey = groupKeyOf(match.routeId, groupLabels);
    let group = this.groups.get(groupKey);
    if (!group) {
      const receiver = this.config.receivers.get(match.receiver)!;
      const stored = this.store.group(groupKey);
      group = {
        identity: { groupKey, receiver: receiver.name, routeId: match.routeId, groupLabels },
        receiver,
        ...effectiveTimings(match, receiver),
        alerts: new Map(),
        // State of a group that now goes to another receiver says nothing about this one.
        state: stored && stored.receiver === receiver.name ? stored : null,
        nextCheckAt: null,
      };
      this.groups.set(groupKey, group);
    }
    return group;
  }

  /** Puts the alert (its latest version) into every group its routes give; adds those groups, and any it left, to `touched`. */
  place(alert: NotifiableAlert, touched: Set<LiveGroup>): void {
    const keys = new Set<string>();
    for (const match of routesFor(this.config.route, alert.labels)) {
      const group = this.group(match, alert.labels);
      group.alerts.set(alert.fingerprint, alert);
      keys.add(group.identity.groupKey);
      touched.add(group);
    }
    // Labels that changed can move an alert to other groups; the old ones stop holding it.
    for (const old of this.groupsOf.get(alert.fingerprint) ?? []) {
      if (keys.has(old)) continue;
      const group = this.groups.get(old);
      this.forget(alert.fingerprint, old);
      if (group) touched.add(group);
    }
    this.groupsOf.set(alert.fingerprint, keys);
  }

  /** Removes an alert from one group. */
  forget(fingerprint: string, groupKey: string): void {
    this.groups.get(groupKey)?.alerts.delete(fingerprint);
    const keys = this.groupsOf.get(fingerprint);
    keys?.delete(groupKey);
    if (keys?.size === 0) this.groupsOf.delete(fingerprint);
  }
}
