/**
 * A release being registered, checked in the page before it is sent: the version as the
 * API's pattern allows it, a tenant for a customisation release, and each artifact's name,
 * SHA-256 (64 hex digits) and optional http(s) URL. The server checks all of it again.
 */
import type { NewRelease } from './schedule-api.ts';
import type { ReleaseKind } from './schedule-types.ts';

/** The API's pattern for a release version. */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** 64 hex digits, in either case. */
export const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
const URL_PATTERN = /^https?:\/\/\S+$/;

/** An artifact row as typed: every field a string, the URL empty when there is none. */
export interface ArtifactDraft {
  name: string;
  sha256: string;
  url: string;
}

/** The release dialog's fields. */
export interface ReleaseDraft {
  trackId: string;
  /** Empty for a release shared by every tenant of the track. */
  tenantId: string;
  version: string;
  kind: ReleaseKind;
  notes: string;
  artifacts: ArtifactDraft[];
}

/** Which fields of a draft are wrong; an empty object means it may be sent. */
export interface DraftProblems {
  trackId?: true;
  version?: true;
  tenantId?: true;
  /** Per artifact (same index), the fields that are wrong. */
  artifacts?: Array<Array<keyof ArtifactDraft>>;
}

/** A new, empty artifact row. */
export const emptyArtifact = (): ArtifactDraft => ({ name: '', sha256: '', url: '' });

/** The fields of one artifact that are wrong. */
export function artifactProblems(artifact: ArtifactDraft): Array<keyof ArtifactDraft> {
  const problems: Array<keyof ArtifactDraft> = [];
  if (!artifact.name.trim() || artifact.name.trim().length > 256) problems.push('name');
  if (!SHA256_PATTERN.test(artifact.sha256.trim())) problems.push('sha256');
  if (artifact.url.trim() && !URL_PATTERN.test(artifact.url.trim())) problems.push('url');
  return problems;
}

/** The fields of a draft that the API would refuse. */
export function draftProblems(draft: ReleaseDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (!draft.trackId) problems.trackId = true;
  if (!VERSION_PATTERN.test(draft.version.trim()) || draft.version.trim().length > 64) problems.version = true;
  if (draft.kind === 'customisation' && !draft.tenantId) problems.tenantId = true;
  const artifacts = draft.artifacts.map(artifactProblems);
  if (artifacts.some((list) => list.length > 0)) problems.artifacts = artifacts;
  return problems;
}

/** The API body of a draft without problems: trimmed, hashes in lower case, empty URLs left out. */
export function toNewRelease(draft: ReleaseDraft): NewRelease {
  return {
    trackId: draft.trackId,
    ...(draft.tenantId ? { tenantId: draft.tenantId } : {}),
    version: draft.version.trim(),
    kind: draft.kind,
    notes: draft.notes.trim(),
    artifacts: draft.artifacts.map((a) => ({ name: a.name.trim(), sha256: a.sha256.trim().toLowerCase(), ...(a.url.trim() ? { url: a.url.trim() } : {}) })),
  };
}

/** Lower-case hex SHA-256 of bytes (Web Crypto: needs a secure context, as HTTPS or loopback). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
