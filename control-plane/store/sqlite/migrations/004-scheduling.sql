-- Which update tracks each tenant follows, and how its deployment runs. host_ids: a JSON
-- array naming the hosts the track patches, or NULL for the tenant's hosts of the product.
CREATE TABLE track_subscriptions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  track_id TEXT NOT NULL,
  deployment_kind TEXT NOT NULL CHECK (deployment_kind IN ('public-multi-tenant', 'public-single-tenant', 'private')),
  host_ids TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, track_id)
) WITHOUT ROWID;
CREATE INDEX track_subscriptions_track ON track_subscriptions(track_id);

-- Tenant freeze periods; params is JSON whose shape depends on kind.
CREATE TABLE tenant_freezes (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  kind TEXT NOT NULL CHECK (kind IN ('month-end', 'tax-filing', 'year-end', 'custom')),
  label TEXT NOT NULL,
  params TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tenant_freezes_tenant ON tenant_freezes(tenant_id, created_at);

-- Tracks of private deployments, one set per tenant: the spec as written (schedules format).
CREATE TABLE private_tracks (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  track_id TEXT NOT NULL,
  spec TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, track_id)
) WITHOUT ROWID;

-- Materialised windows. The id is derived from (track_key, occurrence_key), so
-- re-materialising updates a window in place; version rises on every change.
-- track_key is the track id, or id@tenant for a private track.
CREATE TABLE windows (
  id TEXT PRIMARY KEY,
  track_key TEXT NOT NULL,
  track_id TEXT NOT NULL,
  owner_tenant_id TEXT,
  occurrence_key TEXT NOT NULL,
  local_date TEXT NOT NULL,
  zone TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  -- The times before the latest move, once the window has moved.
  previous_start_at INTEGER,
  previous_end_at INTEGER,
  cutoff_at INTEGER NOT NULL,
  notice_by TEXT,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'skipped', 'cancelled')),
  reason TEXT,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (track_key, occurrence_key)
);
CREATE INDEX windows_track_start ON windows(track_key, start_at);
CREATE INDEX windows_start ON windows(start_at);

-- Which tenants (and hosts) each window covers, or skips with a reason.
CREATE TABLE window_coverage (
  window_id TEXT NOT NULL REFERENCES windows(id),
  tenant_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('covered', 'skipped')),
  reason TEXT,
  host_ids TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('subscription', 'booking')),
  booking_ids TEXT NOT NULL,
  -- Rises when this tenant's view of the window (times, window status, its own status) changes.
  revision INTEGER NOT NULL,
  PRIMARY KEY (window_id, tenant_id)
) WITHOUT ROWID;
CREATE INDEX window_coverage_tenant ON window_coverage(tenant_id, window_id);

-- Patch releases per track; a customisation release usually belongs to one tenant.
CREATE TABLE releases (
  id TEXT PRIMARY KEY,
  track_id TEXT NOT NULL,
  tenant_id TEXT REFERENCES tenants(id),
  version TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('standard', 'customisation', 'hotfix')),
  notes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX releases_version ON releases(track_id, coalesce(tenant_id, ''), version);

CREATE TABLE release_artifacts (
  release_id TEXT NOT NULL REFERENCES releases(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  url TEXT,
  PRIMARY KEY (release_id, position)
) WITHOUT ROWID;

-- Security audits of releases: submitted, then approved or rejected with findings.
CREATE TABLE security_audits (
  id TEXT PRIMARY KEY,
  release_id TEXT NOT NULL REFERENCES releases(id),
  state TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected')),
  notes TEXT NOT NULL,
  findings TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  submitted_by TEXT NOT NULL,
  decided_at INTEGER,
  decided_by TEXT
);
CREATE INDEX security_audits_release ON security_audits(release_id, submitted_at);

-- Bookings of on-request slots. A tenant holds at most one active booking per slot.
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  track_id TEXT NOT NULL,
  track_key TEXT NOT NULL,
  slot_date TEXT NOT NULL,
  slot_start_at INTEGER NOT NULL,
  slot_end_at INTEGER NOT NULL,
  cutoff_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('requested', 'confirmed', 'rejected', 'cancelled')),
  approval TEXT NOT NULL CHECK (approval IN ('required', 'none')),
  release_id TEXT REFERENCES releases(id),
  instead_of_window_id TEXT,
  note TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  confirmed_at INTEGER,
  confirmed_by TEXT,
  rejected_at INTEGER,
  rejected_by TEXT,
  cancelled_at INTEGER,
  cancelled_by TEXT,
  reason TEXT,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX bookings_slot ON bookings(track_key, slot_date, state);
CREATE INDEX bookings_tenant ON bookings(tenant_id, slot_start_at);
CREATE INDEX bookings_state ON bookings(state, slot_start_at);
CREATE UNIQUE INDEX bookings_active_per_tenant ON bookings(track_key, slot_date, tenant_id) WHERE state IN ('requested', 'confirmed');

-- Patch windows keep one maintenance period per covered tenant, found by source.
CREATE INDEX maintenance_periods_source ON maintenance_periods(source);
