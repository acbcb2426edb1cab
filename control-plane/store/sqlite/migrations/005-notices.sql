-- Tenant contacts: where a tenant's window notices go. Robot URLs and signing secrets are
-- outgoing credentials: stored sealed (AES-256-GCM, key file in the data directory), never
-- in the clear.
CREATE TABLE tenant_contacts (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'dingtalk', 'wecom', 'feishu')),
  url_sealed TEXT NOT NULL,
  secret_sealed TEXT,
  language TEXT NOT NULL CHECK (language IN ('zh-CN', 'en')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tenant_contacts_tenant ON tenant_contacts(tenant_id, created_at);

-- Window notices a tenant was given, one row per notice key (tenant, window, kind and the
-- window's start or version), written in the same transaction as its outbox rows: a key
-- here is never queued again, across restarts and re-materialised windows.
CREATE TABLE notices (
  key TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  window_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('advance', 'day-before', 'start', 'end', 'moved', 'cancelled')),
  -- queued: sent to `contacts` contacts; covered: said by another notice queued with it.
  outcome TEXT NOT NULL CHECK (outcome IN ('queued', 'covered')),
  contacts INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notices_window ON notices(window_id);
CREATE INDEX notices_tenant ON notices(tenant_id, created_at);

-- Per-tenant calendar feeds: the secret token is in the subscription URL and only its
-- SHA-256 is kept.
CREATE TABLE ics_feeds (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX ics_feeds_tenant ON ics_feeds(tenant_id, created_at);
