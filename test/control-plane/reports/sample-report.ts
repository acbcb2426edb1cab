/** A small report with hostile strings in every free-text field, for renderer tests. */
import type { ReportContent } from '../../../control-plane/reports/model.ts';

const EVIL = '<img src=x onerror=alert(1)>';
const t = { source: 's', inputs: {}, ids: [] };

export function sampleReport(): ReportContent {
  return {
    schemaVersion: 1,
    tenant: { id: 'ten_1', name: '</title><script>alert(1)</script>', plan: 'standard', timeZone: 'Asia/Shanghai' },
    period: { kind: 'half-year', label: '2026-H1', zone: 'Asia/Shanghai', fromAt: '2025-12-31T16:00:00.000Z', toAt: '2026-06-30T16:00:00.000Z', fromDate: '2026-01-01', toDate: '2026-06-30' },
    generatedAt: '2026-06-30T18:00:00.000Z',
    locale: 'en',
    hosts: {
      atStart: 1, atEnd: 1, added: 0, removed: 0,
      items: [{ id: 'h1', name: EVIL, product: null, createdAt: '2025-01-01T00:00:00.000Z', revokedAt: null }],
      changes: [{ hostId: 'h1', hostName: EVIL, at: '2026-02-01T00:00:00.000Z', kind: 'facts-changed', detail: '=HYPERLINK("http://evil")' }],
      trace: t,
    },
    availability: {
      tenant: { expectedSeconds: 3600, maintenanceSeconds: 0, upSeconds: 3600, downtimeSeconds: 0, availability: 1 },
      hosts: [{ hostId: 'h1', hostName: EVIL, expectedSeconds: 3600, maintenanceSeconds: 0, upSeconds: 3600, downtimeSeconds: 0, availability: 1, trace: t }],
      method: 'm',
      trace: t,
    },
    alerts: { firings: 2, suppressedFirings: 0, byCategory: [{ key: EVIL, count: 2 }], bySeverity: [{ key: 'warning', count: 2 }], byRule: [{ key: EVIL, count: 2 }], mostRecurrent: [{ fingerprint: 'f', ruleId: EVIL, hostId: 'h1', hostName: EVIL, count: 2 }], trace: t },
    incidents: {
      count: 1, byCategory: [{ key: 'capacity', count: 1 }], bySeverity: [{ key: 'warning', count: 1 }], byRule: [{ key: 'cpu-high', count: 1 }],
      response: { count: 1, meanBusinessHours: 1, medianBusinessHours: 1, maxBusinessHours: 1 },
      resolution: { count: 0, meanBusinessHours: null, medianBusinessHours: null, maxBusinessHours: null },
      deadline: { withinBusinessSeconds: { standard: 28_800 }, met: 1, missed: 0, pending: 0, undetermined: 0, shareWithin: 1 },
      items: [{ id: 'i1', ruleId: 'cpu-high', category: 'capacity', severity: 'warning', hostId: 'h1', title: EVIL, plan: 'standard', calendar: '5x8', openedAt: '2026-03-13T08:00:00.000Z', responseDueAt: null, acknowledgedAt: null, resolvedAt: null, responseBusinessSeconds: 3600, resolutionBusinessSeconds: null, deadline: 'met', problem: null }],
      trace: t,
    },
    patching: {
      windows: { held: 1, upcoming: 0, skipped: 0, cancelled: 0, skipReasons: [], items: [], trace: t },
      plans: { succeeded: 1, failed: 1, rolledBack: 0, versionsApplied: [EVIL], items: [{ planId: 'p', rolloutId: 'r', hostId: 'h1', hostName: 'erp-db', at: '2026-04-18T15:00:00.000Z', state: 'failed', versionBefore: '1.0', versionAfter: null, reason: EVIL, eventId: 7 }], trace: t },
      slots: { requested: 1, honoured: 0, moved: 1, rejected: 0, cancelled: 0, items: [{ id: 'b', trackId: 'xingkong/st-standard', slotDate: '2026-05-09', state: 'confirmed', requestedAt: '2026-05-01T00:00:00.000Z', honoured: false, moves: [{ at: '2026-05-02T02:00:00.000Z', action: 'booking.moved', reason: 'ops <b>capacity</b>' }] }], trace: t },
    },
    capacity: { method: 'c', hosts: [{ hostId: 'h1', hostName: EVIL, cpuP95: 50, memoryP95: 60, hours: 10, disks: [{ mount: EVIL, lastPercent: 70, growthPercentPerDay: 1, daysToFull: 30, hours: 10 }], trace: t }] },
    support: { count: 0, byChannel: [], byCategory: [], firstResponseMinutes: { count: 0, mean: null, median: null }, resolutionHours: { count: 0, mean: null, median: null }, trace: t },
    recommendations: [{ rule: 'disk-full-soon', severity: 'warning', subject: 'h1', facts: { host: EVIL, mount: '/', days: 30, lastPercent: 70, perDay: 1 }, trace: t }],
  };
}
