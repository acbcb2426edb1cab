/** SQLite record of the window notices tenants were given. */
import type { NoticeKind, NoticeOutcome, NoticeStore, SentNotice } from '../notice-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { allOf } from './rows.ts';

interface NoticeRow {
  key: string;
  tenant_id: string;
  window_id: string;
  kind: NoticeKind;
  outcome: NoticeOutcome;
  contacts: number;
  created_at: number;
}

const toNotice = (row: NoticeRow): SentNotice => ({
  key: row.key,
  tenantId: row.tenant_id,
  windowId: row.window_id,
  kind: row.kind,
  outcome: row.outcome,
  contacts: row.contacts,
  createdAt: row.created_at,
});

export function sqliteNoticeStore(db: SqlDatabase): NoticeStore {
  const insert = db.prepare(
    `INSERT INTO notices (key, tenant_id, window_id, kind, outcome, contacts, created_at)
     VALUES (@key, @tenantId, @windowId, @kind, @outcome, @contacts, @createdAt)
     ON CONFLICT(key) DO NOTHING`,
  );
  // One bound JSON array instead of a statement per list length.
  const keys = db.prepare<[string], string>('SELECT key FROM notices WHERE window_id IN (SELECT value FROM json_each(?))').pluck();
  return {
    record: (notice) => insert.run(notice).changes > 0,
    keysFor: (windowIds) => new Set(windowIds.length === 0 ? [] : keys.all(JSON.stringify(windowIds))),
    list: allOf(db.prepare<[string, number], NoticeRow>('SELECT * FROM notices WHERE tenant_id = ? ORDER BY created_at DESC, key LIMIT ?'), toNotice),
  };
}
