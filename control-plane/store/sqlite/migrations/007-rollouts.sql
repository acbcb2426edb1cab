-- Rollouts of a release over the hosts a window covers, in waves. The rollout's state is
-- derived from its hosts and the pause/abort/halt marks; `state` is that derivation cached
-- for list filters, rewritten after every change.
CREATE TABLE rollouts (
  id TEXT PRIMARY KEY,
  window_id TEXT NOT NULL,
  track_id TEXT NOT NULL,
  release_id TEXT NOT NULL REFERENCES releases(id),
  release_version TEXT NOT NULL,
  window_start_at INTEGER NOT NULL,
  window_end_at INTEGER NOT NULL,
  cutoff_at INTEGER NOT NULL,
  -- JSON: canary, batchSize, maxConcurrency, maxErrors, healthGateSeconds.
  options TEXT NOT NULL,
  -- JSON array of the plan steps every host of this rollout runs.
  steps TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('scheduled', 'running', 'paused', 'halted', 'aborted', 'completed')),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  paused_at INTEGER,
  pause_reason TEXT,
  aborted_at INTEGER,
  abort_reason TEXT,
  halted_at INTEGER,
  completed_at INTEGER,
  overrun_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX rollouts_window ON rollouts(window_id, release_id);
CREATE INDEX rollouts_state ON rollouts(state, created_at);
CREATE INDEX rollouts_release ON rollouts(release_id);

-- Each host's part in a rollout: its wave, state machine and the signed plan it was sent.
CREATE TABLE rollout_hosts (
  rollout_id TEXT NOT NULL REFERENCES rollouts(id),
  host_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  wave INTEGER NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'notified', 'running', 'succeeded', 'failed', 'rolled-back', 'skipped')),
  step TEXT,
  phase TEXT,
  reason TEXT,
  output_tail TEXT,
  plan_id TEXT,
  plan_version INTEGER,
  plan_payload TEXT,
  plan_signature TEXT,
  version_before TEXT,
  version_after TEXT,
  notified_at INTEGER,
  started_at INTEGER,
  ended_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (rollout_id, host_id)
) WITHOUT ROWID;
CREATE INDEX rollout_hosts_host ON rollout_hosts(host_id, updated_at);
CREATE UNIQUE INDEX rollout_hosts_plan ON rollout_hosts(plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX rollout_hosts_tenant ON rollout_hosts(tenant_id, rollout_id);
-- Hosts with a plan out: what each tick and scrape look for among all past runs.
CREATE INDEX rollout_hosts_in_flight ON rollout_hosts(rollout_id) WHERE state IN ('notified', 'running');

-- The last plan version issued per host: plans of one host carry strictly increasing versions.
CREATE TABLE host_plan_versions (
  host_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
