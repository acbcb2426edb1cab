/**
 * A host's patch plan: built (pure) from the rollout and the host's next plan version,
 * then signed with the control plane's Ed25519 key over the exact UTF-8 bytes of the
 * payload text, as `protocol/plans.ts` specifies.
 */
import { sign, type KeyObject } from 'node:crypto';
import type { PlanBody, SignedPlan } from '../../protocol/index.ts';
import type { Rollout } from './model.ts';

/** The body of one host's plan. `expiresAt` is the window's end: no part of it may run later. */
export function buildPlanBody(
  rollout: Pick<Rollout, 'id' | 'releaseId' | 'releaseVersion' | 'windowStartAt' | 'windowEndAt' | 'cutoffAt' | 'options' | 'steps'>,
  host: { hostId: string; tenantId: string },
  plan: { planId: string; version: number },
): PlanBody {
  return {
    planId: plan.planId,
    rolloutId: rollout.id,
    tenantId: host.tenantId,
    hostId: host.hostId,
    releaseId: rollout.releaseId,
    releaseVersion: rollout.releaseVersion,
    windowStartAt: rollout.windowStartAt,
    windowEndAt: rollout.windowEndAt,
    notAfter: rollout.cutoffAt,
    expiresAt: rollout.windowEndAt,
    version: plan.version,
    healthGateSeconds: rollout.options.healthGateSeconds,
    steps: rollout.steps,
  };
}

/** The plan as sent: the payload text and its base64 Ed25519 signature. */
export function signPlan(body: PlanBody, privateKey: KeyObject): SignedPlan {
  const payload = JSON.stringify(body);
  return { payload, signature: sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64') };
}
