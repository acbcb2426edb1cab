/**
 * Scheduling policy the track catalog (`schedules/tracks.yaml`, another team's schema) does
 * not carry: which bookings need ops approval, which deployment kinds may follow which
 * tracks, and when a release needs a passed security audit. Each rule is one table here.
 */
import { AppError } from '../errors.ts';
import type { Approval, DeploymentKind, Release, ResolvedTrack, SecurityAuditState } from './model.ts';

/** How a booking reaches its track, which decides whether ops must approve it. */
export type BookingRoute = 'private' | 'audited' | 'alternative' | 'direct';

/**
 * Approval by booking route, first match wins in the order below:
 *
 * | route         | when                                                         | approval |
 * |---------------|--------------------------------------------------------------|----------|
 * | `private`     | the tenant's own private track                               | none     |
 * | `audited`     | the track has the `security-audit` prerequisite (st-custom)  | required |
 * | `alternative` | a batch tenant books another slot instead of a batch window  | required |
 * | `direct`      | a slot of a public on-request track (st-standard)            | required |
 */
export const APPROVAL_POLICY: Record<BookingRoute, { approval: Approval; why: string }> = {
  private: { approval: 'none', why: 'a private deployment runs its own windows: the control plane reminds and records' },
  audited: { approval: 'required', why: 'customisation patches go out only after ops sign-off on an audited release' },
  alternative: { approval: 'required', why: 'leaving a batch window for another slot moves the work to ops' },
  direct: { approval: 'required', why: 'single-tenant slots use the vendor operations team\'s capacity' },
};

/** The route of a booking on `resolved`; `viaAlternative` when it replaces a batch window. */
export function bookingRoute(resolved: ResolvedTrack, viaAlternative: boolean): BookingRoute {
  if (resolved.ownerTenantId !== null) return 'private';
  if (resolved.track.prerequisites.includes('security-audit')) return 'audited';
  return viaAlternative ? 'alternative' : 'direct';
}

/** Whether a booking by that route needs ops approval. */
export const approvalFor = (route: BookingRoute): Approval => APPROVAL_POLICY[route].approval;

/**
 * Deployment kinds a subscription may name: a private track only `private`; a catalog track
 * either public kind (a public cloud tenant follows the vendor's shared schedule).
 */
export function deploymentKindProblem(resolved: ResolvedTrack, kind: DeploymentKind): string | undefined {
  if (resolved.ownerTenantId !== null) return kind === 'private' ? undefined : `${resolved.track.id} is a private track: deploymentKind must be private`;
  return kind === 'private' ? `${resolved.track.id} is a catalog track: deploymentKind must be public-multi-tenant or public-single-tenant` : undefined;
}

/** Where a release stands for booking: no audit needed, none yet, or the latest audit's state. */
export type AuditStatus = 'not-required' | 'missing' | SecurityAuditState;

/** A customisation release, or any release on a track with the security-audit prerequisite, needs one. */
export function auditStatus(release: Release | null, resolved: ResolvedTrack): AuditStatus {
  const required = resolved.track.prerequisites.includes('security-audit') || release?.kind === 'customisation';
  if (!required) return 'not-required';
  const latest = release?.audits.at(-1);
  return latest ? latest.state : 'missing';
}

/** Throws `AUDIT_PENDING` (none yet, or the latest not decided) or `AUDIT_REJECTED`. */
export function requireAuditPassed(status: AuditStatus, releaseId: string | null): void {
  if (status === 'not-required' || status === 'approved') return;
  const subject = releaseId ? `release ${releaseId}` : 'this track';
  if (status === 'rejected') throw new AppError('AUDIT_REJECTED', `the security audit of ${subject} was rejected; submit a new audit`, { releaseId });
  throw new AppError('AUDIT_PENDING', `${subject} needs an approved security audit first (${status === 'missing' ? 'none submitted' : 'audit not decided'})`, { releaseId, audit: status });
}
