/**
 * Tracks as the control plane sees them: the shared catalog plus each tenant's private
 * tracks (checked by the `schedules` rules), resolved to one key that is unique across both.
 */
import { ScheduleError, parseTracks, type Track } from '../../schedules/core.ts';
import { AppError } from '../errors.ts';
import type { ResolvedTrack } from './model.ts';

export const PRIVATE_PREFIX = 'private/';

/** The store key of a track: catalog ids as they are, private ones with their owner. */
export const trackKey = (trackId: string, ownerTenantId: string | null): string => (ownerTenantId === null ? trackId : `${trackId}@${ownerTenantId}`);

export const isPrivateTrackId = (trackId: string): boolean => trackId.startsWith(PRIVATE_PREFIX);

/** Tracks with fixed windows are batches; on-request tracks have bookable slots. */
export const isOnRequest = (track: Track): boolean => track.cadence.kind === 'on-request';

/** The product a track patches: the part of its id before the slash. */
export const productOf = (trackId: string): string => trackId.slice(0, trackId.indexOf('/'));

/** A catalog track as a resolved track. */
export const catalogEntry = (track: Track): ResolvedTrack => ({ track, ownerTenantId: null, key: track.id });

/** A tenant's private track as a resolved track. */
export const privateEntry = (track: Track, tenantId: string): ResolvedTrack => ({ track, ownerTenantId: tenantId, key: trackKey(track.id, tenantId) });

/**
 * Checks a private track spec with the catalog's own rules plus two of its own: the id is
 * `private/<name>`, and there is no alternative track (a private deployment books its own
 * slots). Throws `VALIDATION_FAILED` listing every issue.
 */
export function parsePrivateTrack(spec: unknown): Track {
  const id = (spec as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !isPrivateTrackId(id)) throw new AppError('VALIDATION_FAILED', `a private track id must be ${PRIVATE_PREFIX}<name>, e.g. private/erp`);
  if ((spec as { alternativeTrack?: unknown }).alternativeTrack !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'a private track cannot name an alternativeTrack: book its own on-request slots instead');
  }
  try {
    return parseTracks({ tracks: [spec] }, `private track ${id}`)[0];
  } catch (error) {
    if (error instanceof ScheduleError) throw new AppError('VALIDATION_FAILED', error.message, { issues: error.issues });
    throw error;
  }
}

/** The catalog track with `trackId`, or undefined. */
export const findCatalogTrack = (catalog: readonly Track[], trackId: string): Track | undefined => catalog.find((t) => t.id === trackId);

/** Batch tracks of the catalog whose alternative is `trackId` (a tenant of them may book it instead). */
export const batchTracksWithAlternative = (catalog: readonly Track[], trackId: string): Track[] =>
  catalog.filter((t) => t.alternativeTrack === trackId && !isOnRequest(t));
