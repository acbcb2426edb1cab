/**
 * The notice planner: which notices are due for which tenant at `now`. Pure; the set of keys
 * already given is its memory, so a notice is planned at most once however often it runs.
 *
 * Keys: tenant, window, kind, then the window's start instant for the timed kinds (a moved
 * window's reminders follow it to its new time) or the window's version for `moved` and
 * `cancelled` (each change is told once).
 *
 * When a notice is due, and when it goes stale (the rule for late runs after an outage):
 * - `advance`: from `noticeDays` local days before the start (only when that is more than one
 *   day); stale once the day-before reminder is due, which says the same thing later.
 * - `day-before`: from one local day before the start; stale at the start.
 * - `start`: from the start; stale at the end.
 * - `end`: from the end; stale `endLateLimitMs` after it.
 * - `moved`: at once when a scheduled window's times differ from `previous`, or when a window
 *   the tenant was told is cancelled is scheduled again; stale at the (new) end. Reminders
 *   already due for the new time are covered by it rather than sent as well.
 * - `cancelled`: at once when a window is cancelled, or skipped after the tenant was told
 *   about it; stale at the window's end; not again while the last change told was a cancel.
 */
import { instantToLocal, isValidZone, localToInstant, DEFAULT_ZONE } from '../../schedules/zone-clock.ts';
import { DEFAULT_PLANNER_OPTIONS, type DueNotice, type NoticeKind, type NoticeWindow, type PlannerOptions } from './model.ts';

/** The zone notices of `window` are reckoned in: the tenant's, or the default when it is unknown. */
export const noticeZone = (window: Pick<NoticeWindow, 'timeZone'>) => (isValidZone(window.timeZone) ? window.timeZone : DEFAULT_ZONE);

const pairOf = (tenantId: string, windowId: string) => `${encodeURIComponent(tenantId)}|${encodeURIComponent(windowId)}`;
const isChange = (kind: NoticeKind) => kind === 'moved' || kind === 'cancelled';

/** The key of a notice: `tenant|window|kind|<start ISO or vN>`, each part URI-encoded. */
export function noticeKey(window: Pick<NoticeWindow, 'tenantId' | 'windowId' | 'startsAt' | 'version'>, kind: NoticeKind): string {
  const discriminator = isChange(kind) ? `v${window.version}` : new Date(window.startsAt).toISOString();
  return `${pairOf(window.tenantId, window.windowId)}|${kind}|${encodeURIComponent(discriminator)}`;
}

/** What a tenant was already told about one window. */
interface Told {
  kinds: Set<string>;
  /** The change notice (moved or cancelled) of the highest version told. */
  lastChange: { kind: string; version: number } | null;
}

function toldIndex(sent: ReadonlySet<string>): Map<string, Told> {
  const index = new Map<string, Told>();
  for (const key of sent) {
    const [tenant, window, kind, discriminator] = key.split('|');
    if (discriminator === undefined) continue;
    const pair = `${tenant}|${window}`;
    const told = index.get(pair) ?? { kinds: new Set<string>(), lastChange: null };
    told.kinds.add(kind);
    const version = Number(decodeURIComponent(discriminator).slice(1));
    if (isChange(kind as NoticeKind) && (told.lastChange === null || version > told.lastChange.version)) told.lastChange = { kind, version };
    index.set(pair, told);
  }
  return index;
}

/** The instant `days` local days before `at`, at the same wall-clock time, in `zone`. */
export function daysBefore(at: number, days: number, zone: string): number {
  const local = instantToLocal(at, zone);
  return localToInstant(local.day - days, local.minuteOfDay, zone);
}

interface Timed {
  kind: NoticeKind;
  dueAt: number;
  staleAt: number;
}

function timedSchedule(window: NoticeWindow, options: PlannerOptions): Timed[] {
  const zone = noticeZone(window);
  const dayBeforeAt = daysBefore(window.startsAt, 1, zone);
  const schedule: Timed[] = [
    { kind: 'day-before', dueAt: dayBeforeAt, staleAt: window.startsAt },
    { kind: 'start', dueAt: window.startsAt, staleAt: window.endsAt },
    { kind: 'end', dueAt: window.endsAt, staleAt: window.endsAt + options.endLateLimitMs },
  ];
  if (window.noticeDays > 1) schedule.unshift({ kind: 'advance', dueAt: daysBefore(window.startsAt, window.noticeDays, zone), staleAt: dayBeforeAt });
  return schedule;
}

const due = (window: NoticeWindow, kind: NoticeKind, dueAt: number, covers: DueNotice['covers'] = []): DueNotice => ({ key: noticeKey(window, kind), kind, window, dueAt, covers });

function scheduledNotices(window: NoticeWindow, sent: ReadonlySet<string>, told: Told | undefined, now: number, options: PlannerOptions): DueNotice[] {
  const timed = timedSchedule(window, options)
    .filter((entry) => entry.dueAt <= now && now < entry.staleAt)
    .map((entry) => due(window, entry.kind, entry.dueAt))
    .filter((notice) => !sent.has(notice.key));
  const moved =
    (window.previous !== undefined && (window.previous.startsAt !== window.startsAt || window.previous.endsAt !== window.endsAt)) ||
    told?.lastChange?.kind === 'cancelled';
  if (!moved || now >= window.endsAt || sent.has(noticeKey(window, 'moved'))) return timed;
  const reminder = (notice: DueNotice) => notice.kind === 'advance' || notice.kind === 'day-before';
  return [due(window, 'moved', now, timed.filter(reminder).map(({ key, kind }) => ({ key, kind }))), ...timed.filter((notice) => !reminder(notice))];
}

function cancelledNotice(window: NoticeWindow, sent: ReadonlySet<string>, told: Told | undefined, now: number): DueNotice[] {
  if (now >= window.endsAt || sent.has(noticeKey(window, 'cancelled'))) return [];
  if (told?.lastChange?.kind === 'cancelled') return [];
  // A skipped window was never announced unless the tenant heard of it while it was scheduled.
  if (window.status === 'skipped' && !told) return [];
  return [due(window, 'cancelled', now)];
}

/** The notices due at `now` for `windows`, given the keys already `sent`; stale ones are left out. */
export function planNotices(windows: readonly NoticeWindow[], sent: ReadonlySet<string>, now: number, options: PlannerOptions = DEFAULT_PLANNER_OPTIONS): DueNotice[] {
  const told = toldIndex(sent);
  return windows.flatMap((window) => {
    const toldOfWindow = told.get(pairOf(window.tenantId, window.windowId));
    return window.status === 'scheduled' ? scheduledNotices(window, sent, toldOfWindow, now, options) : cancelledNotice(window, sent, toldOfWindow, now);
  });
}
