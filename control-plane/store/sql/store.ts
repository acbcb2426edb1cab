/**
 * Every store interface over one SQL database: the modules in `sqlite/` are written in SQL
 * that SQLite and PostgreSQL both accept (or ask `dialectOf`), so both stores are this wiring.
 */
import { sqliteAlertStore } from '../sqlite/alerts.ts';
import { sqliteAuditStore } from '../sqlite/audit.ts';
import { sqliteContactStore } from '../sqlite/contacts.ts';
import { sqliteCriticalPeriodStore } from '../sqlite/critical-periods.ts';
import { sqliteIncidentStore } from '../sqlite/incidents.ts';
import { sqliteMaintenanceStore, sqliteSilenceStore } from '../sqlite/silences.ts';
import { sqliteAgentStore, sqliteHostStore, sqliteStreamStore } from '../sqlite/fleet.ts';
import { sqliteIcsFeedStore } from '../sqlite/ics-feeds.ts';
import { sqliteIngestStore } from '../sqlite/ingest.ts';
import { sqliteNoticeStore } from '../sqlite/notices.ts';
import { sqliteRollupStore } from '../sqlite/rollups.ts';
import { sqliteSampleStore } from '../sqlite/samples.ts';
import { sqliteTenantStore } from '../sqlite/tenants.ts';
import { sqliteApiTokenStore, sqliteEnrollmentTokenStore } from '../sqlite/tokens.ts';
import { sqliteBookingStore } from '../sqlite/bookings.ts';
import { sqliteReleaseStore } from '../sqlite/releases.ts';
import { sqliteReportDataStore } from '../sqlite/report-data.ts';
import { sqliteReportStore } from '../sqlite/reports.ts';
import { sqliteRolloutStore } from '../sqlite/rollouts.ts';
import { sqliteTenantScheduleStore } from '../sqlite/tenant-schedules.ts';
import { sqliteWindowStore } from '../sqlite/windows.ts';
import { sqliteSessionStore, sqliteUserStore } from '../sqlite/users.ts';
import type { Store } from '../types.ts';
import type { SqlDatabase } from './database.ts';
import { secretBox } from '../../notices/secret-box.ts';

/** A store over a SQL database, which the notification outboxes share. */
export interface SqlStore extends Store {
  db: SqlDatabase;
}

export interface SqlStoreParts {
  /** Seals contact credentials at rest. */
  contactsKey: Buffer;
  transaction: Store['transaction'];
  close(): void;
}

/** Wires every store module to `db`. */
export function sqlStore<D extends SqlDatabase>(db: D, parts: SqlStoreParts): SqlStore & { db: D } {
  const { contactsKey, transaction, close } = parts;
  return {
    db,
    tenants: sqliteTenantStore(db),
    users: sqliteUserStore(db),
    sessions: sqliteSessionStore(db),
    apiTokens: sqliteApiTokenStore(db),
    enrollmentTokens: sqliteEnrollmentTokenStore(db),
    agents: sqliteAgentStore(db),
    hosts: sqliteHostStore(db),
    streams: sqliteStreamStore(db),
    ingest: sqliteIngestStore(db),
    samples: sqliteSampleStore(db),
    rollups: sqliteRollupStore(db),
    audit: sqliteAuditStore(db),
    alerts: sqliteAlertStore(db),
    silences: sqliteSilenceStore(db),
    maintenance: sqliteMaintenanceStore(db),
    incidents: sqliteIncidentStore(db),
    tenantSchedules: sqliteTenantScheduleStore(db),
    windows: sqliteWindowStore(db),
    bookings: sqliteBookingStore(db),
    releases: sqliteReleaseStore(db),
    reports: sqliteReportStore(db),
    reportData: sqliteReportDataStore(db),
    rollouts: sqliteRolloutStore(db),
    criticalPeriods: sqliteCriticalPeriodStore(db),
    contacts: sqliteContactStore(db, secretBox(contactsKey)),
    notices: sqliteNoticeStore(db),
    icsFeeds: sqliteIcsFeedStore(db),
    transaction,
    close,
  };
}
