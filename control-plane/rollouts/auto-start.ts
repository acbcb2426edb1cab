/**
 * Which rollouts a window starts when it opens (pure). For each tenant the window covers:
 *
 * - booked coverage (`via: booking`): the release its booking names, if any;
 * - otherwise: the newest release of the window's track visible to the tenant (shared, or
 *   the tenant's own) registered before the window started and cleared for rollout (its
 *   security audit passed where one is needed).
 *
 * Hosts where that release already succeeded are left out; hosts are grouped by release,
 * one rollout per (window, release).
 */
import type { Booking, PatchWindow, Release } from '../scheduling/model.ts';

/** A rollout the window should start: the release and the hosts it goes to. */
export interface DueRollout {
  releaseId: string;
  hostIds: string[];
}

/** What the rule reads: the window, its track's releases, bookings and past successes. */
export interface DueInput {
  window: PatchWindow;
  /** Releases of the window's track. */
  releases: readonly Release[];
  bookings: ReadonlyMap<string, Booking>;
  /** Hosts that succeeded with a release. */
  succeeded: (releaseId: string) => ReadonlySet<string>;
  /** Whether a release may be rolled out (audit passed where one is needed). */
  cleared: (release: Release) => boolean;
}

function releaseFor(input: DueInput, tenantId: string, bookingIds: readonly string[]): Release | undefined {
  const { window, releases } = input;
  const booked = bookingIds.map((id) => input.bookings.get(id)?.releaseId).find((id): id is string => typeof id === 'string');
  if (booked !== undefined) return releases.find((r) => r.id === booked && input.cleared(r));
  return releases
    .filter((r) => (r.tenantId === null || r.tenantId === tenantId) && r.createdAt < window.startAt && input.cleared(r))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))[0];
}

/** The rollouts `window` should start, by release id. */
export function dueRollouts(input: DueInput): DueRollout[] {
  if (input.window.status !== 'scheduled') return [];
  const byRelease = new Map<string, string[]>();
  for (const coverage of input.window.coverage) {
    if (coverage.status !== 'covered' || coverage.hostIds.length === 0) continue;
    const release = releaseFor(input, coverage.tenantId, coverage.via === 'booking' ? coverage.bookingIds : []);
    if (!release) continue;
    const done = input.succeeded(release.id);
    const hosts = coverage.hostIds.filter((id) => !done.has(id));
    if (hosts.length > 0) byRelease.set(release.id, [...(byRelease.get(release.id) ?? []), ...hosts]);
  }
  return [...byRelease].map(([releaseId, hostIds]) => ({ releaseId, hostIds: [...new Set(hostIds)].sort() }));
}
