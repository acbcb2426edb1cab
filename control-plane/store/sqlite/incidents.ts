/** SQLite incidents. */
import type { Severity } from '../../alerts/model.ts';
import type { Incident, IncidentFilter, IncidentStore } from '../alerting-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface IncidentRow {
  id: string;
  tenant_id: string;
  fingerprint: string;
  rule_id: string;
  host_id: string | null;
  severity: Severity;
  title: string;
  title_zh: string | null;
  plan: string;
  calendar: string;
  opened_at: number;
  response_due_at: number | null;
  deadline_problem: string | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  ack_business_seconds: number | null;
  ack_wall_seconds: number | null;
  resolve_business_seconds: number | null;
  resolve_wall_seconds: number | null;
  response_breached: number;
  critical_period_id: string | null;
}

const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  tenantId: r.tenant_id,
  fingerprint: r.fingerprint,
  ruleId: r.rule_id,
  hostId: r.host_id,
  severity: r.severity,
  title: r.title,
  titleZh: r.title_zh,
  plan: r.plan,
  calendar: r.calendar,
  openedAt: r.opened_at,
  responseDueAt: r.response_due_at,
  deadlineProblem: r.deadline_problem,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at,
  ackBusinessSeconds: r.ack_business_seconds,
  ackWallSeconds: r.ack_wall_seconds,
  resolveBusinessSeconds: r.resolve_business_seconds,
  resolveWallSeconds: r.resolve_wall_seconds,
  responseBreached: r.response_breached === 1,
  criticalPeriodId: r.critical_period_id,
});

const toRow = (i: Incident): IncidentRow => ({
  id: i.id,
  tenant_id: i.tenantId,
  fingerprint: i.fingerprint,
  rule_id: i.ruleId,
  host_id: i.hostId,
  severity: i.severity,
  title: i.title,
  title_zh: i.titleZh,
  plan: i.plan,
  calendar: i.calendar,
  opened_at: i.openedAt,
  response_due_at: i.responseDueAt,
  deadline_problem: i.deadlineProblem,
  acknowledged_at: i.acknowledgedAt,
  acknowledged_by: i.acknowledgedBy,
  resolved_at: i.resolvedAt,
  ack_business_seconds: i.ackBusinessSeconds,
  ack_wall_seconds: i.ackWallSeconds,
  resolve_business_seconds: i.resolveBusinessSeconds,
  resolve_wall_seconds: i.resolveWallSeconds,
  response_breached: i.responseBreached ? 1 : 0,
  critical_period_id: i.criticalPeriodId ?? null,
});

export function sqliteIncidentStore(db: SqlDatabase): IncidentStore {
  const columns = Object.keys(toRow({} as Incident));
  const values = columns.map((c) => `@${c}`).join(', ');
  const insert = db.prepare(`INSERT INTO incidents (${columns.join(', ')}) VALUES (${values})`);
  const update = db.prepare(`UPDATE incidents SET ${columns.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  return {
    create: (incident) => void insert.run(toRow(incident)),
    get: oneOf(db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?'), toIncident),
    openFor: oneOf(db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE fingerprint = ? AND resolved_at IS NULL'), toIncident),
    update: (incident) => void update.run(toRow(incident)),
    list: (filter: IncidentFilter, limit: number) => {
      const where: string[] = [];
      if (filter.tenantId) where.push('tenant_id = @tenantId');
      if (filter.open === true) where.push('resolved_at IS NULL');
      if (filter.open === false) where.push('resolved_at IS NOT NULL');
      if (filter.criticalPeriodId) where.push('critical_period_id = @criticalPeriodId');
      const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened_at DESC LIMIT @limit`;
      return (db.prepare(sql).all({ tenantId: filter.tenantId ?? null, criticalPeriodId: filter.criticalPeriodId ?? null, limit }) as IncidentRow[]).map(toIncident);
    },
    dueForBreach: allOf(
      db.prepare<[number], IncidentRow>(
        `SELECT * FROM incidents WHERE resolved_at IS NULL AND acknowledged_at IS NULL AND response_breached = 0
         AND response_due_at IS NOT NULL AND response_due_at <= ?`,
      ),
      toIncident,
    ),
  };
}
