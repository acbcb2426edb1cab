/**
 * The scheduling service the app is decorated with: reads and writes for the routes, and
 * the materialisation loop. Changes that can move windows (subscriptions, freezes, private
 * tracks, confirmed bookings, the catalog or calendars) ask for a recompute, debounced, and
 * runs never overlap. Listeners hear about changed windows and every booking change.
 */
import { performance } from 'node:perf_hooks';
import type { FreezePeriod, HolidayCalendars, Track, TrackSpec } from '../../schedules/core.ts';
import { changeBooking, requestBooking, type BookingChange, type BookingCommand, type BookingRequest } from './booking-service.ts';
import { touchesCoverage } from './booking-machine.ts';
import { allPrivateTracks, resolveTrack, type Actor, type SchedulingDeps } from './deps.ts';
import { materialiseAll, type MaterialiseResult } from './materialiser.ts';
import type { DayRange, PrivateTrack, ResolvedTrack, Subscription, TenantFreeze } from './model.ts';
import { listSlots } from './slot-service.ts';
import { catalogEntry } from './tracks.ts';
import * as settings from './tenant-schedule-service.ts';
import type { WindowChange } from './window-diff.ts';

/** What one materialisation run changed; `why` lists the triggers it covers. */
export interface WindowsChangedEvent {
  at: number;
  why: string[];
  changes: WindowChange[];
}

/** A booking change as listeners hear it. */
export interface BookingChangedEvent extends BookingChange {
  at: number;
  actor: string;
}

export interface SchedulingHooks {
  clock: () => number;
  log: { info(o: object, m: string): void; debug(o: object, m: string): void; error(o: object, m: string): void };
  /** Maintenance periods changed: the alert engine reloads its mutes. */
  mutesChanged(now: number): void;
  debounceMs: number;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SchedulingService {
  private readonly windowListeners = new Set<(event: WindowsChangedEvent) => void>();
  private readonly bookingListeners = new Set<(event: BookingChangedEvent) => void>();
  private readonly pendingWhy = new Set<string>();
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly deps: SchedulingDeps,
    private readonly hooks: SchedulingHooks,
  ) {}

  /** Listens to window changes; returns the function that stops listening. */
  onWindowsChanged(listener: (event: WindowsChangedEvent) => void): () => void {
    this.windowListeners.add(listener);
    return () => this.windowListeners.delete(listener);
  }

  /** Listens to booking changes (requested, confirmed, approved, rejected, cancelled, rescheduled, moved). */
  onBookingChanged(listener: (event: BookingChangedEvent) => void): () => void {
    this.bookingListeners.add(listener);
    return () => this.bookingListeners.delete(listener);
  }

  /** Asks for a recompute soon; triggers within the debounce interval share one run. */
  changed(why: string): void {
    if (this.closed) return;
    this.pendingWhy.add(why);
    this.debounce ??= setTimeout(() => {
      this.debounce = null;
      this.recompute(this.hooks.clock()).catch((error: unknown) => this.hooks.log.error({ err: error }, 'window materialisation failed'));
    }, this.hooks.debounceMs);
    this.debounce.unref?.();
  }

