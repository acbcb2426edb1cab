/**
 * SQLite storage of notification group state and the outbox (migration
 * 003-notifications.sql). Every check-then-write runs in one immediate transaction.
 */
import type { SqlDatabase } from '../store/sql/database.ts';
import { allOf, oneOf } from '../store/sqlite/rows.ts';
import type { GroupState } from './grouping.ts';

/** Delivery state of one outbox row. */
export type OutboxState = 'pending' | 'sent' | 'dead';

/** A notification to record before it is sent. */
export interface NewOutboxRow {
  idempotencyKey: string;
  receiver: string;
  kind: string;
  /** Redacted: for display only. */
  url: string;
  groupKey: string;
  /** Alert notifications: firing or resolved; other components' rows (window notices): `notice`. */
  status: 'firing' | 'resolved' | 'notice';
  alertCount: number;
  body: string;
  createdAt: number;
}

/** One outbox row. */
export interface OutboxRow extends NewOutboxRow {
  id: number;
  attempts: number;
  nextAttemptAt: number;
  state: OutboxState;
  lastError: string | null;
  sentAt: number | null;
}

/** Storage the dispatcher and the delivery worker use. */
export interface NotificationStore {
  group(groupKey: string): GroupState | undefined;
  /** Saves (or, with `state` null, deletes) a group and records `row` if given, in one transaction. */
  commit(groupKey: string, state: GroupState | null, row: NewOutboxRow | null, now: number): void;
  /** Records `row` with no group state (call inside the caller's transaction); false if its key was already queued. */
  enqueue(row: NewOutboxRow): boolean;
  /** Pending rows due at `now`, oldest of each group only, claimed until `leaseUntil`. */
  claimDue(now: number, leaseUntil: number, limit: number): OutboxRow[];
  /** Marks a claimed row sent; false if it was not pending. */
  markSent(id: number, now: number): boolean;
  markRetry(id: number, nextAttemptAt: number, error: string): void;
  markDead(id: number, error: string): void;
  /** Makes rows claimed by a process that stopped mid-send due now; returns how many. */
  releaseClaims(now: number): number;
  pendingCount(): number;
  get(id: number): OutboxRow | undefined;
  list(state: OutboxState | null, limit: number): OutboxRow[];
  /** Fingerprints receivers were last told are firing, over all groups. */
  notifiedFiring(): string[];
  /** Deletes finished rows created before `before` and idle groups not in `keep`. */
  prune(before: number, keep: ReadonlySet<string>): { rows: number; groups: number };
}

interface GroupRow {
  group_key: string;
  receiver: string;
  route_id: string;
  group_labels: string;
  first_seen_at: number;
  last_flush_at: number | null;
  last_notified_at: number | null;
  last_notified_firing: string;
}

