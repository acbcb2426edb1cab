/** SQLite rollouts, their hosts, and the per-host plan version counter. */
import type { PlanPhase } from '../../../protocol/index.ts';
import type { HostState, Rollout, RolloutHost, RolloutState } from '../../rollouts/model.ts';
import type { HostPatchOutcome, RolloutFilter, RolloutStore } from '../rollout-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { upsertStatement } from '../sql/upsert.ts';
import { whereOf } from './filters.ts';

interface RolloutRow {
  id: string;
  window_id: string;
  track_id: string;
  release_id: string;
  release_version: string;
  window_start_at: number;
  window_end_at: number;
  cutoff_at: number;
  options: string;
  steps: string;
  state: RolloutState;
  created_at: number;
  created_by: string;
  paused_at: number | null;
  pause_reason: string | null;
  aborted_at: number | null;
  abort_reason: string | null;
  halted_at: number | null;
  completed_at: number | null;
  overrun_at: number | null;
  updated_at: number;
}

interface HostRow {
  rollout_id: string;
  host_id: string;
  tenant_id: string;
  wave: number;
  position: number;
  state: HostState;
  step: string | null;
  phase: PlanPhase | null;
  reason: string | null;
  output_tail: string | null;
  plan_id: string | null;
  plan_version: number | null;
  plan_payload: string | null;
  plan_signature: string | null;
  version_before: string | null;
  version_after: string | null;
  notified_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
}

const toRollout = (r: RolloutRow): Rollout => ({
  id: r.id,
  windowId: r.window_id,
  trackId: r.track_id,
  releaseId: r.release_id,
  releaseVersion: r.release_version,
  windowStartAt: r.window_start_at,
  windowEndAt: r.window_end_at,
  cutoffAt: r.cutoff_at,
  options: JSON.parse(r.options),
  steps: JSON.parse(r.steps),
  state: r.state,
  createdAt: r.created_at,
  createdBy: r.created_by,
  pausedAt: r.paused_at,
  pauseReason: r.pause_reason,
  abortedAt: r.aborted_at,
  abortReason: r.abort_reason,
  haltedAt: r.halted_at,
  completedAt: r.completed_at,
  overrunAt: r.overrun_at,
  updatedAt: r.updated_at,
});

const toHost = (r: HostRow): RolloutHost => ({
  rolloutId: r.rollout_id,
  hostId: r.host_id,
  tenantId: r.tenant_id,
  wave: r.wave,
  position: r.position,
  state: r.state,
  step: r.step,
  phase: r.phase,
  reason: r.reason,
  outputTail: r.output_tail,
  planId: r.plan_id,
  planVersion: r.plan_version,
  plan: r.plan_payload !== null && r.plan_signature !== null ? { payload: r.plan_payload, signature: r.plan_signature } : null,
  versionBefore: r.version_before,
  versionAfter: r.version_after,
  notifiedAt: r.notified_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  updatedAt: r.updated_at,
});

const rolloutParams = (r: Rollout) => ({ ...r, options: JSON.stringify(r.options), steps: JSON.stringify(r.steps) });
const hostParams = (h: RolloutHost) => ({ ...h, planPayload: h.plan?.payload ?? null, planSignature: h.plan?.signature ?? null });

