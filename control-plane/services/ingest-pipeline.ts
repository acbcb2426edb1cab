/**
 * Batches agent reports into one transaction, deduplicates on (agent, stream, seq), and
 * resolves each submission with the stream's committed sequence only after the commit:
 * an ack never runs ahead of the database.
 */
import type { ReportRecord } from '../../protocol/index.ts';
import type { IngestItem, Store } from '../store/types.ts';

export interface Submission {
  agentId: string;
  hostId: string;
  streamId: string;
  intervalSeconds: number;
  receivedAt: number;
  records: readonly ReportRecord[];
}

export interface CommittedItem {
  submission: Submission;
  /** Records newly stored (duplicates removed). */
  stored: readonly ReportRecord[];
  ackSeq: number;
}

export interface IngestOptions {
  /** Flush once this many records wait. */
  maxBatchRecords: number;
  /** Longest a record waits for its batch. */
  maxDelayMs: number;
}

export interface IngestObserver {
  /** `refused`: fresh records not stored because the host may not report them (plan-status for a plan it was not sent). */
  committed(items: readonly CommittedItem[], batch: { records: number; duplicates: number; refused: number; seconds: number }): void;
  failed(error: unknown, submissions: number): void;
}

interface Pending {
  submission: Submission;
  resolve: (ackSeq: number) => void;
  reject: (error: unknown) => void;
}

const streamKey = (agentId: string, streamId: string) => `${agentId}\u0000${streamId}`;

export class IngestPipeline {
  private queue: Pending[] = [];
  private queuedRecords = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The timer is a next-turn flush (a full batch waits), not the batch window. */
  private flushesAtOnce = false;
  /** Committed resume point per stream, loaded from the store on first use. */
  private readonly committed = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly options: IngestOptions,
    private readonly observer: IngestObserver,
  ) {}

  /** Highest seq stored for a stream: what `welcome` tells an agent to resume after. */
  resumePoint(agentId: string, streamId: string): number {
    const key = streamKey(agentId, streamId);
    let seq = this.committed.get(key);
    if (seq === undefined) {
      seq = this.store.streams.lastSeq(agentId, streamId);
      this.committed.set(key, seq);
    }
    return seq;
  }

  /** Queues records for the next batch; resolves with the ack seq after commit. */
  submit(submission: Submission): Promise<number> {
    this.resumePoint(submission.agentId, submission.streamId);
    return new Promise((resolve, reject) => {
      this.queue.push({ submission, resolve, reject });
      this.queuedRecords += submission.records.length;
      if (this.queuedRecords >= this.options.maxBatchRecords) this.schedule(0);
      else this.schedule(this.options.maxDelayMs);
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer && (delayMs > 0 || this.flushesAtOnce)) return;
    if (this.timer) clearTimeout(this.timer);
    this.flushesAtOnce = delayMs === 0;
    this.timer = setTimeout(() => this.flushDue(), delayMs);
  }

  /** Commits everything queued now, a batch at a time. Exposed for shutdown and tests. */
  flush(): void {
    this.clearTimer();
    while (this.queue.length > 0) this.commitNext();
  }

  /**
   * The timer's flush: one batch of about `maxBatchRecords`, the rest after the event loop has
   * had a turn. A server that fell behind would otherwise commit ever larger batches, each
   * holding the loop longer (acks, frames, hellos all wait) and leaving more behind it.
   */
  private flushDue(): void {
    this.clearTimer();
    this.commitNext();
    if (this.queue.length > 0) this.schedule(0);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Takes the oldest submissions, up to `maxBatchRecords` records (at least one), and commits them. */
  private commitNext(): void {
    let take = 0;
    let records = 0;
    while (take < this.queue.length && (take === 0 || records + this.queue[take].submission.records.length <= this.options.maxBatchRecords)) {
      records += this.queue[take].submission.records.length;
      take += 1;
    }
    const batch = this.queue.slice(0, take);
    this.queue = this.queue.slice(take);
    this.queuedRecords -= records;
    const started = performance.now();
    const nextSeq = new Map<string, number>();
    const items: IngestItem[] = [];
    const committedItems: CommittedItem[] = [];
    let duplicates = 0;
    let stored = 0;
    let refused = 0;
    for (const { submission } of batch) {
      const key = streamKey(submission.agentId, submission.streamId);
      const floor = nextSeq.get(key) ?? this.committed.get(key) ?? 0;
      const fresh = submission.records.filter((record) => record.seq > floor);
      duplicates += submission.records.length - fresh.length;
      const lastSeq = fresh.length > 0 ? fresh[fresh.length - 1].seq : floor;
      // Identity comes from the credential: a host reports progress only on plans it was sent.
      // A refused record is still acknowledged (its seq is passed), so the agent does not resend it.
      const accepted = fresh.filter((record) => record.kind !== 'plan-status' || this.store.rollouts.planSentTo(submission.hostId, record.rolloutId, record.planId));
      refused += fresh.length - accepted.length;
      stored += accepted.length;
      nextSeq.set(key, lastSeq);
      if (lastSeq > floor) items.push(toItem(submission, accepted, lastSeq));
      committedItems.push({ submission, stored: accepted, ackSeq: lastSeq });
    }
    try {
      const skipped = items.length > 0 ? this.store.ingest.commit(items) : 0;
      duplicates += skipped;
      stored -= skipped;
    } catch (error) {
      return this.fail(batch, error);
    }
    for (const [key, seq] of nextSeq) this.committed.set(key, seq);
    // An item's ack is the stream's committed point, which covers later items of the batch.
    for (const item of committedItems) item.ackSeq = nextSeq.get(streamKey(item.submission.agentId, item.submission.streamId))!;
    this.observer.committed(committedItems, { records: stored, duplicates, refused, seconds: (performance.now() - started) / 1000 });
    batch.forEach((pending, i) => pending.resolve(committedItems[i].ackSeq));
  }

  /**
   * Rejects a batch whose commit failed, and the queued reports of its streams: committed
   * without the failed ones, their acks would cover records never stored. The agents resend.
   */
  private fail(batch: Pending[], error: unknown): void {
    const failed = new Set(batch.map(({ submission }) => streamKey(submission.agentId, submission.streamId)));
    const behind = new Set(this.queue.filter(({ submission }) => failed.has(streamKey(submission.agentId, submission.streamId))));
    if (behind.size > 0) this.queue = this.queue.filter((pending) => !behind.has(pending));
    for (const { submission } of behind) this.queuedRecords -= submission.records.length;
    this.observer.failed(error, batch.length + behind.size);
    for (const pending of [...batch, ...behind]) pending.reject(error);
  }

  /** Forgets cached resume points of an agent (revocation). */
  forgetAgent(agentId: string): void {
    for (const key of this.committed.keys()) if (key.startsWith(`${agentId}\u0000`)) this.committed.delete(key);
  }
}

function toItem(submission: Submission, records: readonly ReportRecord[], lastSeq: number): IngestItem {
  const item: IngestItem = {
    agentId: submission.agentId,
    hostId: submission.hostId,
    streamId: submission.streamId,
    receivedAt: submission.receivedAt,
    intervalSeconds: submission.intervalSeconds,
    samples: [],
    facts: [],
    checkChanges: [],
    gaps: [],
    planStatuses: [],
    lastSeq,
  };
  for (const record of records) {
    if (record.kind === 'sample') item.samples.push(record);
    else if (record.kind === 'facts') item.facts.push(record);
    else if (record.kind === 'check-change') item.checkChanges.push(record);
    else if (record.kind === 'gap') item.gaps.push(record);
    else item.planStatuses.push(record);
  }
  return item;
}
