/** The series the engine keeps in memory: those under way, recently over, or still flapping. */
import type { StoredAlert } from '../store/types.ts';

/** Series kept in memory after they resolve, so a quick relapse continues their flap history. */
export const KEEP_RESOLVED_MS = 3_600_000;

/** Whether a stored series belongs in memory at `now`: under way, or resolved within the hour. */
export const keptInMemory = (alert: StoredAlert, now: number): boolean =>
  alert.state === 'pending' || alert.state === 'firing' || (alert.state === 'resolved' && now - (alert.resolvedAt ?? 0) < KEEP_RESOLVED_MS);

export class SeriesIndex {
  private readonly byFingerprint = new Map<string, StoredAlert>();
  private readonly byHost = new Map<string, Set<string>>();

  get(fingerprint: string): StoredAlert | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  has(fingerprint: string): boolean {
    return this.byFingerprint.has(fingerprint);
  }

  values(): IterableIterator<StoredAlert> {
    return this.byFingerprint.values();
  }

  /** The series of one host. */
  *ofHost(hostId: string): Generator<StoredAlert> {
    for (const fingerprint of this.byHost.get(hostId) ?? []) {
      const alert = this.byFingerprint.get(fingerprint);
      if (alert) yield alert;
    }
  }

  /** Rules with a series of this host in memory: evaluation builds full observations only for these. */
  rulesOfHost(hostId: string): Set<string> {
    const rules = new Set<string>();
    for (const alert of this.ofHost(hostId)) rules.add(alert.ruleId);
    return rules;
  }

  set(alert: StoredAlert): void {
    this.byFingerprint.set(alert.fingerprint, alert);
    if (alert.hostId === null) return;
    let set = this.byHost.get(alert.hostId);
    if (!set) this.byHost.set(alert.hostId, (set = new Set()));
    set.add(alert.fingerprint);
  }

  /** Drops a host's series (another replica holds its agent now); returns their fingerprints. */
  forgetHost(hostId: string): string[] {
    const fingerprints = [...(this.byHost.get(hostId) ?? [])];
    for (const fingerprint of fingerprints) this.byFingerprint.delete(fingerprint);
    this.byHost.delete(hostId);
    return fingerprints;
  }

  /** Drops series that are over and quiet; returns their fingerprints. */
  forgetQuiet(now: number): string[] {
    const forgotten: string[] = [];
    for (const alert of this.byFingerprint.values()) {
      const quiet = !alert.flapHistory.some(Boolean);
      const over = alert.state === 'inactive' || (alert.state === 'resolved' && now - (alert.resolvedAt ?? now) >= KEEP_RESOLVED_MS);
      if (!quiet || !over) continue;
      this.byFingerprint.delete(alert.fingerprint);
      if (alert.hostId !== null) this.byHost.get(alert.hostId)?.delete(alert.fingerprint);
      forgotten.push(alert.fingerprint);
    }
    return forgotten;
  }
}
