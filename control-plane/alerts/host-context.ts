/** What rule evaluation knows about one host at one instant. */
import type { SampleRecord } from '../../protocol/index.ts';
import type { DiskPointSource } from './disk-history.ts';

/** One host's latest state as rules see it; the engine builds it from the fleet state. */
export interface HostContext {
  hostId: string;
  hostName: string;
  tenantId: string;
  tenantName: string;
  product: string | null;
  status: 'up' | 'stale' | 'down';
  latest: SampleRecord | null;
  /** Agent clock minus control-plane clock, when the link measured it. */
  clockSkewSeconds: number | null;
  /** When the agent last reported an outbox gap (dropped samples), and how many it dropped. */
  lastGapAt: number | null;
  lastGapDropped: number | null;
  /** Recent disk use per mount, for forecasts; null when not kept. */
  diskHistory: DiskPointSource | null;
}
