/**
 * Patch releases and their security audits. A release names its track, version, kind,
 * notes and artifacts (sha256); an audit is submitted, then approved or rejected with
 * findings, by whom and when. Each change is audited.
 */
import { newId } from '../auth/secrets.ts';
import { AppError } from '../errors.ts';
import { resolveTrack, type Actor, type SchedulingDeps } from './deps.ts';
import type { Release, ReleaseArtifact, ReleaseKind, SecurityAudit } from './model.ts';
import { visibleRelease } from './slot-service.ts';

export interface NewRelease {
  trackId: string;
  tenantId?: string | null;
  version: string;
  kind: ReleaseKind;
  notes: string;
  artifacts: ReleaseArtifact[];
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Registers a release; a customisation release must name its tenant, and a version is unique per track and tenant. */
export function createRelease(deps: SchedulingDeps, input: NewRelease, by: Actor, now: number): Release {
  const tenantId = input.tenantId ?? null;
  const track = resolveTrack(deps, input.trackId, tenantId);
  if (input.kind === 'customisation' && tenantId === null) throw new AppError('VALIDATION_FAILED', 'a customisation release must name the tenant it is for (tenantId)');
  const artifacts = input.artifacts.map((a) => ({ name: a.name, sha256: a.sha256.toLowerCase(), url: a.url ?? null }));
  const bad = artifacts.find((a) => !SHA256.test(a.sha256));
  if (bad) throw new AppError('VALIDATION_FAILED', `artifact ${bad.name}: sha256 must be 64 hex digits`);
  const release: Release = {
    id: newId('rel'),
    trackId: track.track.id,
    tenantId,
    version: input.version,
    kind: input.kind,
    notes: input.notes,
    artifacts,
    createdAt: now,
    createdBy: by.actor,
    audits: [],
  };
  return deps.store.transaction(() => {
    if (deps.store.releases.find(release.trackId, tenantId, release.version)) {
      throw new AppError('CONFLICT', `track ${release.trackId} already has release ${release.version}${tenantId ? ' for this tenant' : ''}`);
    }
    deps.store.releases.create(release);
    deps.store.audit.append({
      at: now, actor: by.actor, action: 'release.created', tenantId, target: release.id,
      details: { trackId: release.trackId, version: release.version, kind: release.kind, artifacts: artifacts.map((a) => ({ name: a.name, sha256: a.sha256 })) },
    });
    return release;
  });
}

/** Opens an audit of a release; one may be under way at a time. */
export function submitAudit(deps: SchedulingDeps, releaseId: string, notes: string, by: Actor, now: number): Release {
  return deps.store.transaction(() => {
    const release = visibleRelease(deps, releaseId, by.tenantId);
    if (by.tenantId !== null && release.tenantId === null) throw new AppError('FORBIDDEN', 'only ops submit audits of shared releases');
    if (release.audits.at(-1)?.state === 'submitted') throw new AppError('CONFLICT', `release ${release.id} already has an audit under way`);
    const audit: SecurityAudit = { id: newId('aud'), releaseId, state: 'submitted', notes, findings: '', submittedAt: now, submittedBy: by.actor, decidedAt: null, decidedBy: null };
    deps.store.releases.addAudit(audit);
    deps.store.audit.append({ at: now, actor: by.actor, action: 'release.audit-submitted', tenantId: release.tenantId, target: release.id, details: { auditId: audit.id, notes } });
    return deps.store.releases.get(releaseId)!;
  });
}

/** Approves or rejects a submitted audit, with findings. */
export function decideAudit(deps: SchedulingDeps, releaseId: string, auditId: string, decision: 'approved' | 'rejected', findings: string, by: Actor, now: number): Release {
  return deps.store.transaction(() => {
    const release = visibleRelease(deps, releaseId, by.tenantId);
    const audit = release.audits.find((a) => a.id === auditId);
    if (!audit) throw new AppError('NOT_FOUND', `audit ${auditId} not found`);
    if (audit.state !== 'submitted') throw new AppError('INVALID_TRANSITION', `audit ${auditId} is already ${audit.state}`, { state: audit.state });
    deps.store.releases.updateAudit({ ...audit, state: decision, findings, decidedAt: now, decidedBy: by.actor });
    deps.store.audit.append({
      at: now, actor: by.actor, action: `release.audit-${decision}`, tenantId: release.tenantId, target: release.id,
      details: { auditId, why: findings },
    });
    return deps.store.releases.get(releaseId)!;
  });
}
