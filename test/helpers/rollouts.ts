/**
 * Rollout fixtures: an open window straight in the store (windows that have begun are never
 * touched by materialisation), a release, plan-status records, and a plan signature check.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { PlanBody, PlanStatusRecord, SignedPlan } from '../../protocol/index.ts';
import type { PatchWindow, Release, ReleaseArtifact } from '../../control-plane/scheduling/model.ts';
import type { Store } from '../../control-plane/store/types.ts';

const HOUR_MS = 3_600_000;

/** Saves a scheduled window of `trackId` covering `coverage` (tenant -> host ids); by default opened an hour before `now`, 4 h long, cutoff 30 min before its end. */
export function saveWindow(
  store: Store,
  input: { id: string; trackId?: string; now: number; startAt?: number; endAt?: number; cutoffAt?: number; coverage: Record<string, string[]> },
): PatchWindow {
  const startAt = input.startAt ?? input.now - HOUR_MS;
  const endAt = input.endAt ?? startAt + 4 * HOUR_MS;
  const trackId = input.trackId ?? 'xingkong/st-standard';
  const window: PatchWindow = {
    id: input.id,
    trackId,
    trackKey: trackId,
    ownerTenantId: null,
    occurrenceKey: input.id,
    localDate: new Date(startAt).toISOString().slice(0, 10),
    zone: 'Asia/Shanghai',
    startAt,
    endAt,
    previousStartAt: null,
    previousEndAt: null,
    cutoffAt: input.cutoffAt ?? endAt - 30 * 60_000,
    noticeBy: null,
    status: 'scheduled',
    reason: null,
    version: 1,
    createdAt: startAt - 86_400_000,
    updatedAt: startAt - 86_400_000,
    coverage: Object.entries(input.coverage).map(([tenantId, hostIds]) => ({ tenantId, status: 'covered', reason: null, hostIds, via: 'subscription', bookingIds: [], revision: 1 })),
  };
  store.windows.save(window);
  return window;
}

/** Saves a standard release of `trackId` (shared unless `tenantId`). */
export function saveRelease(
  store: Store,
  input: { id: string; trackId?: string; tenantId?: string | null; version?: string; createdAt: number; artifacts?: ReleaseArtifact[] },
): Release {
  const release: Release = {
    id: input.id,
    trackId: input.trackId ?? 'xingkong/st-standard',
    tenantId: input.tenantId ?? null,
    version: input.version ?? '2026.11.1',
    kind: 'standard',
    notes: '',
    artifacts: input.artifacts ?? [],
    createdAt: input.createdAt,
    createdBy: 'test',
    audits: [],
  };
  store.releases.create(release);
  return release;
}

/** A plan-status record answering `plan`. */
export function planStatus(seq: number, plan: PlanBody, state: PlanStatusRecord['state'], extra: Partial<PlanStatusRecord> = {}): PlanStatusRecord {
  return { seq, at: Date.now(), kind: 'plan-status', planId: plan.planId, rolloutId: plan.rolloutId, version: plan.version, state, ...extra };
}

/** The plan body, after checking its Ed25519 signature against the control plane's public key. */
export function verifiedBody(plan: SignedPlan, publicKeyPem: string): PlanBody {
  const ok = verify(null, Buffer.from(plan.payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(plan.signature, 'base64'));
  if (!ok) throw new Error('plan signature does not verify');
  return JSON.parse(plan.payload) as PlanBody;
}
