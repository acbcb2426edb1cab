/** Shared pieces of the notice tests: windows at fixed instants and sources over plain arrays. */
import type { CalendarSource, TenantCalendar } from '../../../control-plane/notices/calendar.ts';
import type { NoticeQuery, NoticeSource, NoticeWindow } from '../../../control-plane/notices/model.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Saturday 2026-03-14 22:00 in Shanghai (14:00 UTC): the batch track's March window. */
export const T0 = Date.parse('2026-03-14T22:00:00+08:00');

/** The multi-tenant batch window of March 2026 for tenant Acme; `overrides` replace fields. */
export function batchWindow(overrides: Partial<NoticeWindow> = {}): NoticeWindow {
  return {
    windowId: 'win_mt_2026_03',
    trackId: 'xingkong/mt-standard',
    trackName: '星空 multi-tenant standard patch',
    tenantId: 'ten_acme',
    tenantName: 'Acme',
    timeZone: 'Asia/Shanghai',
    startsAt: T0,
    endsAt: T0 + 8 * HOUR,
    status: 'scheduled',
    version: 1,
    noticeDays: 7,
    hostNames: ['erp-app-02', 'erp-app-01', 'erp-db-01'],
    release: { version: '2026.03.1', kind: 'standard patch' },
    ...overrides,
  };
}

/** A notice source over an array the test changes as windows change (the seam the lead implements). */
export function arraySource(windows: NoticeWindow[]): NoticeSource & { queries: NoticeQuery[] } {
  const queries: NoticeQuery[] = [];
  return {
    queries,
    windows(query) {
      queries.push(query);
      if ('windowIds' in query) return windows.filter((window) => query.windowIds.includes(window.windowId));
      return windows.filter((window) => window.endsAt >= query.fromAt && window.startsAt <= query.toAt);
    },
  };
}

/** A calendar source over calendars per tenant id (filled in by the test); it remembers which tenants were asked for. */
export function fixedCalendars(): CalendarSource & { byTenant: Record<string, TenantCalendar>; asked: string[] } {
  const byTenant: Record<string, TenantCalendar> = {};
  const asked: string[] = [];
  return {
    byTenant,
    asked,
    tenantCalendar(tenantId) {
      asked.push(tenantId);
      return byTenant[tenantId] ?? { events: [], freezes: [] };
    },
  };
}

/** A logger stream that keeps every JSON line, to search for leaked secrets. */
export function captureLines(): { lines: string[]; stream: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, stream: { write: (line: string) => void lines.push(line) } };
}
