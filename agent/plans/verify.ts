/**
 * Deciding whether a signed plan may run on this host (pure; `now` is a parameter). The
 * signature is checked over the exact payload bytes before anything is parsed, so an
 * unsigned or forged payload never reaches the JSON parser or the schema.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PlanBodySchema, type PlanBody, type PlanRefusal, type SignedPlan } from '../../protocol/index.ts';
import type { CommandSpec } from '../commands.ts';

const planBody = TypeCompiler.Compile(PlanBodySchema);
const ID = /^[A-Za-z0-9_-]{8,64}$/;

/** What verification needs to know about this host and its history. */
export interface PlanVerifyContext {
  /** The control plane's key pinned at enrolment; null when none was pinned (every plan is refused). */
  publicKey: KeyObject | null;
  hostId: string;
  tenantId: string;
  /** The local allow-list from the config file. */
  commands: Readonly<Record<string, CommandSpec>>;
  /** Highest plan version this host ever accepted (0 before the first). */
  highestVersion: number;
  /** True for a plan id this host already accepted (it never runs twice). */
  alreadyRun: (planId: string) => boolean;
  now: number;
}

/** Ids a refusal is reported under; read from an untrusted payload only for reporting. */
export interface PlanIds {
  planId: string;
  rolloutId: string;
  version: number;
}

/** The verdict on one signed plan. */
export type PlanVerdict =
  | { kind: 'accept'; plan: PlanBody }
  | { kind: 'redelivered'; plan: PlanBody }
  | { kind: 'refuse'; code: PlanRefusal; detail: string; ids: PlanIds | null };

/** The pinned PEM as a key object; null when it is empty or not an Ed25519 public key. */
export function pinnedPublicKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

function signatureValid(signed: SignedPlan, key: KeyObject | null): boolean {
  if (!key || typeof signed.payload !== 'string' || typeof signed.signature !== 'string') return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signed.signature)) return false;
  const signature = Buffer.from(signed.signature, 'base64');
  if (signature.length !== 64) return false;
  try {
    return verifySignature(null, Buffer.from(signed.payload, 'utf8'), key, signature);
  } catch {
    return false;
  }
}

/**
 * Plan, rollout and version as the payload claims them, for the refusal record only: a
 * refusal is reported under the id the control plane sent, even when it cannot be trusted.
 */
export function claimedIds(payload: unknown): PlanIds | null {
  let value: unknown;
  try {
    value = typeof payload === 'string' ? JSON.parse(payload) : undefined;
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { planId, rolloutId, version } = value as Record<string, unknown>;
  if (typeof planId !== 'string' || !ID.test(planId) || typeof rolloutId !== 'string' || !ID.test(rolloutId)) return null;
  return { planId, rolloutId, version: Number.isSafeInteger(version) && (version as number) >= 0 ? (version as number) : 0 };
}

function parseBody(payload: string): PlanBody | string {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return 'payload is not JSON';
  }
  if (!planBody.Check(value)) {
    const first = planBody.Errors(value).First();
    return `payload is not a plan: ${first ? `${first.path || '(top level)'} ${first.message}` : 'schema mismatch'}`;
  }
  if (value.windowEndAt < value.windowStartAt) return 'windowEndAt is before windowStartAt';
  const bare = value.steps.find((step) => step.phase === 'download' && !step.artifact);
  if (bare) return `download step '${bare.name}' has no artifact`;
  return value;
}

// Every step that names a command must name an allow-list entry, and every step but a
// download must name one: the control plane chooses among the host's commands, never adds.
function disallowedStep(plan: PlanBody, commands: Readonly<Record<string, CommandSpec>>): string | null {
  for (const step of plan.steps) {
    if (step.command === undefined) {
      if (step.phase !== 'download') return `${step.phase} step '${step.name}' names no command`;
    } else if (!Object.hasOwn(commands, step.command)) {
      return `${step.phase} step '${step.name}' names '${step.command}', which is not in the local commands allow-list`;
    }
  }
  return null;
}

/** Checks signature, shape, host, redelivery, time, version and steps, in that order. */
export function verifyPlan(signed: SignedPlan, context: PlanVerifyContext): PlanVerdict {
  const refuse = (code: PlanRefusal, detail: string, ids: PlanIds | null = claimedIds(signed.payload)): PlanVerdict => ({ kind: 'refuse', code, detail, ids });
  if (!signatureValid(signed, context.publicKey)) {
    return refuse('PLAN_BAD_SIGNATURE', context.publicKey ? 'the signature does not match the payload and the pinned key' : 'no control-plane key was pinned at enrolment');
  }
  const parsed = parseBody(signed.payload);
  if (typeof parsed === 'string') return refuse('PLAN_MALFORMED', parsed);
  const plan = parsed;
  const ids = { planId: plan.planId, rolloutId: plan.rolloutId, version: plan.version };
  if (plan.hostId !== context.hostId || plan.tenantId !== context.tenantId) {
    return refuse('PLAN_WRONG_HOST', `plan is for host ${plan.hostId} of tenant ${plan.tenantId}`, ids);
  }
  // A plan already accepted is reported again, whatever the clock says now.
  if (context.alreadyRun(plan.planId)) return { kind: 'redelivered', plan };
  const { now } = context;
  if (now > plan.expiresAt) return refuse('PLAN_EXPIRED', `expired at ${new Date(plan.expiresAt).toISOString()}`, ids);
  if (now < plan.windowStartAt || now > plan.windowEndAt || now > plan.notAfter) {
    return refuse('PLAN_OUTSIDE_WINDOW', `now ${new Date(now).toISOString()} is outside the window or past its cutoff`, ids);
  }
  if (plan.version <= context.highestVersion) {
    return refuse('PLAN_STALE_VERSION', `version ${plan.version} is not above ${context.highestVersion}, the highest this host accepted`, ids);
  }
  const disallowed = disallowedStep(plan, context.commands);
  if (disallowed) return refuse('STEP_NOT_ALLOWED', disallowed, ids);
  return { kind: 'accept', plan };
}
