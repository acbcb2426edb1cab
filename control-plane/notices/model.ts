/**
 * What window notices are planned from and what the planner answers. `NoticeWindow` is this
 * module's own input shape: whoever owns windows (scheduling) fills it in through a
 * `NoticeSource`, so notices do not depend on how windows are stored.
 */
import type { NoticeKind } from '../store/notice-types.ts';

export type { NoticeKind } from '../store/notice-types.ts';

/** Every notice kind. */
export const NOTICE_KINDS: readonly NoticeKind[] = ['advance', 'day-before', 'start', 'end', 'moved', 'cancelled'];

/** One window as one tenant is affected by it (a window shared by tenants appears once per tenant). */
export interface NoticeWindow {
  windowId: string;
  trackId: string;
  trackName: string;
  tenantId: string;
  tenantName: string;
  /** The tenant's IANA zone: notice times are shown and days counted in it. */
  timeZone: string;
  startsAt: number;
  endsAt: number;
  status: 'scheduled' | 'skipped' | 'cancelled';
  /** Goes up by one each time the window's times or status change, and only then. */
  version: number;
  /** The times before the latest move, when the window was moved. */
  previous?: { startsAt: number; endsAt: number };
  /** The track's notice period in days (7 for the multi-tenant batch track). */
  noticeDays: number;
  /** The tenant's hosts the window patches. */
  hostNames: readonly string[];
  release?: { version: string; kind: string };
}

/** Which windows a source is asked for. */
export type NoticeQuery =
  /** Windows (any status) whose [startsAt, endsAt] overlaps [fromAt, toAt]. */
  | { fromAt: number; toAt: number }
  /** These windows, whatever their times (they just changed). */
  | { windowIds: readonly string[] };

/** Where the notices plugin reads windows from; the scheduling side implements it. */
export interface NoticeSource {
  /** One entry per (window, affected tenant); synchronous, read from the store. */
  windows(query: NoticeQuery): NoticeWindow[];
}

/** A notice due now for one tenant. */
export interface DueNotice {
  /** Stable key: the same notice always has the same key (see `noticeKey`). */
  key: string;
  kind: NoticeKind;
  window: NoticeWindow;
  /** When the notice became due (a moved or cancelled notice: `now`). */
  dueAt: number;
  /** Notices this one says already, recorded with it and never sent on their own. */
  covers: ReadonlyArray<{ key: string; kind: NoticeKind }>;
}

/** Planner settings. */
export interface PlannerOptions {
  /** How long after a window's end its `end` notice is still worth sending. */
  endLateLimitMs: number;
}

/** Defaults: an `end` notice goes out up to 12 hours late. */
export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { endLateLimitMs: 12 * 3_600_000 };
