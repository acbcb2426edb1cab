-- Critical periods (issue 10): a tenant's closing, tax filing, payment run and the like, as a
-- local date-time range in the tenant's zone and its resolved instants [starts_at, ends_at).
-- Host ids, products and contact ids are JSON arrays (both lists empty: every host). State is
-- derived from the clock, never stored. Incidents opened during one record which.
CREATE TABLE critical_periods (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  kind TEXT NOT NULL CHECK (kind IN ('closing', 'tax-filing', 'payment', 'reconciliation', 'peak', 'other')),
  title TEXT NOT NULL,
  start_local TEXT NOT NULL,
  end_local TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  host_ids TEXT NOT NULL,
  products TEXT NOT NULL,
  contact_ids TEXT NOT NULL,
  notes TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  cancelled_at INTEGER,
  cancelled_by TEXT,
  report_id TEXT,
  CHECK (ends_at > starts_at)
);
CREATE INDEX critical_periods_tenant ON critical_periods(tenant_id, starts_at);
CREATE INDEX critical_periods_unreported ON critical_periods(ends_at) WHERE cancelled_at IS NULL AND report_id IS NULL;

ALTER TABLE incidents ADD COLUMN critical_period_id TEXT;
CREATE INDEX incidents_critical_period ON incidents(critical_period_id) WHERE critical_period_id IS NOT NULL;
