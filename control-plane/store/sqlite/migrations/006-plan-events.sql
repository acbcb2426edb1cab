-- Patch plan progress reported by agents, committed with the stream's resume point so each
-- report is stored exactly once. Rollout state is derived from these; they are also the
-- per-host patch history kept for service reports.
CREATE TABLE plan_events (
  id INTEGER PRIMARY KEY,
  host_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  plan_id TEXT NOT NULL,
  rollout_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  step TEXT,
  phase TEXT,
  reason TEXT,
  output_tail TEXT,
  version_before TEXT,
  version_after TEXT
);
CREATE INDEX plan_events_plan ON plan_events(plan_id, id);
CREATE INDEX plan_events_host ON plan_events(host_id, at);
CREATE INDEX plan_events_rollout ON plan_events(rollout_id, id);
