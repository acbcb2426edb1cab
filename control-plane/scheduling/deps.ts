/**
 * What the scheduling services read besides the store: the track catalog, holiday
 * calendars, global freezes and the horizon; plus lookups every service shares (tracks by
 * id for a tenant, a tenant's freeze rules, the horizon's dates in a zone).
 */
import { formatInstant, formatLocalDate, parseLocalDate, type FreezePeriod, type HolidayCalendars, type Track } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { Host, Store } from '../store/types.ts';
import { freezeRules } from './freeze-rules.ts';
import type { ResolvedTrack, Subscription } from './model.ts';
import { catalogEntry, findCatalogTrack, isPrivateTrackId, parsePrivateTrack, privateEntry, productOf } from './tracks.ts';

/** Days ahead the windows of each track are kept materialised. */
export const HORIZON_DAYS = 180;
/** Who the audit log names for changes the scheduler makes on its own. */
export const SCHEDULER_ACTOR = 'system:scheduler';

/** Who acts: the audit log's name for them, and the only tenant a tenant caller may touch. */
export interface Actor {
  actor: string;
  tenantId: string | null;
}

export interface SchedulingDeps {
  store: Store;
  catalog: readonly Track[];
  calendars: HolidayCalendars;
  globalFreezes: readonly FreezePeriod[];
  horizonDays: number;
  /** Parsed private tracks by key, reused while their stored version is unchanged. */
  privateCache: Map<string, { version: number; track: Track }>;
}

/** [today, today + horizon] as local dates of `zone` at `now`. */
export function horizonDates(zone: string, now: number, days: number): { fromDate: string; toDate: string } {
  const today = formatInstant(now, zone).slice(0, 10);
  return { fromDate: today, toDate: formatLocalDate(parseLocalDate(today) + days) };
}

/** The track `trackId` as `tenantId` sees it (catalog, or its own private one); `NOT_FOUND` otherwise. */
export function resolveTrack(deps: SchedulingDeps, trackId: string, tenantId: string | null): ResolvedTrack {
  if (!isPrivateTrackId(trackId)) {
    const track = findCatalogTrack(deps.catalog, trackId);
    if (!track) throw new AppError('NOT_FOUND', `track ${trackId} not found`);
    return catalogEntry(track);
  }
  const stored = tenantId === null ? undefined : deps.store.tenantSchedules.getPrivateTrack(tenantId, trackId);
  if (!stored || tenantId === null) throw new AppError('NOT_FOUND', `track ${trackId} not found`);
  return privateEntry(parsedPrivate(deps, stored.tenantId, stored.version, stored.spec), tenantId);
}

/** Every private track of every tenant, resolved. */
export function allPrivateTracks(deps: SchedulingDeps): ResolvedTrack[] {
  return deps.store.tenantSchedules.privateTracks(null).map((p) => privateEntry(parsedPrivate(deps, p.tenantId, p.version, p.spec), p.tenantId));
}

function parsedPrivate(deps: SchedulingDeps, tenantId: string, version: number, spec: unknown): Track {
  const key = `${String((spec as { id: string }).id)}@${tenantId}`;
  const cached = deps.privateCache.get(key);
  if (cached?.version === version) return cached.track;
  const track = parsePrivateTrack(spec);
  deps.privateCache.set(key, { version, track });
  return track;
}

// Tax filing is expanded month by month: cover the horizon with a month to spare each side.
const RULE_MARGIN_DAYS = 40;

/** A tenant's freezes as library rules over the horizon around `now`. */
export function tenantRules(deps: SchedulingDeps, tenantId: string, now: number): FreezePeriod[] {
  const { fromDate, toDate } = horizonDates('UTC', now, deps.horizonDays);
  const from = formatLocalDate(parseLocalDate(fromDate) - RULE_MARGIN_DAYS);
  const to = formatLocalDate(parseLocalDate(toDate) + RULE_MARGIN_DAYS);
  return freezeRules(deps.store.tenantSchedules.freezes(tenantId), from, to);
}

/**
 * The hosts a track patches for a tenant: those its subscription lists, else the tenant's
 * hosts of the track's product. Hosts without a product label count for every track (a
 * patch of the deployment may touch them); a private track covers all the tenant's hosts.
 */
export function hostsForTrack(hosts: readonly Host[], resolved: ResolvedTrack, listed: readonly string[] | null): string[] {
  if (listed !== null) {
    const own = new Set(hosts.map((h) => h.id));
    return listed.filter((id) => own.has(id));
  }
  if (resolved.ownerTenantId !== null) return hosts.map((h) => h.id);
  const product = productOf(resolved.track.id);
  return hosts.filter((h) => h.product === null || h.product === product).map((h) => h.id);
}

/** The subscription that brings a tenant to `resolved`: its own, or a batch track's whose alternative it is. */
export function subscriptionFor(deps: SchedulingDeps, subscriptions: readonly Subscription[], resolved: ResolvedTrack): Subscription | undefined {
  return (
    subscriptions.find((s) => s.trackId === resolved.track.id) ??
    subscriptions.find((s) => findCatalogTrack(deps.catalog, s.trackId)?.alternativeTrack === resolved.track.id)
  );
}
