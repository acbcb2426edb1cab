/**
 * The alert engine: evaluates rules for a host when it reports (and on a timer for absence
 * and pending deadlines), drives each series through the pure state machine, persists what
 * changed with its events, keeps incidents in step, and hands notifiable alerts to routing.
 * Only series that ever became active are kept; a quiet host costs one evaluation.
 */
import { EventEmitter } from 'node:events';
import type { SampleRecord } from '../../protocol/index.ts';
import type { FleetState, HostLive } from '../services/fleet-state.ts';
import type { AlertEvent, Incident, Store, StoredAlert } from '../store/types.ts';
import { DiskHistory, evaluateGlobal, evaluateHost, eventObservation, nextAlertState, nextDueAt, type AlertRule, type GlobalContext, type HostContext, type RuleEvent } from './index.ts';
import { inMaintenance, muteReasons, notifyKey, silencedBy, toNotifiable } from './engine-mutes.ts';
import type { IncidentKeeper } from './engine-incidents.ts';
import { keptInMemory, SeriesIndex } from './engine-series.ts';
import type { MaintenancePeriod, NotifiableAlert, Observation, Silence } from './model.ts';

/** Where notifiable alerts go (notification routing); the engine knows nothing more of it. */
export interface AlertSink {
  update(alerts: readonly NotifiableAlert[], now: number): void;
}

export interface EngineDeps {
  store: Store;
  fleet: FleetState;
  rules: readonly AlertRule[];
  incidents: IncidentKeeper;
  sink: AlertSink;
  global: Omit<GlobalContext, 'now'>;
}

/** Emitted after each batch with the series that changed (live dashboards). */
interface EngineEvents {
  changed: [readonly StoredAlert[]];
  /** An incident was opened, acknowledged, resolved or flagged as breached. */
  incident: [Incident];
}

interface Batch {
  changed: Map<string, StoredAlert>;
  events: AlertEvent[];
}

export class AlertEngine extends EventEmitter<EngineEvents> {
  private readonly series = new SeriesIndex();
  private readonly disks = new Map<string, DiskHistory>();
  private readonly notified = new Map<string, string>();
  private readonly tenantNames = new Map<string, string>();
  private readonly rules: Map<string, AlertRule>;
  silences: Silence[] = [];
  maintenance: MaintenancePeriod[] = [];

  constructor(private readonly deps: EngineDeps) {
    super();
    this.rules = new Map(deps.rules.map((rule) => [rule.id, rule]));
  }

  /** Loads persisted series, silences and maintenance, and tells routing what is firing. */
  start(now: number): void {
    for (const alert of this.deps.store.alerts.all()) if (keptInMemory(alert, now)) this.series.set(alert);
    this.reloadMutes(now);
    this.refreshNotifications(now);
  }

  /**
   * Takes a host's series from the store: its agent moved here from another replica, which
   * kept them until now. Without this the host's firing alerts would start over here.
   */
  adoptHost(hostId: string, now: number): void {
    this.releaseHost(hostId);
    for (const alert of this.deps.store.alerts.list({ hostId }, 10_000).filter((a) => keptInMemory(a, now))) {
      this.series.set(alert);
      // Routing was told of them by the replica that kept them.
      const notifiable = toNotifiable(alert, muteReasons(alert, this.silences, this.maintenance, now));
      if (notifiable) this.notified.set(alert.fingerprint, notifyKey(notifiable));
    }
  }

  /** Forgets a host's series: another replica holds its agent now and keeps them (and their deadlines). */
  releaseHost(hostId: string): void {
    for (const fingerprint of this.series.forgetHost(hostId)) this.notified.delete(fingerprint);
  }

  /** Tells routing about every series again (a new leader routes notifications and must know them all). */
  reannounce(now: number): void {
    this.notified.clear();
    this.refreshNotifications(now);
  }

  reloadMutes(now: number): void {
    this.tenantNames.clear();
    this.silences = this.deps.store.silences.active(now);
    this.maintenance = this.deps.store.maintenance.current(now);
  }

  get activeSeries(): IterableIterator<StoredAlert> {
    return this.series.values();
  }

  recordSample(hostId: string, sample: SampleRecord): void {
    this.diskHistory(hostId).record(sample);
  }

  /** Seeds disk forecasts after a restart from hourly rollups (the raw ring is in memory only). */
  seedDiskHistory(points: Iterable<{ hostId: string; mount: string; at: number; usedPercent: number }>): void {
    for (const point of points) this.diskHistory(point.hostId).recordPoint(point.mount, point.at, point.usedPercent);
  }

  private diskHistory(hostId: string): DiskHistory {
    let history = this.disks.get(hostId);
    if (!history) this.disks.set(hostId, (history = new DiskHistory()));
    return history;
  }