interface Row {
  id: number;
  idempotency_key: string;
  receiver: string;
  kind: string;
  url: string;
  group_key: string;
  status: NewOutboxRow['status'];
  alert_count: number;
  body: string;
  attempts: number;
  next_attempt_at: number;
  state: OutboxState;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const toGroup = (r: GroupRow): GroupState => ({
  groupKey: r.group_key,
  receiver: r.receiver,
  routeId: r.route_id,
  groupLabels: JSON.parse(r.group_labels),
  firstSeenAt: r.first_seen_at,
  lastFlushAt: r.last_flush_at,
  lastNotifiedAt: r.last_notified_at,
  lastNotifiedFiring: JSON.parse(r.last_notified_firing),
});

const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  receiver: r.receiver,
  kind: r.kind,
  url: r.url,
  groupKey: r.group_key,
  status: r.status,
  alertCount: r.alert_count,
  body: r.body,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  state: r.state,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/**
 * Which outbox rows a store claims, lists, counts and prunes: `null` for the notifications
 * file's receivers (their names cannot hold `:`), or a namespace such as `contact` for rows
 * whose receiver is `contact:<id>`. Each namespace has its own delivery worker, so a worker
 * never picks a row whose receiver it cannot resolve, nor releases another worker's claims.
 */
export type OutboxNamespace = string | null;

function scopeSql(namespace: OutboxNamespace, column: string): string {
  // No colon in the receiver (`instr` is SQLite's only).
  if (namespace === null) return `${column} NOT LIKE '%:%'`;
  if (!/^[a-z][a-z-]*$/.test(namespace)) throw new Error(`outbox namespace '${namespace}' must be lower-case letters and -`);
  return `substr(${column}, 1, ${namespace.length + 1}) = '${namespace}:'`;
}

/** The SQLite notification store on `db` (already migrated), working on the rows of `namespace`. */
export function sqliteNotificationStore(db: SqlDatabase, namespace: OutboxNamespace = null): NotificationStore {
  const own = scopeSql(namespace, 'receiver');
  const upsertGroup = db.prepare(
    `INSERT INTO notification_groups (group_key, receiver, route_id, group_labels, first_seen_at, last_flush_at, last_notified_at, last_notified_firing, updated_at)
     VALUES (@groupKey, @receiver, @routeId, @groupLabels, @firstSeenAt, @lastFlushAt, @lastNotifiedAt, @lastNotifiedFiring, @now)
     ON CONFLICT(group_key) DO UPDATE SET receiver = excluded.receiver, route_id = excluded.route_id, group_labels = excluded.group_labels,
       first_seen_at = excluded.first_seen_at, last_flush_at = excluded.last_flush_at, last_notified_at = excluded.last_notified_at,
       last_notified_firing = excluded.last_notified_firing, updated_at = excluded.updated_at`,
  );
  const deleteGroup = db.prepare('DELETE FROM notification_groups WHERE group_key = ?');
  // A key already queued means this very notification is recorded; recording it again would send it twice.
  const insertRow = db.prepare(
    `INSERT INTO notification_outbox (idempotency_key, receiver, kind, url, group_key, status, alert_count, body, attempts, next_attempt_at, state, created_at)
     VALUES (@idempotencyKey, @receiver, @kind, @url, @groupKey, @status, @alertCount, @body, 0, @createdAt, 'pending', @createdAt)
     ON CONFLICT(idempotency_key) DO NOTHING`,
  );
  const due = db.prepare<[number, number], Row>(
    `SELECT * FROM notification_outbox o
     WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND ${scopeSql(namespace, 'o.receiver')}
       AND NOT EXISTS (SELECT 1 FROM notification_outbox p
                       WHERE p.group_key = o.group_key AND p.receiver = o.receiver AND p.state = 'pending' AND p.id < o.id)
     ORDER BY o.next_attempt_at, o.id LIMIT ?`,
  );
  // Most rounds find nothing due: a read answers them without a write transaction.
  const anyDue = db.prepare<[number], number>(`SELECT 1 FROM notification_outbox WHERE state = 'pending' AND next_attempt_at <= ? AND ${own} LIMIT 1`).pluck();
  const claim = db.prepare("UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_at = ? WHERE id = ? AND state = 'pending'");
  const sent = db.prepare("UPDATE notification_outbox SET state = 'sent', sent_at = ?, claimed_at = NULL, last_error = NULL WHERE id = ? AND state = 'pending'");
  const retry = db.prepare("UPDATE notification_outbox SET next_attempt_at = ?, last_error = ?, claimed_at = NULL WHERE id = ? AND state = 'pending'");
  const dead = db.prepare("UPDATE notification_outbox SET state = 'dead', last_error = ?, claimed_at = NULL WHERE id = ? AND state = 'pending'");
  const release = db.prepare(`UPDATE notification_outbox SET next_attempt_at = ?, claimed_at = NULL WHERE state = 'pending' AND claimed_at IS NOT NULL AND ${own}`);
  const pending = db.prepare(`SELECT count(*) FROM notification_outbox WHERE state = 'pending' AND ${own}`).pluck();
  const listAll = allOf(db.prepare<[number], Row>(`SELECT * FROM notification_outbox WHERE ${own} ORDER BY id DESC LIMIT ?`), toRow);
  const listState = allOf(db.prepare<[OutboxState, number], Row>(`SELECT * FROM notification_outbox WHERE state = ? AND ${own} ORDER BY id DESC LIMIT ?`), toRow);
  const firing = db.prepare<[], { last_notified_firing: string }>('SELECT last_notified_firing FROM notification_groups');
  const pruneRows = db.prepare(`DELETE FROM notification_outbox WHERE state IN ('sent', 'dead') AND created_at < ? AND ${own}`);
  const idleGroups = db.prepare<[number], string>('SELECT group_key FROM notification_groups WHERE updated_at < ?').pluck();

  const commit = db.transaction((groupKey: string, state: GroupState | null, row: NewOutboxRow | null, now: number) => {
    if (row) insertRow.run(row);
    if (state) {
      upsertGroup.run({ ...state, groupLabels: JSON.stringify(state.groupLabels), lastNotifiedFiring: JSON.stringify(state.lastNotifiedFiring), now });
    } else {
      deleteGroup.run(groupKey);
    }
  });
  const claimDue = db.transaction((now: number, leaseUntil: number, limit: number) => {
    const rows = due.all(now, limit).map(toRow);
    for (const row of rows) claim.run(leaseUntil, now, row.id);
    return rows.map((row) => ({ ...row, attempts: row.attempts + 1, nextAttemptAt: leaseUntil }));
  });
  const prune = db.transaction((before: number, keep: ReadonlySet<string>) => {
    const rows = pruneRows.run(before).changes;
    let groups = 0;
    // Group state belongs to the notifications file's receivers alone.
    for (const key of namespace === null ? idleGroups.all(before) : []) if (!keep.has(key)) groups += deleteGroup.run(key).changes;
    return { rows, groups };
  });

  return {
    group: oneOf(db.prepare<[string], GroupRow>('SELECT * FROM notification_groups WHERE group_key = ?'), toGroup),
    commit: (groupKey, state, row, now) => commit.immediate(groupKey, state, row, now),
    enqueue: (row) => insertRow.run(row).changes > 0,
    claimDue: (now, leaseUntil, limit) => (anyDue.get(now) === undefined ? [] : claimDue.immediate(now, leaseUntil, limit)),
    markSent: (id, now) => sent.run(now, id).changes > 0,
    markRetry: (id, nextAttemptAt, error) => void retry.run(nextAttemptAt, error, id),
    markDead: (id, error) => void dead.run(error, id),
    releaseClaims: (now) => release.run(now).changes,
    pendingCount: () => pending.get() as number,
    get: oneOf(db.prepare<[number], Row>('SELECT * FROM notification_outbox WHERE id = ?'), toRow),
    list: (state, limit) => (state ? listState(state, limit) : listAll(limit)),
    notifiedFiring: () => [...new Set(firing.all().flatMap((row) => Object.keys(JSON.parse(row.last_notified_firing))))],
    prune: (before, keep) => prune.immediate(before, keep),
  };
}
