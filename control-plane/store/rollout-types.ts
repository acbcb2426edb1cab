/**
 * Store interface for rollouts (migration 007-rollouts.sql): rollouts, each host's part in
 * one, and the per-host plan version counter. Instants are epoch milliseconds (UTC).
 */
import type { HostState, Rollout, RolloutHost, RolloutState } from '../rollouts/model.ts';

/** Filters of the rollout list. */
export interface RolloutFilter {
  state?: RolloutState;
  /** Rollouts with at least one host of this tenant; null lists all. */
  tenantId?: string | null;
  limit: number;
}

/** One finished (or current) host run with its release, for patch history. */
export interface HostPatchRun extends RolloutHost {
  releaseId: string;
  releaseVersion: string;
}

/** The latest outcome of each host that ever finished a run, for `/metrics`. */
export interface HostPatchOutcome {
  hostId: string;
  tenantId: string;
  state: HostState;
  endedAt: number;
  /** When the host last succeeded a run, if ever. */
  lastSuccessAt: number | null;
}

/** Rollouts, their hosts and plan versions. */
export interface RolloutStore {
  /** Writes a new rollout and its hosts. */
  create(rollout: Rollout, hosts: readonly RolloutHost[]): void;
  get(id: string): Rollout | undefined;
  /** Newest first. */
  list(filter: RolloutFilter): Rollout[];
  /** Rollouts of a window (any release). */
  forWindow(windowId: string): Rollout[];
  /** Rollouts that may still change: not finished, or with hosts that have a plan out. */
  open(): Rollout[];
  /** Replaces the rollout's marks and cached state. */
  update(rollout: Rollout): void;
  /** A rollout's hosts in position order. */
  hosts(rolloutId: string): RolloutHost[];
  /** Replaces the given hosts' rows (matched by rollout and host). */
  updateHosts(hosts: readonly RolloutHost[]): void;
  /** Whether this host was sent this plan in this rollout: the only plan-status it may report. */
  planSentTo(hostId: string, rolloutId: string, planId: string): boolean;
  /** Host runs with a plan out (notified) for this host, across rollouts. */
  notifiedOf(hostId: string): RolloutHost[];
  /** Hosts that succeeded with this release, in any rollout. */
  succeededHosts(releaseId: string): Set<string>;
  /** A host's runs that were sent a plan, newest first. */
  history(hostId: string, limit: number): HostPatchRun[];
  outcomes(): HostPatchOutcome[];
  /**
   * Issues the host's next plan version: one more than any before, and at least `floor` (the
   * caller passes now in ms, so versions stay ahead of the agents after a restore). Call inside
   * a transaction.
   */
  nextPlanVersion(hostId: string, floor: number): number;
}
