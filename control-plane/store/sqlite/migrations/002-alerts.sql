-- Alert series: one row per rule and subject, with its state-machine state.
CREATE TABLE alerts (
  fingerprint TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  tenant_id TEXT,
  host_id TEXT,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  value REAL,
  active_at INTEGER,
  fired_at INTEGER,
  resolved_at INTEGER,
  last_true_at INTEGER,
  last_evaluated_at INTEGER NOT NULL,
  flap_history TEXT NOT NULL,
  flapping INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  acknowledge_comment TEXT,
  suppressed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alerts_tenant_state ON alerts(tenant_id, state);
CREATE INDEX alerts_host ON alerts(host_id);

-- Every state change, kept for service reports.
CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  tenant_id TEXT,
  host_id TEXT,
  severity TEXT NOT NULL,
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  value REAL,
  suppressed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_events_tenant_at ON alert_events(tenant_id, at);
CREATE INDEX alert_events_fingerprint ON alert_events(fingerprint, at);

CREATE TABLE silences (
  id TEXT PRIMARY KEY,
  tenant_id TEXT,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expired_at INTEGER
);
CREATE INDEX silences_ends ON silences(ends_at);

CREATE TABLE maintenance_periods (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  host_ids TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX maintenance_periods_ends ON maintenance_periods(ends_at);

-- Incidents: a firing alert of warning or above, answered against the tenant's plan.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  host_id TEXT,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  title_zh TEXT,
  plan TEXT NOT NULL,
  calendar TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  response_due_at INTEGER,
  deadline_problem TEXT,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  resolved_at INTEGER,
  ack_business_seconds REAL,
  ack_wall_seconds REAL,
  resolve_business_seconds REAL,
  resolve_wall_seconds REAL,
  response_breached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_tenant_opened ON incidents(tenant_id, opened_at);
CREATE UNIQUE INDEX incidents_open_fingerprint ON incidents(fingerprint) WHERE resolved_at IS NULL;
