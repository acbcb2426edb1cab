/** SQLite calendar feeds (token hashes only). */
import type { IcsFeed, IcsFeedStore } from '../notice-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf, oneOf } from './rows.ts';

interface FeedRow {
  id: string;
  tenant_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

const toFeed = (row: FeedRow): IcsFeed => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export function sqliteIcsFeedStore(db: SqlDatabase): IcsFeedStore {
  const insert = db.prepare('INSERT INTO ics_feeds (id, tenant_id, name, token_hash, created_at, revoked_at) VALUES (@id, @tenantId, @name, @tokenHash, @createdAt, @revokedAt)');
  const revoke = db.prepare('UPDATE ics_feeds SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    create: (feed) => void insert.run(feed),
    get: oneOf(db.prepare<[string], FeedRow>('SELECT * FROM ics_feeds WHERE id = ?'), toFeed),
    findByHash: oneOf(db.prepare<[string], FeedRow>('SELECT * FROM ics_feeds WHERE token_hash = ?'), toFeed),
    list: allOf(db.prepare<[string], FeedRow>('SELECT * FROM ics_feeds WHERE tenant_id = ? ORDER BY created_at, id'), toFeed),
    revoke: (id, now) => revoke.run(now, id).changes > 0,
  };
}
