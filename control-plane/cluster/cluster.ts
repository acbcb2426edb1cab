/**
 * What one control-plane replica knows of the others. A single node is its own leader and
 * has no one to tell; on PostgreSQL (`postgres-cluster.ts`) replicas elect a leader with an
 * advisory lock and tell each other of changes with LISTEN/NOTIFY.
 */
import { EventEmitter } from 'node:events';
import type { NotifiableAlert } from '../alerts/model.ts';

/** Messages replicas send each other; each is small (NOTIFY payloads stop at 8,000 bytes). */
export interface ClusterMessages {
  /** This replica now holds these hosts' agents. */
  claim: { hostIds: string[] };
  /** These hosts were heard from, or changed status: read them from the store. */
  seen: { hostIds: string[] };
  /** The holder of this host's agent should send it the plans it was sent and has not answered. */
  plans: { hostId: string };
  alerts: { fingerprints: string[] };
  incident: { id: string };
  'critical-period': { id: string; action: string; at: number };
  rollout: { id: string };
  /** A replica is alive (sent every few seconds); a silent one's hosts go back to the leader. */
  alive: Record<string, never>;
  /** Alert changes for notification routing, which only the leader does. */
  notify: { alerts: NotifiableAlert[]; now: number };
  /** A new leader routes notifications: every replica tells it of all its alerts again. */
  resync: Record<string, never>;
  /** An agent was revoked: whichever replica holds its link closes it. */
  revoke: { agentId: string };
  /** A report job queued on a replica that does not lead: the leader runs it. */
  'report-job': { jobId: string };
}

export type ClusterMessageType = keyof ClusterMessages;

/** Events as they arrive from another replica, with its id. */
export type ClusterEvents = { [K in ClusterMessageType]: [ClusterMessages[K], string] } & { leadership: [boolean] };

export interface Cluster extends EventEmitter<ClusterEvents> {
  readonly replicaId: string;
  /** True for a control plane on its own: nothing to share, nobody to tell. */
  readonly sole: boolean;
  /** True on the one replica that runs scheduled work (windows, notices, rollouts, reports, retention, delivery). */
  isLeader(): boolean;
  /** Tells the other replicas; never throws (a lost message is repaired by the next one of its kind). */
  publish<K extends ClusterMessageType>(type: K, message: ClusterMessages[K]): void;
  /** Replicas heard from within the liveness window (this one included). */
  liveReplicas(now: number): string[];
  close(): Promise<void>;
}

/** One control plane on its own (SQLite, or PostgreSQL with one replica and no cluster). */
export class SoleNode extends EventEmitter<ClusterEvents> implements Cluster {
  readonly sole = true;
  constructor(readonly replicaId = 'sole') {
    super();
  }
  isLeader(): boolean {
    return true;
  }
  publish(): void {}
  liveReplicas(): string[] {
    return [this.replicaId];
  }
  async close(): Promise<void> {}
}

/** Splits ids into lists whose JSON stays under a NOTIFY payload's limit. */
export const chunkIds = (ids: readonly string[], maxBytes = 7_000): string[][] => chunkJson(ids, maxBytes);

/** Splits items into lists whose JSON stays under `maxBytes` (an item larger than that goes alone). */
export function chunkJson<T>(items: readonly T[], maxBytes = 7_000): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const cost = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (size + cost > maxBytes && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
