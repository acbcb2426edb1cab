/**
 * Calendar feed tokens: a secret in the subscription URL (calendar clients cannot send a
 * header), shown once, kept as its SHA-256 and revocable. An unknown or revoked token reads
 * as not found, like any other missing thing.
 */
import { AppError } from '../errors.ts';
import { newId, newSecret, sha256 } from '../auth/secrets.ts';
import type { IcsFeed, IcsFeedStore, Store } from '../store/types.ts';
import { tenantCalendarIcs, type CalendarSource } from './calendar.ts';

/** A tenant has at most this many live feeds. */
export const MAX_FEEDS_PER_TENANT = 20;

/** How far back and ahead a feed reaches. */
export const FEED_PAST_MS = 31 * 86_400_000;
export const FEED_AHEAD_MS = 366 * 86_400_000;

/** The path a feed is fetched from. */
export const feedPath = (token: string) => `/ics/${token}.ics`;

/** Creates a feed; the token is returned once and only its hash is kept. */
export function createIcsFeed(feeds: IcsFeedStore, tenantId: string, name: string, now: number): { token: string; feed: IcsFeed } {
  if (feeds.list(tenantId).filter((feed) => feed.revokedAt === null).length >= MAX_FEEDS_PER_TENANT) {
    throw new AppError('CONFLICT', `a tenant may have at most ${MAX_FEEDS_PER_TENANT} calendar feeds; revoke one first`);
  }
  const token = newSecret('twc_');
  const feed: IcsFeed = { id: newId('ics'), tenantId, name, tokenHash: sha256(token), createdAt: now, revokedAt: null };
  feeds.create(feed);
  return { token, feed };
}

/** The live feed of `token`, or NOT_FOUND. */
export function feedOfToken(feeds: IcsFeedStore, token: string): IcsFeed {
  const feed = feeds.findByHash(sha256(token));
  if (!feed || feed.revokedAt !== null) throw new AppError('NOT_FOUND', 'calendar feed not found');
  return feed;
}

/** The calendar document of a feed at `now`. */
export function feedDocument(store: Pick<Store, 'tenants'>, source: CalendarSource, feed: IcsFeed, now: number): string {
  const tenant = store.tenants.get(feed.tenantId);
  if (!tenant) throw new AppError('NOT_FOUND', 'calendar feed not found');
  const calendar = source.tenantCalendar(tenant.id, { fromAt: now - FEED_PAST_MS, toAt: now + FEED_AHEAD_MS });
  return tenantCalendarIcs(calendar, { generatedAt: now, name: `Tideway: ${tenant.name}` });
}
