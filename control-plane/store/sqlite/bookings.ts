/** SQLite bookings of on-request slots. */
import type { Booking } from '../../scheduling/model.ts';
import type { BookingFilter, BookingStore } from '../scheduling-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { jsonList, whereOf } from './filters.ts';
import { allOf, oneOf } from './rows.ts';

interface BookingRow {
  id: string;
  tenant_id: string;
  track_id: string;
  track_key: string;
  slot_date: string;
  slot_start_at: number;
  slot_end_at: number;
  cutoff_at: number;
  state: Booking['state'];
  approval: Booking['approval'];
  release_id: string | null;
  instead_of_window_id: string | null;
  note: string;
  requested_at: number;
  requested_by: string;
  confirmed_at: number | null;
  confirmed_by: string | null;
  rejected_at: number | null;
  rejected_by: string | null;
  cancelled_at: number | null;
  cancelled_by: string | null;
  reason: string | null;
  version: number;
  updated_at: number;
}

const toBooking = (r: BookingRow): Booking => ({
  id: r.id,
  tenantId: r.tenant_id,
  trackId: r.track_id,
  trackKey: r.track_key,
  slotDate: r.slot_date,
  slotStartAt: r.slot_start_at,
  slotEndAt: r.slot_end_at,
  cutoffAt: r.cutoff_at,
  state: r.state,
  approval: r.approval,
  releaseId: r.release_id,
  insteadOfWindowId: r.instead_of_window_id,
  note: r.note,
  requestedAt: r.requested_at,
  requestedBy: r.requested_by,
  confirmedAt: r.confirmed_at,
  confirmedBy: r.confirmed_by,
  rejectedAt: r.rejected_at,
  rejectedBy: r.rejected_by,
  cancelledAt: r.cancelled_at,
  cancelledBy: r.cancelled_by,
  reason: r.reason,
  version: r.version,
  updatedAt: r.updated_at,
});

const COLUMNS = Object.keys({
  id: 0, tenant_id: 0, track_id: 0, track_key: 0, slot_date: 0, slot_start_at: 0, slot_end_at: 0, cutoff_at: 0, state: 0, approval: 0,
  release_id: 0, instead_of_window_id: 0, note: 0, requested_at: 0, requested_by: 0, confirmed_at: 0, confirmed_by: 0, rejected_at: 0,
  rejected_by: 0, cancelled_at: 0, cancelled_by: 0, reason: 0, version: 0, updated_at: 0,
} satisfies Record<keyof BookingRow, 0>);

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export function sqliteBookingStore(db: SqlDatabase): BookingStore {
  const insert = db.prepare(`INSERT INTO bookings (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${camel(c)}`).join(', ')})`);
  const update = db.prepare(`UPDATE bookings SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${camel(c)}`).join(', ')} WHERE id = @id`);
  const list = (filter: BookingFilter) => {
    const { where, params } = whereOf(
      [
        ['tenant_id = @tenantId', 'tenantId', filter.tenantId],
        ['track_id = @trackId', 'trackId', filter.trackId],
        ['state IN (SELECT value FROM json_each(@states))', 'states', jsonList(filter.states)],
      ],
      { limit: filter.limit },
    );
    const sql = `SELECT * FROM bookings ${where} ORDER BY slot_start_at DESC, requested_at DESC, rowid DESC LIMIT @limit`;
    return (db.prepare(sql).all(params) as BookingRow[]).map(toBooking);
  };
  return {
    create: (booking) => void insert.run(booking),
    get: oneOf(db.prepare<[string], BookingRow>('SELECT * FROM bookings WHERE id = ?'), toBooking),
    update: (booking) => void update.run(booking),
    list,
    activeBySlot: allOf(
      db.prepare<[string, string, string], BookingRow>(
        "SELECT * FROM bookings WHERE track_key = ? AND slot_date >= ? AND slot_date <= ? AND state IN ('requested', 'confirmed') ORDER BY slot_date, requested_at",
      ),
      toBooking,
    ),
    confirmedFor: allOf(
      db.prepare<[string, number], BookingRow>("SELECT * FROM bookings WHERE track_key = ? AND state = 'confirmed' AND slot_start_at > ? ORDER BY slot_date, id"),
      toBooking,
    ),
    confirmedAlternatives: allOf(
      db.prepare<[number], BookingRow>("SELECT * FROM bookings WHERE instead_of_window_id IS NOT NULL AND state = 'confirmed' AND slot_start_at > ? ORDER BY id"),
      toBooking,
    ),
  };
}
