-- Tenants, people and credentials. Secrets are stored only as hashes.
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  plan TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  tenant_id TEXT REFERENCES tenants(id),
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  tenant_id TEXT REFERENCES tenants(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE enrollment_tokens (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  token_hash TEXT NOT NULL UNIQUE,
  product TEXT,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL
);

-- Hosts and the agents that report for them.
CREATE TABLE hosts (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  product TEXT,
  agent_id TEXT,
  facts TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  status TEXT NOT NULL DEFAULT 'down'
);
CREATE INDEX hosts_tenant ON hosts(tenant_id);

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  host_id TEXT NOT NULL REFERENCES hosts(id),
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  agent_version TEXT,
  interval_seconds REAL
);

-- Resume point per agent outbox stream: everything up to last_seq is stored.
CREATE TABLE streams (
  agent_id TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (agent_id, stream_id)
) WITHOUT ROWID;

-- Raw samples: the hot table. Its index is time-first because a host-first index cut
-- insert speed ninefold in a trial; per-host reads filter the time range first.
CREATE TABLE samples (
  at INTEGER NOT NULL,
  host_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  cpu_percent REAL NOT NULL,
  memory_percent REAL NOT NULL,
  load1 REAL NOT NULL,
  swap_used_bytes REAL NOT NULL,
  disk_max_percent REAL NOT NULL,
  net_rx_bps REAL NOT NULL,
  net_tx_bps REAL NOT NULL,
  process_count INTEGER NOT NULL,
  failing_checks INTEGER NOT NULL,
  interval_seconds REAL NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX samples_at_host ON samples(at, host_id);

CREATE TABLE host_facts (
  host_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  facts TEXT NOT NULL
);
CREATE INDEX host_facts_host ON host_facts(host_id, at);

CREATE TABLE check_events (
  host_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  check_name TEXT NOT NULL,
  check_kind TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX check_events_host ON check_events(host_id, at);

CREATE TABLE outbox_gaps (
  host_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  dropped_count INTEGER NOT NULL,
  from_at INTEGER NOT NULL,
  to_at INTEGER NOT NULL,
  reported_at INTEGER NOT NULL
);
CREATE INDEX outbox_gaps_host ON outbox_gaps(host_id, from_at);

-- Hourly rollups kept for reports long after raw samples expire.
CREATE TABLE rollups_hourly (
  host_id TEXT NOT NULL,
  hour_at INTEGER NOT NULL,
  metric TEXT NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  mean REAL NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (host_id, metric, hour_at)
) WITHOUT ROWID;
CREATE INDEX rollups_hourly_hour ON rollups_hourly(hour_at);

-- Hours that received samples after they may have been rolled up (an outbox replay).
CREATE TABLE rollup_dirty_hours (
  hour_at INTEGER PRIMARY KEY
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  tenant_id TEXT,
  target TEXT,
  details TEXT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, at);
