-- Service reports (issue 7): generation jobs with their progress, the stored reports (the
-- JSON content; HTML and CSV are rendered from it on download), and support interactions
-- imported from hotline, IM and ticket systems, one row per (tenant, external id).
CREATE TABLE report_jobs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  request TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
  percent INTEGER NOT NULL DEFAULT 0,
  step TEXT,
  report_id TEXT,
  error TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX report_jobs_tenant ON report_jobs(tenant_id, created_at);
CREATE INDEX report_jobs_state ON report_jobs(state);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  job_id TEXT NOT NULL,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('half-year', 'year', 'range')),
  period_label TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  to_at INTEGER NOT NULL,
  locale TEXT NOT NULL,
  generated_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  content TEXT NOT NULL
);
CREATE INDEX reports_tenant ON reports(tenant_id, generated_at);

CREATE TABLE support_events (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  external_id TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('hotline', 'im', 'ticket')),
  category TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  first_response_at INTEGER,
  resolved_at INTEGER,
  imported_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, external_id)
) WITHOUT ROWID;
CREATE INDEX support_events_opened ON support_events(tenant_id, opened_at);
