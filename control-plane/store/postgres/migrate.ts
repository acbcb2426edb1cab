/**
 * Forward-only PostgreSQL migrations from `migrations/NNN-name.sql`, as for SQLite. Each runs
 * in a write transaction (which holds the database-wide write lock), so replicas starting
 * together apply each migration once and the others wait, then see it recorded.
 */
import { fileURLToPath } from 'node:url';
import { listMigrations, type Migration } from '../sqlite/migrate.ts';
import type { PostgresDatabase } from './database.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** PostgreSQL's own migration files. */
export const listPostgresMigrations = (): Migration[] => listMigrations(migrationsDir);

/** Applies pending migrations; refuses a database newer than this build. Returns versions applied. */
export function migratePostgres(db: PostgresDatabase, migrations = listPostgresMigrations()): number[] {
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const applied = () => new Set(db.prepare<[], number>('SELECT version FROM schema_migrations').pluck().all());
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  })();
  const unknown = [...applied()].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new Error(`database schema version ${Math.max(...unknown)} is newer than this Tideway build (${newest}); upgrade Tideway`);
  }
  const done: number[] = [];
  for (const migration of migrations) {
    db.transaction(() => {
      // Checked under the lock: another replica may have applied it meanwhile.
      if (applied().has(migration.version)) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      done.push(migration.version);
    })();
  }
  return done;
}