  /** Runs a materialisation at `now` (after any run under way), covering every pending trigger. */
  recompute(now: number, why?: string): Promise<MaterialiseResult> {
    if (why) this.pendingWhy.add(why);
    this.clearDebounce();
    const run = this.chain.then(() => this.runOnce(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Runs a pending debounced recompute now, if there is one (tests, shutdown). */
  async flush(): Promise<MaterialiseResult | null> {
    if (!this.debounce) {
      await this.chain;
      return null;
    }
    return this.recompute(this.hooks.clock());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearDebounce();
    await this.chain;
  }

  /** Replaces the track catalog (e.g. a reloaded tracks file). */
  setCatalog(catalog: readonly Track[]): void {
    this.deps.catalog = catalog;
    this.changed('track catalog changed');
  }

  /** Replaces the holiday calendars (e.g. a year added). */
  setCalendars(calendars: HolidayCalendars): void {
    this.deps.calendars = calendars;
    this.changed('holiday calendars changed');
  }

  /** Replaces the global freezes. */
  setGlobalFreezes(freezes: readonly FreezePeriod[]): void {
    this.deps.globalFreezes = freezes;
    this.changed('global freezes changed');
  }

  /** The catalog plus the private tracks `tenantId` may see (every tenant's for null). */
  tracksFor(tenantId: string | null): ResolvedTrack[] {
    const own = allPrivateTracks(this.deps).filter((t) => tenantId === null || t.ownerTenantId === tenantId);
    return [...this.deps.catalog.map(catalogEntry), ...own];
  }

  resolve(trackId: string, tenantId: string | null): ResolvedTrack {
    return resolveTrack(this.deps, trackId, tenantId);
  }

  slots(resolved: ResolvedTrack, tenantId: string | null, query: Parameters<typeof listSlots>[3], now: number) {
    return listSlots(this.deps, resolved, tenantId, query, now);
  }

  book(request: BookingRequest, by: Actor, now: number): BookingChange {
    return this.bookingChanged(requestBooking(this.deps, request, by, now), by, now);
  }

  changeBooking(bookingId: string, command: BookingCommand, by: Actor, now: number): BookingChange {
    return this.bookingChanged(changeBooking(this.deps, bookingId, command, by, now), by, now);
  }

  replaceSubscriptions(tenantId: string, items: readonly settings.SubscriptionInput[], by: Actor, now: number): Subscription[] {
    const result = settings.replaceSubscriptions(this.deps, tenantId, items, by, now);
    if (result.changed) this.changed(`subscriptions of ${tenantId} changed by ${by.actor}`);
    return result.items;
  }

  createFreeze(tenantId: string, input: settings.FreezeInput, by: Actor, now: number): TenantFreeze {
    return this.settingChanged(settings.createFreeze(this.deps, tenantId, input, by, now), `freeze added for ${tenantId} by ${by.actor}`);
  }

  deleteFreeze(tenantId: string, freezeId: string, by: Actor, now: number): TenantFreeze {
    return this.settingChanged(settings.deleteFreeze(this.deps, tenantId, freezeId, by, now), `freeze deleted for ${tenantId} by ${by.actor}`);
  }

  setTaxFilingMonth(tenantId: string, freezeId: string, month: string, range: DayRange | null | 'default', by: Actor, now: number): TenantFreeze {
    return this.settingChanged(settings.setTaxFilingMonth(this.deps, tenantId, freezeId, month, range, by, now), `tax filing ${month} changed for ${tenantId} by ${by.actor}`);
  }

  savePrivateTrack(tenantId: string, spec: TrackSpec, mode: 'create' | 'update', by: Actor, now: number): PrivateTrack {
    return this.settingChanged(settings.savePrivateTrack(this.deps, tenantId, spec, mode, by, now), `private track of ${tenantId} ${mode}d by ${by.actor}`);
  }

  private settingChanged<T>(result: T, why: string): T {
    this.changed(why);
    return result;
  }

  private bookingChanged(change: BookingChange, by: Actor, now: number): BookingChange {
    if (touchesCoverage(change.before, change.after)) this.changed(`booking ${change.after.id} ${change.action} by ${by.actor}`);
    for (const listener of this.bookingListeners) this.safely(() => listener({ ...change, at: now, actor: by.actor }));
    return change;
  }

  private async runOnce(now: number): Promise<MaterialiseResult> {
    const why = [...this.pendingWhy];
    this.pendingWhy.clear();
    const startedAt = performance.now();
    const result = await materialiseAll(this.deps, now, why.join('; ') || 'requested', pause);
    const summary = { why, tracks: result.tracks, changed: result.changes.length, unchanged: result.unchanged, ms: Math.round(performance.now() - startedAt) };
    if (result.changes.length === 0) {
      this.hooks.log.debug(summary, 'windows materialised: no changes');
      return result;
    }
    const kinds: Record<string, number> = {};
    for (const change of result.changes) for (const kind of change.kinds) kinds[kind] = (kinds[kind] ?? 0) + 1;
    this.hooks.log.info({ ...summary, kinds }, 'windows materialised');
    this.hooks.mutesChanged(now);
    for (const listener of this.windowListeners) this.safely(() => listener({ at: now, why, changes: result.changes }));
    return result;
  }

  /** A failing listener is logged; it must not undo a committed change or stop the others. */
  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.hooks.log.error({ err: error }, 'scheduling listener failed');
    }
  }

  private clearDebounce(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
  }
}