  /** Evaluates every host rule for these hosts. */
  evaluateHosts(hostIds: Iterable<string>, now: number): void {
    const batch: Batch = { changed: new Map(), events: [] };
    for (const hostId of hostIds) {
      const host = this.deps.fleet.get(hostId);
      if (!host) continue;
      const observations = evaluateHost(this.deps.rules, this.context(host), now, this.series.rulesOfHost(hostId));
      const seen = new Set<string>();
      for (const observation of observations) {
        seen.add(observation.fingerprint);
        this.step(observation, now, batch);
      }
      // A series the host no longer shows (a mount or check gone) counts as cleared.
      for (const alert of [...this.series.ofHost(hostId)]) {
        const rule = this.rules.get(alert.ruleId);
        // Until a host's first report after a restart, its metric series are unknown, not cleared.
        const known = host.latest !== null || !readsSample(rule);
        if (!seen.has(alert.fingerprint) && rule && isHostRule(rule) && known) this.step(cleared(alert), now, batch);
      }
    }
    this.commit(batch, now);
  }

  /**
   * Timer work: pending deadlines, keepFiringFor expiry, global rules, mutes, breaches. With
   * `absent`, hosts that are not up and have active series are evaluated again too, since
   * no report will do it for them (a gap window running out on a host that went down).
   */
  tick(now: number, options: { global: boolean; absent?: boolean }): void {
    const dueHosts = new Set<string>();
    const batch: Batch = { changed: new Map(), events: [] };
    for (const alert of [...this.series.values()]) {
      const rule = this.rules.get(alert.ruleId);
      if (!rule) {
        this.step(cleared(alert), now, batch);
        continue;
      }
      if (options.absent && alert.hostId !== null && isHostRule(rule) && this.deps.fleet.get(alert.hostId)?.status !== 'up') dueHosts.add(alert.hostId);
      const due = nextDueAt(alert, rule.timing);
      if (due === null || due > now) continue;
      if (alert.hostId !== null && isHostRule(rule)) dueHosts.add(alert.hostId);
      else if (rule.kind !== 'calendar-missing') this.step(cleared(alert), now, batch);
    }
    if (options.global) this.evaluateGlobalRules(now, batch);
    this.commit(batch, now);
    if (dueHosts.size > 0) this.evaluateHosts(dueHosts, now);
    this.refreshNotifications(now);
    this.deps.incidents.flagBreaches(now);
    for (const fingerprint of this.series.forgetQuiet(now)) this.notified.delete(fingerprint);
  }

  /** Raises an event rule (rollout failures, window overruns). */
  raise(kind: 'rollout-failed' | 'window-overrun', event: RuleEvent): void {
    const batch: Batch = { changed: new Map(), events: [] };
    for (const rule of this.deps.rules) if (rule.kind === kind) this.step(eventObservation(rule, event), event.at, batch);
    this.commit(batch, event.at);
  }

  /** Tells routing about a series that resolved (or vanished) while nobody was told. */
  announceResolved(fingerprint: string, now: number): void {
    if (this.series.has(fingerprint)) return;
    const alert = this.deps.store.alerts.get(fingerprint);
    const gone: StoredAlert | undefined = alert && alert.state !== 'firing' ? { ...alert, state: 'resolved', resolvedAt: alert.resolvedAt ?? now } : undefined;
    const notifiable = gone && toNotifiable(gone, []);
    if (notifiable) this.deps.sink.update([notifiable], now);
  }

  acknowledge(fingerprint: string, by: string, comment: string, now: number): StoredAlert | undefined {
    const alert = this.series.get(fingerprint) ?? this.deps.store.alerts.get(fingerprint);
    if (!alert) return undefined;
    this.deps.incidents.acknowledged(fingerprint, by, now);
    if (alert.state !== 'pending' && alert.state !== 'firing') return alert;
    const acknowledged: StoredAlert = { ...alert, acknowledgedAt: now, acknowledgedBy: by, acknowledgeComment: comment };
    this.series.set(acknowledged);
    this.commit({ changed: new Map([[fingerprint, acknowledged]]), events: [] }, now);
    this.refreshNotifications(now);
    return acknowledged;
  }

  private evaluateGlobalRules(now: number, batch: Batch): void {
    const observations = evaluateGlobal(this.deps.rules, { ...this.deps.global, now });
    const seen = new Set(observations.map((o) => o.fingerprint));
    for (const observation of observations) this.step(observation, now, batch);
    for (const alert of this.series.values()) {
      if (alert.ruleId && this.rules.get(alert.ruleId)?.kind === 'calendar-missing' && !seen.has(alert.fingerprint)) this.step(cleared(alert), now, batch);
    }
  }

  /** Tenant names for labels, read once and again after `reloadMutes` (tenants rarely change). */
  private tenantName(tenantId: string): string {
    let name = this.tenantNames.get(tenantId);
    if (name === undefined) this.tenantNames.set(tenantId, (name = this.deps.store.tenants.get(tenantId)?.name ?? tenantId));
    return name;
  }

  private context(host: HostLive): HostContext {
    return {
      hostId: host.id,
      hostName: host.name,
      tenantId: host.tenantId,
      tenantName: this.tenantName(host.tenantId),
      product: host.product,
      status: host.status,
      latest: host.latest,
      clockSkewSeconds: host.clockSkewSeconds,
      lastGapAt: host.lastGap?.at ?? null,
      lastGapDropped: host.lastGap?.droppedCount ?? null,
      diskHistory: this.disks.get(host.id) ?? null,
    };
  }

