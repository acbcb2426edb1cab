/**
 * Pure helpers of the critical-period pages: the declare form checked into a request, where
 * a period stands against now (its countdown), what it covers, and the board's host health
 * kept current from live host pushes.
 */
import type { CriticalTextKey } from './i18n/critical-text.ts';
import type { BoardHost, CriticalBoard, CriticalPeriod, CriticalPeriodKind, NewCriticalPeriod } from './critical-types.ts';
import type { HostSummary } from './types.ts';
import { wallTimeToInstant } from './zoned-time.ts';

/** The longest period the server accepts, in days (the contract's limit). */
export const MAX_PERIOD_DAYS = 62;
const DAY_MS = 86_400_000;

/** The declare form's fields as typed. */
export interface DeclareForm {
  tenantId: string;
  kind: CriticalPeriodKind;
  title: string;
  /** `YYYY-MM-DDTHH:mm` in the tenant's zone. */
  start: string;
  end: string;
  hostIds: readonly string[];
  products: readonly string[];
  contactIds: readonly string[];
  notes: string;
}

/** What is wrong with a form, as a message key and its values. */
export interface FormProblem {
  key: CriticalTextKey;
  params?: Record<string, number>;
}

/**
 * The request the form describes, or what is wrong with it. The range is read in the
 * tenant's zone, as the server reads it; empty lists are left out (every host of the tenant).
 */
export function declareRequest(form: DeclareForm, zone: string): { body: NewCriticalPeriod } | { problem: FormProblem } {
  const title = form.title.trim();
  if (!title) return { problem: { key: 'declare.badTitle' } };
  const startAt = wallTimeToInstant(form.start, zone);
  const endAt = wallTimeToInstant(form.end, zone);
  if (startAt === null || endAt === null || endAt <= startAt) return { problem: { key: 'declare.badRange' } };
  if (endAt - startAt > MAX_PERIOD_DAYS * DAY_MS) return { problem: { key: 'declare.tooLong', params: { days: MAX_PERIOD_DAYS } } };
  const notes = form.notes.trim();
  const body: NewCriticalPeriod = { tenantId: form.tenantId, kind: form.kind, title, start: form.start, end: form.end };
  if (form.hostIds.length > 0) body.hostIds = [...form.hostIds];
  if (form.products.length > 0) body.products = [...form.products];
  if (form.contactIds.length > 0) body.contactIds = [...form.contactIds];
  if (notes) body.notes = notes;
  return { body };
}

/**
 * Where a period stands at `now`, for the board's header: it starts in, ends in (seconds),
 * has ended or was cancelled. Counted from the instants, so it moves between server pushes;
 * an end or cancellation the server reports stands even when the browser's clock is behind.
 */
export type PeriodClock = { kind: 'starts'; seconds: number } | { kind: 'ends'; seconds: number } | { kind: 'ended' } | { kind: 'cancelled' };

export function periodClock(period: Pick<CriticalPeriod, 'startsAt' | 'endsAt' | 'cancelledAt' | 'state'>, now: number): PeriodClock {
  if (period.cancelledAt !== null || period.state === 'cancelled') return { kind: 'cancelled' };
  const startsAt = Date.parse(period.startsAt);
  const endsAt = Date.parse(period.endsAt);
  if (period.state === 'ended' || now >= endsAt) return { kind: 'ended' };
  if (now < startsAt) return { kind: 'starts', seconds: Math.ceil((startsAt - now) / 1000) };
  return { kind: 'ends', seconds: Math.ceil((endsAt - now) / 1000) };
}

/** What a period covers: every host of the tenant, or the named hosts and products. */
export type Coverage = { kind: 'all' } | { kind: 'some'; hostNames: string[]; products: string[] };

/** The coverage of a period; hosts the page does not know keep their id. */
export function coverageOf(period: Pick<CriticalPeriod, 'hostIds' | 'products'>, hostNames: ReadonlyMap<string, string>): Coverage {
  if (period.hostIds.length === 0 && period.products.length === 0) return { kind: 'all' };
  return { kind: 'some', hostNames: period.hostIds.map((id) => hostNames.get(id) ?? id), products: [...period.products] };
}

/** The products a tenant's hosts run, sorted, each once; hosts without one are left out. */
export function productsOf(hosts: ReadonlyArray<Pick<HostSummary, 'product'>>): string[] {
  return [...new Set(hosts.map((host) => host.product).filter((product): product is string => product !== null && product !== ''))].sort();
}

/** Latest first: active and scheduled periods by start, then the rest. */
export function sortPeriods(periods: readonly CriticalPeriod[]): CriticalPeriod[] {
  const rank = (period: CriticalPeriod) => (period.state === 'active' ? 0 : period.state === 'scheduled' ? 1 : 2);
  return [...periods].sort((a, b) => rank(a) - rank(b) || Date.parse(b.startsAt) - Date.parse(a.startsAt));
}

/**
 * The board with live host pushes applied: a covered host takes its pushed status and last
 * report, and the up/stale/down counts follow. Hosts the period does not cover are ignored.
 */
export function applyHostPush(board: CriticalBoard, pushed: ReadonlyArray<Pick<HostSummary, 'id' | 'status' | 'lastSeenAt'>>): CriticalBoard {
  const byId = new Map(pushed.map((host) => [host.id, host]));
  if (!board.hosts.some((host) => byId.has(host.id))) return board;
  const hosts: BoardHost[] = board.hosts.map((host) => {
    const update = byId.get(host.id);
    return update ? { ...host, status: update.status, lastSeenAt: update.lastSeenAt } : host;
  });
  const count = (status: BoardHost['status']) => hosts.filter((host) => host.status === status).length;
  return { ...board, hosts, counts: { ...board.counts, up: count('up'), stale: count('stale'), down: count('down') } };
}

const RULE_PROBLEMS: Record<string, FormProblem> = {
  LOCAL_TIME_INVALID: { key: 'declare.badRange' },
  END_NOT_AFTER_START: { key: 'declare.badRange' },
  TOO_LONG: { key: 'declare.tooLong', params: { days: MAX_PERIOD_DAYS } },
  ALREADY_OVER: { key: 'declare.alreadyOver' },
  NOT_OF_TENANT: { key: 'declare.notOfTenant' },
};

/** The form problem a server refusal names in its `details.rule`, or null for any other error (shown by its code). */
export function refusalProblem(error: unknown): FormProblem | null {
  const rule = (error as { details?: { rule?: unknown } } | null)?.details?.rule;
  return typeof rule === 'string' ? (RULE_PROBLEMS[rule] ?? null) : null;
}
