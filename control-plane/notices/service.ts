/**
 * Runs the planner over the windows a `NoticeSource` gives and queues what is due into the
 * durable notification outbox, one row per tenant contact. The notice's key is recorded in
 * the same transaction as its rows: once recorded it is never queued again, and a crash
 * before the commit leaves nothing behind to repeat. A tenant with no contact yet keeps its
 * due notices waiting (unrecorded) until one is added or they go stale.
 */
import { createHash } from 'node:crypto';
import type { NotifyLogger } from '../notify/delivery.ts';
import { redactUrl } from '../notify/redact.ts';
import type { NewOutboxRow, NotificationStore } from '../notify/store.ts';
import type { Contact, Store } from '../store/types.ts';
import { contactReceiverName } from './contacts.ts';
import { DEFAULT_PLANNER_OPTIONS, type DueNotice, type NoticeQuery, type NoticeSource, type NoticeWindow, type PlannerOptions } from './model.ts';
import { noticePayload } from './payload.ts';
import { planNotices } from './planner.ts';

/** What one run did. */
export interface NoticeRun {
  /** Notices queued to at least one contact. */
  queued: number;
  /** Outbox rows written. */
  rows: number;
  /** Due notices of tenants without a contact, left to a later run. */
  waiting: number;
}

/** What the service is built from. */
export interface NoticeServiceOptions {
  store: Pick<Store, 'contacts' | 'notices' | 'transaction'>;
  /** The outbox of the `contact` namespace, on the same database as `store`. */
  outbox: Pick<NotificationStore, 'enqueue'>;
  source: NoticeSource;
  log: Pick<NotifyLogger, 'debug' | 'info'>;
  planner?: Partial<PlannerOptions>;
  /** How far ahead windows are read; longer than any track's notice period. */
  horizonMs?: number;
  /** Hears each notice queued (metrics, waking the delivery worker). */
  onQueued?: (notice: DueNotice, contacts: number) => void;
}

/** Plans and queues notices. */
export interface NoticeService {
  /** The notices due at `now` for every window near `now`. */
  run(now: number): NoticeRun;
  /** The notices due at `now` for windows that just changed (moved, cancelled, re-materialised). */
  windowsChanged(windowIds: readonly string[], now: number): NoticeRun;
}

/** Default look-ahead: 60 days, beyond the longest notice period in the catalog (14 days). */
export const DEFAULT_HORIZON_MS = 60 * 86_400_000;

/** The outbox row of `notice` for one contact; its idempotency key is fixed by the notice key and the contact. */
export function noticeRow(notice: DueNotice, contact: Contact, now: number): NewOutboxRow {
  const { window } = notice;
  return {
    idempotencyKey: createHash('sha256').update(`${notice.key}\n${contact.id}`).digest('hex').slice(0, 32),
    receiver: contactReceiverName(contact.id),
    kind: contact.kind,
    url: redactUrl(contact.url),
    // One group per window: a contact gets a window's notices in the order they were queued.
    groupKey: `notice:${window.tenantId}:${window.windowId}`,
    status: 'notice',
    alertCount: 0,
    body: JSON.stringify(noticePayload(notice, contact.kind, contact.language)),
    createdAt: now,
  };
}

/** Builds the service; it does nothing until asked. */
export function createNoticeService(options: NoticeServiceOptions): NoticeService {
  const { store, outbox, source, log } = options;
  const planner: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, ...options.planner };
  const horizonMs = options.horizonMs ?? DEFAULT_HORIZON_MS;

  function queue(notice: DueNotice, now: number): number | 'waiting' {
    const { window } = notice;
    const contacts = store.contacts.list(window.tenantId);
    if (contacts.length === 0) return 'waiting';
    const rows = contacts.map((contact) => noticeRow(notice, contact, now));
    const base = { tenantId: window.tenantId, windowId: window.windowId, createdAt: now };
    return store.transaction(() => {
      if (!store.notices.record({ ...base, key: notice.key, kind: notice.kind, outcome: 'queued', contacts: contacts.length })) return 0;
      for (const covered of notice.covers) store.notices.record({ ...base, ...covered, outcome: 'covered', contacts: 0 });
      for (const row of rows) outbox.enqueue(row);
      return rows.length;
    });
  }

  function plan(windows: readonly NoticeWindow[], now: number): NoticeRun {
    const sent = store.notices.keysFor([...new Set(windows.map((window) => window.windowId))]);
    const result: NoticeRun = { queued: 0, rows: 0, waiting: 0 };
    for (const notice of planNotices(windows, sent, now, planner)) {
      const outcome = queue(notice, now);
      const fields = { key: notice.key, kind: notice.kind, tenantId: notice.window.tenantId, windowId: notice.window.windowId };
      if (outcome === 'waiting') {
        result.waiting += 1;
        log.debug(fields, 'window notice due; the tenant has no contact yet');
      } else if (outcome > 0) {
        result.queued += 1;
        result.rows += outcome;
        log.info({ ...fields, contacts: outcome, covers: notice.covers.map((covered) => covered.kind) }, 'window notice queued');
        options.onQueued?.(notice, outcome);
      }
    }
    return result;
  }

  const read = (query: NoticeQuery) => source.windows(query);
  return {
    run: (now) => plan(read({ fromAt: now - planner.endLateLimitMs, toAt: now + horizonMs }), now),
    windowsChanged: (windowIds, now) => (windowIds.length === 0 ? { queued: 0, rows: 0, waiting: 0 } : plan(read({ windowIds }), now)),
  };
}
