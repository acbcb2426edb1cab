/** Read-only SQLite queries a service report is gathered from (hosts, rollups, plan events, ids by period). */
import type { HostFacts } from '../../../protocol/index.ts';
import type { DiskHalfSums, ReportDataStore, ReportPlanEvent } from '../types.ts';
import type { SqlDatabase } from '../sql/database.ts';

const DISK_PREFIX = 'disk_used_percent:';

interface PlanRow {
  id: number;
  host_id: string;
  at: number;
  plan_id: string;
  rollout_id: string;
  state: string;
  reason: string | null;
  version_before: string | null;
  version_after: string | null;
}

/** The report queries over one database. */
export function sqliteReportDataStore(db: SqlDatabase): ReportDataStore {
  const hosts = db.prepare<[string], { id: string; name: string; product: string | null; created_at: number; revoked_at: number | null }>(
    `SELECT h.id, h.name, h.product, h.created_at,
       CASE WHEN count(a.id) > 0 AND count(a.id) = count(a.revoked_at) THEN max(a.revoked_at) END AS revoked_at
     FROM hosts h LEFT JOIN agents a ON a.host_id = h.id WHERE h.tenant_id = ? GROUP BY h.id ORDER BY h.name, h.id`,
  );
  // The report before the period is the baseline its first change is compared with.
  const facts = db.prepare<{ tenantId: string; fromAt: number; toAt: number }, { host_id: string; at: number; facts: string }>(
    `SELECT f.host_id, f.at, f.facts FROM host_facts f JOIN hosts h ON h.id = f.host_id
     WHERE h.tenant_id = @tenantId AND f.at < @toAt
       AND (f.at >= @fromAt OR f.at = (SELECT max(g.at) FROM host_facts g WHERE g.host_id = f.host_id AND g.at < @fromAt))
     ORDER BY f.at, f.seq`,
  );
  const upSum = db.prepare<[string, number, number], { seconds: number; hours: number }>(
    "SELECT coalesce(sum(mean), 0) AS seconds, count(*) AS hours FROM rollups_hourly WHERE host_id = ? AND metric = 'seconds_up' AND hour_at >= ? AND hour_at < ?",
  );
  // One statement for all of a host's partial hours: a key lookup per hour, one round trip.
  const upHours = db.prepare<[string, string], { hourAt: number; seconds: number }>(
    "SELECT hour_at AS hourAt, mean AS seconds FROM rollups_hourly WHERE host_id = ? AND metric = 'seconds_up' AND hour_at IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) ORDER BY hour_at",
  );
  const hoursOf = db.prepare<[string, string, number, number], number>('SELECT count(*) FROM rollups_hourly WHERE host_id = ? AND metric = ? AND hour_at >= ? AND hour_at < ?').pluck();
  // Nearest rank ceil(0.95 n) from the bottom is offset n - ceil(0.95 n) from the top.
  const fromTop = db
    .prepare<[string, string, number, number, number], number>('SELECT mean FROM rollups_hourly WHERE host_id = ? AND metric = ? AND hour_at >= ? AND hour_at < ? ORDER BY mean DESC LIMIT 1 OFFSET ?')
    .pluck();
  // Mounts one primary-key seek at a time: a range on `metric` would stop the key from
  // narrowing `hour_at`, and a scan would read every hour kept (two years) of every mount.
  const nextDisk = db
    .prepare<[string, string], string>("SELECT metric FROM rollups_hourly WHERE host_id = ? AND metric > ? AND metric < 'disk_used_percent;' ORDER BY metric LIMIT 1")
    .pluck();
  // Plain sums only: per-row arithmetic in SQL doubled the cost of a year of hours.
  const diskSums = db.prepare<[string, string, number, number], DiskHalfSums>(
    'SELECT count(*) AS count, coalesce(sum(hour_at), 0) AS sumHourAt, coalesce(sum(mean), 0) AS sumPercent FROM rollups_hourly WHERE host_id = ? AND metric = ? AND hour_at >= ? AND hour_at < ?',
  );
  const edgeHour = (order: 'ASC' | 'DESC') =>
    db.prepare<[string, string, number, number], { hourAt: number; mean: number }>(
      `SELECT hour_at AS hourAt, mean FROM rollups_hourly WHERE host_id = ? AND metric = ? AND hour_at >= ? AND hour_at < ? ORDER BY hour_at ${order} LIMIT 1`,
    );
  const [firstHour, lastHour] = [edgeHour('ASC'), edgeHour('DESC')];
  const disksOf = (hostId: string) => {
    const metrics: string[] = [];
    for (let metric = nextDisk.get(hostId, DISK_PREFIX); metric !== undefined; metric = nextDisk.get(hostId, metric)) metrics.push(metric);
    return metrics;
  };
  const plans = db.prepare<[string, number, number], PlanRow>(
    `SELECT p.id, p.host_id, p.at, p.plan_id, p.rollout_id, p.state, p.reason, p.version_before, p.version_after
     FROM plan_events p JOIN hosts h ON h.id = p.host_id
     WHERE h.tenant_id = ? AND p.at >= ? AND p.at < ? AND p.state IN ('succeeded', 'failed', 'rolled-back') ORDER BY p.at, p.id`,
  );
  const incidentIds = db.prepare<[string, number, number], string>('SELECT id FROM incidents WHERE tenant_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at, id').pluck();
  const maintenanceIds = db
    .prepare<[string, number, number], string>('SELECT id FROM maintenance_periods WHERE tenant_id = ? AND starts_at < ? AND ends_at > ? ORDER BY starts_at, id')
    .pluck();
  const bookingIds = db
    .prepare<[string, number, number, number, number], string>(
      'SELECT id FROM bookings WHERE tenant_id = ? AND ((requested_at >= ? AND requested_at < ?) OR (slot_start_at >= ? AND slot_start_at < ?)) ORDER BY requested_at, id',
    )
    .pluck();
  const tenantAudit = db.prepare<[string, number, number, number], { id: number; at: number; actor: string; action: string; target: string | null }>(
    'SELECT id, at, actor, action, target FROM audit_log WHERE tenant_id = ? AND at >= ? AND at < ? ORDER BY at, id LIMIT ?',
  );
  const bookingAudit = db.prepare<[string, number, number], { at: number; action: string; target: string | null; details: string }>(
    "SELECT at, action, target, details FROM audit_log WHERE tenant_id = ? AND action LIKE 'booking.%' AND at >= ? AND at < ? ORDER BY at, id",
  );
  const toPlanEvent = (r: PlanRow): ReportPlanEvent => ({
    id: r.id,
    hostId: r.host_id,
    at: r.at,
    planId: r.plan_id,
    rolloutId: r.rollout_id,
    state: r.state,
    reason: r.reason,
    versionBefore: r.version_before,
    versionAfter: r.version_after,
  });
  return {
    hosts: (tenantId) => hosts.all(tenantId).map((r) => ({ id: r.id, name: r.name, product: r.product, createdAt: r.created_at, revokedAt: r.revoked_at })),
    factsHistory: (tenantId, fromAt, toAt) => facts.all({ tenantId, fromAt, toAt }).map((r) => ({ hostId: r.host_id, at: r.at, facts: JSON.parse(r.facts) as HostFacts })),
    secondsUpSum: (hostId, fromAt, toAt) => upSum.get(hostId, fromAt, toAt)!,
    secondsUpHours: (hostId, hourAts) => (hourAts.length === 0 ? [] : upHours.all(hostId, JSON.stringify(hourAts))),
    hourlyP95: (hostId, metric, fromAt, toAt) => {
      const hours = hoursOf.get(hostId, metric, fromAt, toAt)!;
      return { value: hours === 0 ? null : fromTop.get(hostId, metric, fromAt, toAt, hours - Math.ceil(0.95 * hours))!, hours };
    },
    diskTrends: (hostId, fromAt, middleAt, toAt) =>
      disksOf(hostId).flatMap((metric) => {
        const [first, last] = [firstHour.get(hostId, metric, fromAt, toAt), lastHour.get(hostId, metric, fromAt, toAt)];
        if (!first || !last) return [];
        return [{
          mount: metric.slice(DISK_PREFIX.length),
          firstHalf: diskSums.get(hostId, metric, fromAt, middleAt)!,
          secondHalf: diskSums.get(hostId, metric, middleAt, toAt)!,
          firstHourAt: first.hourAt,
          lastHourAt: last.hourAt,
          lastPercent: last.mean,
        }];
      }),
    planEvents: (tenantId, fromAt, toAt) => plans.all(tenantId, fromAt, toAt).map(toPlanEvent),
    incidentIds: (tenantId, fromAt, toAt) => incidentIds.all(tenantId, fromAt, toAt),
    maintenanceIds: (tenantId, fromAt, toAt) => maintenanceIds.all(tenantId, toAt, fromAt),
    bookingIds: (tenantId, fromAt, toAt) => bookingIds.all(tenantId, fromAt, toAt, fromAt, toAt),
    bookingChanges: (tenantId, fromAt, toAt) =>
      bookingAudit.all(tenantId, fromAt, toAt).map((r) => {
        const details = JSON.parse(r.details) as { why?: unknown };
        return { at: r.at, action: r.action, bookingId: r.target ?? '', reason: typeof details.why === 'string' ? details.why : null };
      }),
    auditEntries: (tenantId, fromAt, toAt, limit) => tenantAudit.all(tenantId, fromAt, toAt, limit),
  };
}
