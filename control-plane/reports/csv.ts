/**
 * The report's tables as CSV (RFC 4180: CRLF lines, fields quoted when they hold a comma,
 * quote or line break, quotes doubled). Text cells that a spreadsheet would run as a formula
 * (starting with = + - @ tab or CR) are prefixed with an apostrophe; numbers are left as numbers.
 */
import type { ReportContent } from './model.ts';

/** One CSV value; null is an empty field. */
export type Cell = string | number | boolean | null;

/** A header and its rows. */
export interface CsvTable {
  header: string[];
  rows: Cell[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field, guarded and quoted as needed. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(String(cell)) ? `'${cell}` : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole table as RFC 4180 text. */
export function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Every table of a report, by the name `?table=` takes. */
export function reportTables(report: ReportContent): Record<string, CsvTable> {
  const { availability, incidents, patching, capacity, support, hosts } = report;
  return {
    hosts: { header: ['host_id', 'name', 'product', 'created_at', 'revoked_at'], rows: hosts.items.map((h) => [h.id, h.name, h.product, h.createdAt, h.revokedAt]) },
    'host-changes': { header: ['host_id', 'host', 'at', 'kind', 'detail'], rows: hosts.changes.map((c) => [c.hostId, c.hostName, c.at, c.kind, c.detail]) },
    availability: {
      header: ['host_id', 'host', 'expected_seconds', 'maintenance_seconds', 'up_seconds', 'downtime_seconds', 'availability'],
      rows: availability.hosts.map((h) => [h.hostId, h.hostName, h.expectedSeconds, h.maintenanceSeconds, h.upSeconds, h.downtimeSeconds, h.availability]),
    },
    alerts: { header: ['rule', 'firings'], rows: report.alerts.byRule.map((t) => [t.key, t.count]) },
    incidents: {
      header: ['id', 'rule', 'category', 'severity', 'host_id', 'title', 'plan', 'calendar', 'opened_at', 'response_due_at', 'acknowledged_at', 'resolved_at', 'response_business_seconds', 'resolution_business_seconds', 'deadline'],
      rows: incidents.items.map((i) => [i.id, i.ruleId, i.category, i.severity, i.hostId, i.title, i.plan, i.calendar, i.openedAt, i.responseDueAt, i.acknowledgedAt, i.resolvedAt, i.responseBusinessSeconds, i.resolutionBusinessSeconds, i.deadline]),
    },
    windows: { header: ['id', 'track', 'start_at', 'end_at', 'status', 'reason'], rows: patching.windows.items.map((w) => [w.id, w.trackId, w.startAt, w.endAt, w.status, w.reason]) },
    plans: {
      header: ['plan_id', 'rollout_id', 'host_id', 'host', 'at', 'state', 'version_before', 'version_after', 'reason', 'event_id'],
      rows: patching.plans.items.map((p) => [p.planId, p.rolloutId, p.hostId, p.hostName, p.at, p.state, p.versionBefore, p.versionAfter, p.reason, p.eventId]),
    },
    bookings: {
      header: ['id', 'track', 'slot_date', 'state', 'requested_at', 'honoured', 'moves'],
      rows: patching.slots.items.map((b) => [b.id, b.trackId, b.slotDate, b.state, b.requestedAt, b.honoured ? 'yes' : 'no', b.moves.map((m) => `${m.at} ${m.action}: ${m.reason ?? ''}`).join('; ')]),
    },
    capacity: {
      header: ['host_id', 'host', 'cpu_p95', 'memory_p95', 'hours', 'mount', 'disk_last_percent', 'disk_growth_percent_per_day', 'days_to_full'],
      rows: capacity.hosts.flatMap((h) =>
        (h.disks.length ? h.disks : [null]).map((d) => [h.hostId, h.hostName, h.cpuP95, h.memoryP95, h.hours, d?.mount ?? null, d?.lastPercent ?? null, d?.growthPercentPerDay ?? null, d?.daysToFull ?? null]),
      ),
    },
    support: {
      header: ['dimension', 'key', 'count'],
      rows: [...support.byChannel.map((t) => ['channel', t.key, t.count]), ...support.byCategory.map((t) => ['category', t.key, t.count])],
    },
    recommendations: {
      header: ['rule', 'severity', 'subject', 'facts', 'source', 'ids'],
      rows: report.recommendations.map((r) => [r.rule, r.severity, r.subject, JSON.stringify(r.facts), r.trace.source, r.trace.ids.join(' ')]),
    },
    // Empty in a service report; a critical-period report fills them.
    'critical-incidents': {
      header: ['id', 'host_id', 'title', 'severity', 'opened_at', 'response_due_at', 'responded_at', 'responded_by', 'response_seconds', 'deadline'],
      rows: (report.critical?.response.items ?? []).map((i) => [i.id, i.hostId, i.title, i.severity, i.openedAt, i.responseDueAt, i.respondedAt, i.respondedBy, i.responseSeconds, i.deadline]),
    },
    'critical-actions': {
      header: ['at', 'kind', 'actor', 'subject', 'detail'],
      rows: (report.critical?.actions.items ?? []).map((a) => [a.at, a.kind, a.actor, a.subject, a.detail]),
    },
  };
}

/** Names of the tables a report downloads as CSV. */
export const CSV_TABLES = [
  'hosts', 'host-changes', 'availability', 'alerts', 'incidents', 'windows', 'plans', 'bookings', 'capacity', 'support', 'recommendations', 'critical-incidents', 'critical-actions',
] as const;