/** The rollout store on `db`. */
export function sqliteRolloutStore(db: SqlDatabase): RolloutStore {
  const insert = db.prepare(
    `INSERT INTO rollouts (id, window_id, track_id, release_id, release_version, window_start_at, window_end_at, cutoff_at, options, steps, state,
       created_at, created_by, paused_at, pause_reason, aborted_at, abort_reason, halted_at, completed_at, overrun_at, updated_at)
     VALUES (@id, @windowId, @trackId, @releaseId, @releaseVersion, @windowStartAt, @windowEndAt, @cutoffAt, @options, @steps, @state,
       @createdAt, @createdBy, @pausedAt, @pauseReason, @abortedAt, @abortReason, @haltedAt, @completedAt, @overrunAt, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE rollouts SET state = @state, paused_at = @pausedAt, pause_reason = @pauseReason, aborted_at = @abortedAt, abort_reason = @abortReason,
       halted_at = @haltedAt, completed_at = @completedAt, overrun_at = @overrunAt, updated_at = @updatedAt WHERE id = @id`,
  );
  const upsertHost = db.prepare(
    upsertStatement(
      'rollout_hosts',
      ['rollout_id', 'host_id', 'tenant_id', 'wave', 'position', 'state', 'step', 'phase', 'reason', 'output_tail', 'plan_id', 'plan_version',
        'plan_payload', 'plan_signature', 'version_before', 'version_after', 'notified_at', 'started_at', 'ended_at', 'updated_at'],
      ['rollout_id', 'host_id'],
      ['rolloutId', 'hostId', 'tenantId', 'wave', 'position', 'state', 'step', 'phase', 'reason', 'outputTail', 'planId', 'planVersion',
        'planPayload', 'planSignature', 'versionBefore', 'versionAfter', 'notifiedAt', 'startedAt', 'endedAt', 'updatedAt'],
    ),
  );
  const getOne = db.prepare<[string], RolloutRow>('SELECT * FROM rollouts WHERE id = ?');
  const ofWindow = db.prepare<[string], RolloutRow>('SELECT * FROM rollouts WHERE window_id = ? ORDER BY created_at, id');
  const open = db.prepare<[], RolloutRow>(
    `SELECT * FROM rollouts WHERE state IN ('scheduled', 'running', 'paused')
       OR id IN (SELECT rollout_id FROM rollout_hosts WHERE state IN ('notified', 'running')) ORDER BY created_at, id`,
  );
  const hostsOf = db.prepare<[string], HostRow>('SELECT * FROM rollout_hosts WHERE rollout_id = ? ORDER BY position');
  const notifiedOf = db.prepare<[string], HostRow>("SELECT * FROM rollout_hosts WHERE host_id = ? AND state = 'notified'");
  const planSent = db.prepare<[string, string, string], number>('SELECT 1 FROM rollout_hosts WHERE host_id = ? AND rollout_id = ? AND plan_id = ?').pluck();
  const succeeded = db.prepare<[string], string>(
    "SELECT DISTINCT h.host_id FROM rollout_hosts h JOIN rollouts r ON r.id = h.rollout_id WHERE r.release_id = ? AND h.state = 'succeeded'",
  ).pluck();
  const history = db.prepare<[string, number], HostRow & { release_id: string; release_version: string }>(
    `SELECT h.*, r.release_id, r.release_version FROM rollout_hosts h JOIN rollouts r ON r.id = h.rollout_id
     WHERE h.host_id = ? AND h.plan_id IS NOT NULL ORDER BY h.notified_at DESC NULLS LAST, h.rollout_id LIMIT ?`,
  );
  const outcomes = db.prepare<[], { host_id: string; tenant_id: string; state: HostState; ended_at: number; last_success_at: number | null }>(
    // Each host's latest finished attempt (ties broken by rollout id), with its last success.
    `SELECT h.host_id, h.tenant_id, h.state, h.ended_at,
       (SELECT max(s.ended_at) FROM rollout_hosts s WHERE s.host_id = h.host_id AND s.state = 'succeeded') AS last_success_at
     FROM rollout_hosts h WHERE h.state IN ('succeeded', 'failed', 'rolled-back') AND h.ended_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM rollout_hosts o WHERE o.host_id = h.host_id AND o.state IN ('succeeded', 'failed', 'rolled-back')
         AND o.ended_at IS NOT NULL AND (o.ended_at > h.ended_at OR (o.ended_at = h.ended_at AND o.rollout_id > h.rollout_id)))`,
  );
  // Never below `floor` (the current time in ms): a database restored from an older backup
  // still issues versions above every plan the agents have already run.
  const bumpVersion = db.prepare<[{ hostId: string; floor: number }], number>(
    'INSERT INTO host_plan_versions (host_id, version) VALUES (@hostId, @floor) ON CONFLICT (host_id) DO UPDATE SET version = CASE WHEN host_plan_versions.version + 1 > @floor THEN host_plan_versions.version + 1 ELSE @floor END RETURNING version',
  ).pluck();

  const create = db.transaction((rollout: Rollout, hosts: readonly RolloutHost[]) => {
    insert.run(rolloutParams(rollout));
    for (const host of hosts) upsertHost.run(hostParams(host));
  });
  const updateHosts = db.transaction((hosts: readonly RolloutHost[]) => {
    for (const host of hosts) upsertHost.run(hostParams(host));
  });

  return {
    create: (rollout, hosts) => create(rollout, hosts),
    get: (id) => {
      const row = getOne.get(id);
      return row ? toRollout(row) : undefined;
    },
    list: (filter: RolloutFilter) => {
      const { where, params } = whereOf(
        [
          ['state = @state', 'state', filter.state],
          ['id IN (SELECT rollout_id FROM rollout_hosts WHERE tenant_id = @tenantId)', 'tenantId', filter.tenantId],
        ],
        { limit: filter.limit },
      );
      return (db.prepare(`SELECT * FROM rollouts ${where} ORDER BY created_at DESC, id LIMIT @limit`).all(params) as RolloutRow[]).map(toRollout);
    },
    forWindow: (windowId) => ofWindow.all(windowId).map(toRollout),
    open: () => open.all().map(toRollout),
    update: (rollout) => void update.run(rolloutParams(rollout)),
    hosts: (rolloutId) => hostsOf.all(rolloutId).map(toHost),
    updateHosts: (hosts) => updateHosts(hosts),
    planSentTo: (hostId, rolloutId, planId) => planSent.get(hostId, rolloutId, planId) !== undefined,
    notifiedOf: (hostId) => notifiedOf.all(hostId).map(toHost),
    succeededHosts: (releaseId) => new Set(succeeded.all(releaseId)),
    history: (hostId, limit) => history.all(hostId, limit).map((r) => ({ ...toHost(r), releaseId: r.release_id, releaseVersion: r.release_version })),
    outcomes: (): HostPatchOutcome[] =>
      outcomes.all().map((r) => ({ hostId: r.host_id, tenantId: r.tenant_id, state: r.state, endedAt: r.ended_at, lastSuccessAt: r.last_success_at })),
    nextPlanVersion: (hostId, floor) => bumpVersion.get({ hostId, floor: Math.max(1, floor) })!,
  };
}

