-- Notification grouping state: what each receiver was last told about each alert group, so a
-- restart neither loses nor repeats a notification.
CREATE TABLE notification_groups (
  group_key TEXT PRIMARY KEY,
  receiver TEXT NOT NULL,
  route_id TEXT NOT NULL,
  group_labels TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_flush_at INTEGER,
  last_notified_at INTEGER,
  -- JSON object: fingerprint -> startsAt of the episode last notified firing.
  last_notified_firing TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Durable outbox: a notification is recorded here, in the same transaction as its group's
-- new state, before it is sent. `url` is redacted for display; the real URL and secrets are
-- read from the notifications config when the row is sent.
CREATE TABLE notification_outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  receiver TEXT NOT NULL,
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  group_key TEXT NOT NULL,
  status TEXT NOT NULL,
  alert_count INTEGER NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
  last_error TEXT,
  -- Set while a send is in flight; a row still claimed at start-up was cut off by a crash.
  claimed_at INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX notification_outbox_due ON notification_outbox(state, next_attempt_at);
CREATE INDEX notification_outbox_group ON notification_outbox(group_key, receiver, state, id);
CREATE INDEX notification_outbox_created ON notification_outbox(created_at);