  /** One evaluation of one series; records what changed in the batch. */
  private step(observation: Observation, now: number, batch: Batch): void {
    const prev = batch.changed.get(observation.fingerprint) ?? this.series.get(observation.fingerprint);
    if (!prev && observation.breach !== 'above') return;
    const rule = this.rules.get(observation.ruleId);
    const timing = rule?.timing ?? { forMs: 0, keepFiringForMs: 0 };
    const next = nextAlertState(prev, observation, timing, now);
    const suppressed = inMaintenance(next, this.maintenance, now);
    const alert: StoredAlert = { ...next, suppressed };
    if (!prev && alert.state === 'inactive') return;
    this.series.set(alert);
    if (!prev || worthSaving(prev, alert)) batch.changed.set(alert.fingerprint, alert);
    if (!prev || prev.state !== alert.state) {
      batch.events.push({
        fingerprint: alert.fingerprint, ruleId: alert.ruleId, tenantId: alert.tenantId, hostId: alert.hostId, severity: alert.severity,
        at: now, from: prev?.state ?? 'inactive', to: alert.state, value: alert.value, suppressed,
      });
    }
  }

  private commit(batch: Batch, now: number): void {
    if (batch.changed.size === 0 && batch.events.length === 0) return;
    const changed = [...batch.changed.values()];
    // Series, events and the incidents they open or close commit together: one fsync, and
    // no incident without the alert state that caused it.
    this.deps.store.transaction(() => {
      this.deps.store.alerts.save(changed, batch.events);
      for (const event of batch.events) {
        const alert = this.series.get(event.fingerprint)!;
        if (event.to === 'firing') this.deps.incidents.firing(alert, alert.suppressed, now);
        if (event.to === 'resolved') this.deps.incidents.resolved(alert, now);
      }
    });
    this.refreshNotifications(now, changed);
    this.emit('changed', changed);
  }

  /** Tells routing about alerts whose state, mutes or acknowledgement changed since last told. */
  private refreshNotifications(now: number, only?: readonly StoredAlert[]): void {
    const updates: NotifiableAlert[] = [];
    for (const alert of only ?? this.series.values()) {
      const mutedBy = muteReasons(alert, this.silences, this.maintenance, now);
      const notifiable = toNotifiable(alert, mutedBy);
      if (!notifiable) continue;
      const key = notifyKey(notifiable);
      if (this.notified.get(alert.fingerprint) === key) continue;
      const wasSuppressed = this.notified.get(alert.fingerprint)?.includes('suppressed') ?? false;
      this.notified.set(alert.fingerprint, key);
      updates.push(notifiable);
      // Maintenance over and still firing: now it is an incident like any other.
      if (wasSuppressed && !mutedBy.includes('suppressed') && alert.state === 'firing') this.deps.incidents.firing(alert, false, now);
    }
    if (updates.length > 0) this.deps.sink.update(updates, now);
  }

  isSilenced(alert: StoredAlert, now: number): boolean {
    return silencedBy(alert, this.silences, now) !== undefined;
  }

  /**
   * Re-reads silences and maintenance after one was added or ended: records which active
   * series are now suppressed, re-routes, and tells dashboards (silenced and suppressed show).
   */
  mutesChanged(now: number): void {
    this.reloadMutes(now);
    const active = [...this.series.values()].filter((a) => a.state === 'pending' || a.state === 'firing');
    const changed: StoredAlert[] = [];
    for (const alert of active) {
      const suppressed = inMaintenance(alert, this.maintenance, now);
      if (suppressed === alert.suppressed) continue;
      const updated = { ...alert, suppressed };
      this.series.set(updated);
      changed.push(updated);
    }
    if (changed.length > 0) this.deps.store.alerts.save(changed, []);
    this.refreshNotifications(now);
    this.emit('changed', active.map((a) => this.series.get(a.fingerprint)!));
  }
}

const readsSample = (rule: AlertRule | undefined) =>
  rule?.kind === 'metric-threshold' || rule?.kind === 'metric-forecast' || rule?.kind === 'check-state';

const isHostRule = (rule: AlertRule) => rule.kind !== 'calendar-missing' && rule.kind !== 'rollout-failed' && rule.kind !== 'window-overrun';

/** The observation of a series that no longer shows its condition. */
function cleared(alert: StoredAlert): Observation {
  return { ...alert, breach: 'below' };
}

/** Whether a change is worth a write: anything but the value and the evaluation instant. */
function worthSaving(prev: StoredAlert, next: StoredAlert): boolean {
  return (
    prev.state !== next.state ||
    prev.flapping !== next.flapping ||
    prev.suppressed !== next.suppressed ||
    prev.acknowledgedAt !== next.acknowledgedAt ||
    prev.flapHistory.some(Boolean) ||
    next.flapHistory.some(Boolean)
  );
}
