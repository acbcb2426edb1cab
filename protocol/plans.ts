/**
 * Signed patch plans. The control plane signs the exact bytes of `payload` (a JSON text of
 * `PlanBody`) with its Ed25519 key; the agent verifies those bytes against the key it pinned
 * at enrolment before parsing them, so no canonical-JSON rules are needed on either side.
 */
import { Type, type Static } from '@sinclair/typebox';

export const PLAN_PHASES = ['pre-check', 'download', 'apply', 'post-check', 'rollback'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

const Name = (maxLength = 128) => Type.String({ minLength: 1, maxLength });
const EpochMs = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });

/** An artifact the download step fetches and checks. */
export const PlanArtifactSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$', description: 'file name, no path' }),
    url: Type.String({ pattern: '^https?://', maxLength: 2048 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);

/**
 * One step. `command` names an entry of the agent's local `commands` allow-list; the plan
 * can only choose among what the host's own config allows, and add arguments. A `download`
 * step fetches `artifact` instead of running a command.
 */
export const PlanStepSchema = Type.Object(
  {
    name: Name(),
    phase: Type.Union(PLAN_PHASES.map((phase) => Type.Literal(phase))),
    command: Type.Optional(Name(64)),
    args: Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 64, default: [] }),
    timeoutMs: Type.Integer({ minimum: 1000, maximum: 6 * 3_600_000 }),
    artifact: Type.Optional(PlanArtifactSchema),
  },
  { additionalProperties: false },
);

export const PlanBodySchema = Type.Object(
  {
    planId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    rolloutId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    tenantId: Name(64),
    hostId: Name(64),
    releaseId: Name(64),
    releaseVersion: Name(64),
    windowStartAt: EpochMs,
    windowEndAt: EpochMs,
    /** No step may start after this instant (the window's cutoff). */
    notAfter: EpochMs,
    expiresAt: EpochMs,
    /** Per host, strictly increasing: the agent refuses a plan older than one it ran. */
    version: Type.Integer({ minimum: 1 }),
    /** How long the host's checks must stay ok after apply before the run counts as done. */
    healthGateSeconds: Type.Integer({ minimum: 0, maximum: 24 * 3600 }),
    steps: Type.Array(PlanStepSchema, { minItems: 1, maxItems: 32 }),
  },
  { additionalProperties: false },
);

export const SignedPlanSchema = Type.Object(
  {
    /** The JSON text of a `PlanBody`, exactly as signed. */
    payload: Type.String({ minLength: 2, maxLength: 256 * 1024 }),
    /** Ed25519 signature of the UTF-8 bytes of `payload`, base64. */
    signature: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

/** Server -> agent: run this plan. */
export const PlanMessageSchema = Type.Object(
  { type: Type.Literal('plan'), plan: SignedPlanSchema },
  { additionalProperties: false },
);

/** Why an agent refused a plan; it runs nothing for any of these. */
export const PLAN_REFUSALS = [
  'PLAN_MALFORMED',
  'PLAN_BAD_SIGNATURE',
  'PLAN_WRONG_HOST',
  'PLAN_OUTSIDE_WINDOW',
  'PLAN_EXPIRED',
  'PLAN_STALE_VERSION',
  'STEP_NOT_ALLOWED',
] as const;
export type PlanRefusal = (typeof PLAN_REFUSALS)[number];

export const PLAN_STATES = ['accepted', 'refused', 'running', 'succeeded', 'failed', 'rolled-back'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export type PlanArtifact = Static<typeof PlanArtifactSchema>;
export type PlanStep = Static<typeof PlanStepSchema>;
export type PlanBody = Static<typeof PlanBodySchema>;
export type SignedPlan = Static<typeof SignedPlanSchema>;
export type PlanMessage = Static<typeof PlanMessageSchema>;
