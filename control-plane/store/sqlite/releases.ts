/** SQLite patch releases, their artifacts and security audits. */
import type { Release, ReleaseArtifact, SecurityAudit } from '../../scheduling/model.ts';
import type { ReleaseFilter, ReleaseStore } from '../scheduling-types.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { whereOf } from './filters.ts';

interface ReleaseRow {
  id: string;
  track_id: string;
  tenant_id: string | null;
  version: string;
  kind: Release['kind'];
  notes: string;
  created_at: number;
  created_by: string;
}

interface ArtifactRow {
  release_id: string;
  name: string;
  sha256: string;
  url: string | null;
}

interface AuditRow {
  id: string;
  release_id: string;
  state: SecurityAudit['state'];
  notes: string;
  findings: string;
  submitted_at: number;
  submitted_by: string;
  decided_at: number | null;
  decided_by: string | null;
}

const toAudit = (r: AuditRow): SecurityAudit => ({
  id: r.id,
  releaseId: r.release_id,
  state: r.state,
  notes: r.notes,
  findings: r.findings,
  submittedAt: r.submitted_at,
  submittedBy: r.submitted_by,
  decidedAt: r.decided_at,
  decidedBy: r.decided_by,
});

export function sqliteReleaseStore(db: SqlDatabase): ReleaseStore {
  const insert = db.prepare(
    `INSERT INTO releases (id, track_id, tenant_id, version, kind, notes, created_at, created_by)
     VALUES (@id, @trackId, @tenantId, @version, @kind, @notes, @createdAt, @createdBy)`,
  );
  const insertArtifact = db.prepare('INSERT INTO release_artifacts (release_id, position, name, sha256, url) VALUES (?, ?, ?, ?, ?)');
  const create = db.transaction((release: Release) => {
    insert.run(release);
    release.artifacts.forEach((a, position) => insertArtifact.run(release.id, position, a.name, a.sha256, a.url));
  });
  const artifactsOf = db.prepare<[string], ArtifactRow>('SELECT * FROM release_artifacts WHERE release_id IN (SELECT value FROM json_each(?)) ORDER BY release_id, position');
  const auditsOf = db.prepare<[string], AuditRow>('SELECT * FROM security_audits WHERE release_id IN (SELECT value FROM json_each(?)) ORDER BY submitted_at, rowid');
  const insertAudit = db.prepare(
    `INSERT INTO security_audits (id, release_id, state, notes, findings, submitted_at, submitted_by, decided_at, decided_by)
     VALUES (@id, @releaseId, @state, @notes, @findings, @submittedAt, @submittedBy, @decidedAt, @decidedBy)`,
  );
  const updateAudit = db.prepare('UPDATE security_audits SET state = @state, findings = @findings, decided_at = @decidedAt, decided_by = @decidedBy WHERE id = @id');
  const getRow = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE id = ?');
  const findRow = db.prepare<[string, string, string], ReleaseRow>("SELECT * FROM releases WHERE track_id = ? AND coalesce(tenant_id, '') = ? AND version = ?");

  /** Releases with their artifacts and audits, read in two queries. */
  const assemble = (rows: ReleaseRow[]): Release[] => {
    const ids = JSON.stringify(rows.map((r) => r.id));
    const artifacts = new Map<string, ReleaseArtifact[]>();
    for (const a of artifactsOf.all(ids)) artifacts.set(a.release_id, [...(artifacts.get(a.release_id) ?? []), { name: a.name, sha256: a.sha256, url: a.url }]);
    const audits = new Map<string, SecurityAudit[]>();
    for (const a of auditsOf.all(ids)) audits.set(a.release_id, [...(audits.get(a.release_id) ?? []), toAudit(a)]);
    return rows.map((r) => ({
      id: r.id,
      trackId: r.track_id,
      tenantId: r.tenant_id,
      version: r.version,
      kind: r.kind,
      notes: r.notes,
      artifacts: artifacts.get(r.id) ?? [],
      createdAt: r.created_at,
      createdBy: r.created_by,
      audits: audits.get(r.id) ?? [],
    }));
  };
  const one = (row: ReleaseRow | undefined) => (row ? assemble([row])[0] : undefined);

  const list = (filter: ReleaseFilter) => {
    const { where, params } = whereOf(
      [
        ['track_id = @trackId', 'trackId', filter.trackId],
        ['(tenant_id IS NULL OR tenant_id = @tenantId)', 'tenantId', filter.visibleTo],
      ],
      { limit: filter.limit },
    );
    return assemble(db.prepare(`SELECT * FROM releases ${where} ORDER BY created_at DESC, rowid DESC LIMIT @limit`).all(params) as ReleaseRow[]);
  };

  return {
    create: (release) => create(release),
    get: (id) => one(getRow.get(id)),
    find: (trackId, tenantId, version) => one(findRow.get(trackId, tenantId ?? '', version)),
    list,
    addAudit: (audit) => void insertAudit.run(audit),
    updateAudit: (audit) => void updateAudit.run(audit),
  };
}
