/** The SQLite implementation of every store interface, on one database file. */
import { dirname } from 'node:path';
import type { Store } from '../types.ts';
import { sqliteAlertStore } from './alerts.ts';
import { sqliteAuditStore } from './audit.ts';
import { sqliteContactStore } from './contacts.ts';
import { sqliteCriticalPeriodStore } from './critical-periods.ts';
import { sqliteIncidentStore } from './incidents.ts';
import { sqliteMaintenanceStore, sqliteSilenceStore } from './silences.ts';
import { openDatabase, type SqliteDatabase } from './database.ts';
import { sqliteAgentStore, sqliteHostStore, sqliteStreamStore } from './fleet.ts';
import { sqliteIcsFeedStore } from './ics-feeds.ts';
import { sqliteIngestStore } from './ingest.ts';
import { sqliteNoticeStore } from './notices.ts';
import { sqliteRollupStore } from './rollups.ts';
import { sqliteSampleStore } from './samples.ts';
import { sqliteTenantStore } from './tenants.ts';
import { sqliteApiTokenStore, sqliteEnrollmentTokenStore } from './tokens.ts';
import { sqliteBookingStore } from './bookings.ts';
import { sqliteReleaseStore } from './releases.ts';
import { sqliteReportDataStore } from './report-data.ts';
import { sqliteReportStore } from './reports.ts';
import { sqliteRolloutStore } from './rollouts.ts';
import { sqliteTenantScheduleStore } from './tenant-schedules.ts';
import { sqliteWindowStore } from './windows.ts';
import { sqliteSessionStore, sqliteUserStore } from './users.ts';
import { ephemeralSecretKey, loadOrCreateSecretKey, secretBox } from '../../notices/secret-box.ts';

export interface SqliteStore extends Store {
  db: SqliteDatabase;
}

/** Opens (and migrates) the database at `path`; `:memory:` for tests. */
export function createSqliteStore(path: string): SqliteStore {
  const db = openDatabase(path);
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
    // Contact credentials are sealed with a key kept beside the database file.
    contacts: sqliteContactStore(db, secretBox(path === ':memory:' ? ephemeralSecretKey() : loadOrCreateSecretKey(dirname(path)))),
    notices: sqliteNoticeStore(db),
    icsFeeds: sqliteIcsFeedStore(db),
    transaction: (fn) => db.transaction(fn).immediate(),
    close: () => db.close(),
  };
}

/** Where the database lives inside a data directory. */
export const databasePath = (dataDir: string) => `${dataDir}/tideway.db`;
