/** SQLite alert series and their state-change events. */
import type { AlertState, Severity } from '../../alerts/model.ts';
import type { AlertEvent, AlertFilter, AlertStore, StoredAlert } from '../alerting-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { upsertStatement } from '../sql/upsert.ts';
import { allOf, oneOf } from './rows.ts';

interface AlertRow {
  fingerprint: string;
  rule_id: string;
  tenant_id: string | null;
  host_id: string | null;
  labels: string;
  annotations: string;
  severity: Severity;
  state: AlertState;
  value: number | null;
  active_at: number | null;
  fired_at: number | null;
  resolved_at: number | null;
  last_true_at: number | null;
  last_evaluated_at: number;
  flap_history: string;
  flapping: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  acknowledge_comment: string | null;
  suppressed: number;
}

const toAlert = (row: AlertRow): StoredAlert => ({
  fingerprint: row.fingerprint,
  ruleId: row.rule_id,
  tenantId: row.tenant_id,
  hostId: row.host_id,
  labels: JSON.parse(row.labels),
  annotations: JSON.parse(row.annotations),
  severity: row.severity,
  state: row.state,
  value: row.value,
  activeAt: row.active_at,
  firedAt: row.fired_at,
  resolvedAt: row.resolved_at,
  lastTrueAt: row.last_true_at,
  lastEvaluatedAt: row.last_evaluated_at,
  flapHistory: [...row.flap_history].map((c) => c === '1'),
  flapping: row.flapping === 1,
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
  acknowledgeComment: row.acknowledge_comment,
  suppressed: row.suppressed === 1,
});

const toRow = (a: StoredAlert) => ({
  fingerprint: a.fingerprint,
  rule_id: a.ruleId,
  tenant_id: a.tenantId,
  host_id: a.hostId,
  labels: JSON.stringify(a.labels),
  annotations: JSON.stringify(a.annotations),
  severity: a.severity,
  state: a.state,
  value: a.value,
  active_at: a.activeAt,
  fired_at: a.firedAt,
  resolved_at: a.resolvedAt,
  last_true_at: a.lastTrueAt,
  last_evaluated_at: a.lastEvaluatedAt,
  flap_history: a.flapHistory.map((b) => (b ? '1' : '0')).join(''),
  flapping: a.flapping ? 1 : 0,
  acknowledged_at: a.acknowledgedAt,
  acknowledged_by: a.acknowledgedBy,
  acknowledge_comment: a.acknowledgeComment,
  suppressed: a.suppressed ? 1 : 0,
});

interface EventRow {
  fingerprint: string;
  rule_id: string;
  tenant_id: string | null;
  host_id: string | null;
  severity: Severity;
  at: number;
  from_state: AlertState;
  to_state: AlertState;
  value: number | null;
  suppressed: number;
}

export function sqliteAlertStore(db: SqlDatabase): AlertStore {
  const columns = Object.keys(toRow({ flapHistory: [] } as unknown as StoredAlert));
  const upsert = db.prepare(upsertStatement('alerts', columns, ['fingerprint']));
  const insertEvent = db.prepare(
    `INSERT INTO alert_events (fingerprint, rule_id, tenant_id, host_id, severity, at, from_state, to_state, value, suppressed)
     VALUES (@fingerprint, @ruleId, @tenantId, @hostId, @severity, @at, @from, @to, @value, @suppressed)`,
  );
  const save = db.transaction((series: readonly StoredAlert[], events: readonly AlertEvent[]) => {
    for (const alert of series) upsert.run(toRow(alert));
    for (const event of events) insertEvent.run({ ...event, suppressed: event.suppressed ? 1 : 0 });
  });
  const prune = db.prepare("DELETE FROM alerts WHERE state IN ('resolved', 'inactive') AND last_evaluated_at < ?");
  const list = (filter: AlertFilter, limit: number) => {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit };
    if (filter.tenantId) {
      where.push('tenant_id = @tenantId');
      params.tenantId = filter.tenantId;
    }
    if (filter.hostId) {
      where.push('host_id = @hostId');
      params.hostId = filter.hostId;
    }
    if (filter.states?.length) {
      where.push('state IN (SELECT value FROM json_each(@states))');
      params.states = JSON.stringify(filter.states);
    }
    const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY coalesce(fired_at, active_at, last_evaluated_at) DESC LIMIT @limit`;
    return (db.prepare(sql).all(params) as AlertRow[]).map(toAlert);
  };
  return {
    all: allOf(db.prepare<[], AlertRow>('SELECT * FROM alerts'), toAlert),
    list,
    get: oneOf(db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE fingerprint = ?'), toAlert),
    save: (series, events) => save.immediate(series, events),
    pruneResolved: (before) => prune.run(before).changes,
    events: (tenantId, fromAt, toAt) => {
      const rows = (
        tenantId
          ? db.prepare('SELECT * FROM alert_events WHERE tenant_id = ? AND at >= ? AND at < ? ORDER BY at').all(tenantId, fromAt, toAt)
          : db.prepare('SELECT * FROM alert_events WHERE at >= ? AND at < ? ORDER BY at').all(fromAt, toAt)
      ) as EventRow[];
      return rows.map((r) => ({
        fingerprint: r.fingerprint,
        ruleId: r.rule_id,
        tenantId: r.tenant_id,
        hostId: r.host_id,
        severity: r.severity,
        at: r.at,
        from: r.from_state,
        to: r.to_state,
        value: r.value,
        suppressed: r.suppressed === 1,
      }));
    },
  };
}
