-- Report sign-off and critical-period reports (issue 10).
--
-- SQLite cannot alter a CHECK, so the reports table is rebuilt to allow period_kind
-- 'critical-period': create the new table, copy every row, drop the old one, rename, and
-- recreate its index. The copy keeps ids, so rows elsewhere that name a report still match;
-- foreign key checks are deferred to the commit, when the rebuilt table is in place (the
-- pragma ends with the migration's transaction).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE reports_rebuilt (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  job_id TEXT NOT NULL,
  period_kind TEXT NOT NULL CHECK (period_kind IN ('half-year', 'year', 'range', 'critical-period')),
  period_label TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  to_at INTEGER NOT NULL,
  locale TEXT NOT NULL,
  generated_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  content TEXT NOT NULL
);
INSERT INTO reports_rebuilt (id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content)
  SELECT id, tenant_id, job_id, period_kind, period_label, from_at, to_at, locale, generated_at, created_by, content FROM reports;
DROP TABLE reports;
ALTER TABLE reports_rebuilt RENAME TO reports;
CREATE INDEX reports_tenant ON reports(tenant_id, generated_at);

-- One row per report issued for sign-off. `due_at` is the deadline a default confirmation is
-- judged against (end of the fifth working day on the tenant's 5x8 calendar); decided_* stay
-- null while the tenant has not answered; amendments hold the tenant's written corrections.
CREATE TABLE report_signoffs (
  report_id TEXT PRIMARY KEY REFERENCES reports(id),
  state TEXT NOT NULL CHECK (state IN ('awaiting', 'confirmed', 'amended', 'confirmed-by-default')),
  calendar TEXT NOT NULL DEFAULT '5x8',
  issued_at INTEGER NOT NULL,
  issued_by TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT,
  amendments TEXT,
  CHECK ((state = 'awaiting') = (decided_at IS NULL))
);
CREATE INDEX report_signoffs_awaiting ON report_signoffs(due_at) WHERE state = 'awaiting';
