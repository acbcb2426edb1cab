/** SQLite critical periods (migration 009). */
import type { CriticalPeriod, CriticalPeriodKind } from '../../critical/model.ts';
import type { CriticalPeriodFilter, CriticalPeriodStore } from '../critical-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface PeriodRow {
  id: string;
  tenant_id: string;
  kind: CriticalPeriodKind;
  title: string;
  start_local: string;
  end_local: string;
  starts_at: number;
  ends_at: number;
  host_ids: string;
  products: string;
  contact_ids: string;
  notes: string | null;
  created_at: number;
  created_by: string;
  cancelled_at: number | null;
  cancelled_by: string | null;
  report_id: string | null;
}

const toPeriod = (r: PeriodRow): CriticalPeriod => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  title: r.title,
  startLocal: r.start_local,
  endLocal: r.end_local,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  hostIds: JSON.parse(r.host_ids) as string[],
  products: JSON.parse(r.products) as string[],
  contactIds: JSON.parse(r.contact_ids) as string[],
  notes: r.notes,
  createdAt: r.created_at,
  createdBy: r.created_by,
  cancelledAt: r.cancelled_at,
  cancelledBy: r.cancelled_by,
  reportId: r.report_id,
});

const toRow = (p: CriticalPeriod): PeriodRow => ({
  id: p.id,
  tenant_id: p.tenantId,
  kind: p.kind,
  title: p.title,
  start_local: p.startLocal,
  end_local: p.endLocal,
  starts_at: p.startsAt,
  ends_at: p.endsAt,
  host_ids: JSON.stringify(p.hostIds),
  products: JSON.stringify(p.products),
  contact_ids: JSON.stringify(p.contactIds),
  notes: p.notes,
  created_at: p.createdAt,
  created_by: p.createdBy,
  cancelled_at: p.cancelledAt,
  cancelled_by: p.cancelledBy,
  report_id: p.reportId,
});

export function sqliteCriticalPeriodStore(db: SqlDatabase): CriticalPeriodStore {
  const columns = Object.keys(toRow({} as CriticalPeriod));
  const insert = db.prepare(`INSERT INTO critical_periods (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  const fixed = new Set(['id', 'tenant_id', 'created_at']);
  const update = db.prepare(`UPDATE critical_periods SET ${columns.filter((c) => !fixed.has(c)).map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
  const list = db.prepare<{ tenantId: string | null; fromAt: number | null; toAt: number | null }, PeriodRow>(
    `SELECT * FROM critical_periods
     WHERE (CAST(@tenantId AS TEXT) IS NULL OR tenant_id = @tenantId) AND (CAST(@fromAt AS BIGINT) IS NULL OR ends_at > @fromAt)
       AND (CAST(@toAt AS BIGINT) IS NULL OR starts_at < @toAt)
     ORDER BY starts_at, id`,
  );
  const setReport = db.prepare('UPDATE critical_periods SET report_id = ? WHERE id = ?');
  const active = db.prepare<{ tenantId: string; at: number }, PeriodRow>(
    'SELECT * FROM critical_periods WHERE tenant_id = @tenantId AND cancelled_at IS NULL AND starts_at <= @at AND ends_at > @at ORDER BY starts_at, id',
  );
  return {
    create: (period) => void insert.run(toRow(period)),
    get: oneOf(db.prepare<[string], PeriodRow>('SELECT * FROM critical_periods WHERE id = ?'), toPeriod),
    list: (filter: CriticalPeriodFilter) => list.all({ tenantId: filter.tenantId ?? null, fromAt: filter.fromAt ?? null, toAt: filter.toAt ?? null }).map(toPeriod),
    update: (period) => update.run(toRow(period)).changes > 0,
    endedWithoutReport: allOf(
      db.prepare<[number], PeriodRow>('SELECT * FROM critical_periods WHERE cancelled_at IS NULL AND report_id IS NULL AND ends_at <= ? ORDER BY ends_at, id'),
      toPeriod,
    ),
    setReport: (id, reportId) => setReport.run(reportId, id).changes > 0,
    activeFor: (tenantId, at) => active.all({ tenantId, at }).map(toPeriod),
  };
}
