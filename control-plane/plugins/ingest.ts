/**
 * The ingest pipeline as a plugin: batches commits, feeds committed records to the fleet
 * state, and counts what it did. Later capabilities (alert evaluation) subscribe to
 * `ingest-committed` on the app's event bus rather than reaching into this file.
 */
import fp from 'fastify-plugin';
import { Counter, Histogram } from 'prom-client';
import { IngestPipeline, type CommittedItem, type IngestOptions } from '../services/ingest-pipeline.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ingest: IngestPipeline;
    /** Called after every commit with the records newly stored. */
    onIngestCommitted(listener: (items: readonly CommittedItem[]) => void): void;
  }
}

// 20 ms: at 10,000 reports/s a commit (and its WAL fsync) carries about 200 reports instead
// of 50, and the wait stays well inside the 250 ms ack budget. 400 records: a batch holds the
// event loop for its commit (7.6-8.6 ms at about 390 records in fleet-ingest), then its acks
// and alert rules; with 2,000 a server that fell behind committed ever larger batches and its
// ack p99 at fleet load was 2-3 times higher (docs/performance.md).
export const DEFAULT_INGEST_OPTIONS: IngestOptions = { maxBatchRecords: 400, maxDelayMs: 20 };

export default fp<Partial<IngestOptions>>(
  async (app, options) => {
    const records = new Counter({
      name: 'tideway_ingest_records_total',
      help: 'records stored, by kind',
      labelNames: ['kind'],
      registers: [app.metrics],
    });
    const duplicates = new Counter({ name: 'tideway_ingest_duplicate_records_total', help: 'records received again and skipped', registers: [app.metrics] });
    const refused = new Counter({
      name: 'tideway_ingest_refused_records_total',
      help: 'records acknowledged but not stored because the host may not report them (plan-status for a plan it was not sent)',
      registers: [app.metrics],
    });
    const failures = new Counter({ name: 'tideway_ingest_commit_failures_total', help: 'batches whose commit failed (nothing acked)', registers: [app.metrics] });
    const commitSeconds = new Histogram({
      name: 'tideway_ingest_commit_duration_seconds',
      help: 'time to write and commit one batch',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [app.metrics],
    });
    const batchRecords = new Histogram({
      name: 'tideway_ingest_batch_records',
      help: 'records per committed batch',
      buckets: [1, 10, 50, 100, 500, 1000, 2000, 5000],
      registers: [app.metrics],
    });
    const listeners: Array<(items: readonly CommittedItem[]) => void> = [];

    const pipeline = new IngestPipeline(app.store, { ...DEFAULT_INGEST_OPTIONS, ...options }, {
      committed(items, batch) {
        commitSeconds.observe(batch.seconds);
        batchRecords.observe(batch.records);
        if (batch.duplicates > 0) duplicates.inc(batch.duplicates);
        if (batch.refused > 0) {
          refused.inc(batch.refused);
          app.log.warn({ refused: batch.refused }, 'plan-status records for plans their hosts were not sent; acknowledged, not stored');
        }
        for (const item of items) {
          for (const record of item.stored) {
            records.inc({ kind: record.kind });
            if (record.kind === 'sample') app.fleet.applySample(item.submission.hostId, record);
            else if (record.kind === 'facts') app.fleet.applyFacts(item.submission.hostId, record.facts);
            else if (record.kind === 'gap') app.fleet.applyGap(item.submission.hostId, item.submission.receivedAt, record.droppedCount);
          }
        }
        for (const listener of listeners) listener(items);
      },
      failed(error, submissions) {
        failures.inc();
        app.log.error({ err: error, submissions }, 'ingest commit failed; nothing acked, agents will resend');
      },
    });
    app.decorate('ingest', pipeline);
    app.decorate('onIngestCommitted', (listener: (items: readonly CommittedItem[]) => void) => void listeners.push(listener));
    app.addHook('onClose', async () => pipeline.flush());
  },
  { name: 'ingest', dependencies: ['store', 'metrics', 'fleet'] },
);
