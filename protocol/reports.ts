/**
 * Records an agent writes to its outbox and sends to the control plane. Each record has a
 * stream-local `seq` (strictly increasing, assigned when written to disk) and `at`, the
 * collection instant in epoch milliseconds (UTC).
 */
import { Type, type Static } from '@sinclair/typebox';
import { PLAN_PHASES, PLAN_STATES } from './plans.ts';

const Name = (maxLength = 256) => Type.String({ minLength: 1, maxLength });
const Bytes = Type.Number({ minimum: 0 });
const Percent = Type.Number({ minimum: 0, maximum: 100 });
const EpochMs = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });

export const CheckStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
]);

export const CpuMetricsSchema = Type.Object(
  {
    usagePercent: Percent,
    load1: Type.Number({ minimum: 0 }),
    load5: Type.Number({ minimum: 0 }),
    load15: Type.Number({ minimum: 0 }),
    cores: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const MemoryMetricsSchema = Type.Object(
  {
    totalBytes: Bytes,
    usedBytes: Bytes,
    availableBytes: Bytes,
    usedPercent: Percent,
    swapTotalBytes: Bytes,
    swapUsedBytes: Bytes,
  },
  { additionalProperties: false },
);

export const DiskMetricsSchema = Type.Object(
  {
    mount: Name(1024),
    fsType: Name(64),
    totalBytes: Bytes,
    usedBytes: Bytes,
    usedPercent: Percent,
    inodesTotal: Bytes,
    inodesUsed: Bytes,
    inodesUsedPercent: Percent,
  },
  { additionalProperties: false },
);

export const NetworkMetricsSchema = Type.Object(
  {
    iface: Name(64),
    rxBytesPerSecond: Bytes,
    txBytesPerSecond: Bytes,
  },
  { additionalProperties: false },
);

export const HostMetricsSchema = Type.Object(
  {
    cpu: CpuMetricsSchema,
    memory: MemoryMetricsSchema,
    disks: Type.Array(DiskMetricsSchema, { maxItems: 256 }),
    network: Type.Array(NetworkMetricsSchema, { maxItems: 256 }),
    uptimeSeconds: Type.Number({ minimum: 0 }),
    processCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const CheckResultSchema = Type.Object(
  {
    name: Name(128),
    kind: Name(32),
    status: CheckStatus,
    message: Type.String({ maxLength: 1024 }),
    latencyMs: Type.Optional(Type.Number({ minimum: 0 })),
    /** Days until the TLS certificate expires (HTTPS checks only). */
    tlsDaysLeft: Type.Optional(Type.Number()),
    httpStatus: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  },
  { additionalProperties: false },
);

export const HostFactsSchema = Type.Object(
  {
    hostname: Name(255),
    os: Type.Object(
      {
        platform: Name(32),
        distro: Type.String({ maxLength: 128 }),
        release: Type.String({ maxLength: 128 }),
        kernel: Type.String({ maxLength: 128 }),
        arch: Name(32),
      },
      { additionalProperties: false },
    ),
    cpu: Type.Object(
      { model: Type.String({ maxLength: 256 }), cores: Type.Integer({ minimum: 1 }) },
      { additionalProperties: false },
    ),
    memoryBytes: Bytes,
    addresses: Type.Array(
      Type.Object(
        {
          iface: Name(64),
          address: Name(64),
          family: Type.Union([Type.Literal('IPv4'), Type.Literal('IPv6')]),
        },
        { additionalProperties: false },
      ),
      { maxItems: 256 },
    ),
    agentVersion: Name(64),
  },
  { additionalProperties: false },
);

const RecordBase = { seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), at: EpochMs };

/** One collection interval: metrics and the result of every configured check. */
export const SampleRecordSchema = Type.Object(
  {
    ...RecordBase,
    kind: Type.Literal('sample'),
    metrics: HostMetricsSchema,
    checks: Type.Array(CheckResultSchema, { maxItems: 200 }),
  },
  { additionalProperties: false },
);

/** Host facts, sent at start and whenever they change. */
export const FactsRecordSchema = Type.Object(
  { ...RecordBase, kind: Type.Literal('facts'), facts: HostFactsSchema },
  { additionalProperties: false },
);

/** A check moved from one status to another; never dropped from a full outbox. */
export const CheckChangeRecordSchema = Type.Object(
  {
    ...RecordBase,
    kind: Type.Literal('check-change'),
    check: Name(128),
    checkKind: Name(32),
    from: Type.Union([CheckStatus, Type.Literal('none')]),
    to: CheckStatus,
    message: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/** Sample records the agent dropped because its outbox was full, so the loss is visible. */
export const GapRecordSchema = Type.Object(
  {
    ...RecordBase,
    kind: Type.Literal('gap'),
    reason: Type.Literal('outbox-full'),
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Integer({ minimum: 1 }),
    droppedCount: Type.Integer({ minimum: 1 }),
    fromAt: EpochMs,
    toAt: EpochMs,
  },
  { additionalProperties: false },
);

/** Progress of a patch plan on this host; never dropped from a full outbox. */
export const PlanStatusRecordSchema = Type.Object(
  {
    ...RecordBase,
    kind: Type.Literal('plan-status'),
    planId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    rolloutId: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
    version: Type.Integer({ minimum: 0 }),
    state: Type.Union(PLAN_STATES.map((state) => Type.Literal(state))),
    /** The step running, or where it stopped. */
    step: Type.Optional(Name(128)),
    phase: Type.Optional(Type.Union(PLAN_PHASES.map((phase) => Type.Literal(phase)))),
    /** A refusal code (`PLAN_*`, `STEP_NOT_ALLOWED`) or what went wrong, for people. */
    reason: Type.Optional(Type.String({ maxLength: 1024 })),
    /** The last lines a step printed. */
    outputTail: Type.Optional(Type.String({ maxLength: 4096 })),
    versionBefore: Type.Optional(Type.String({ maxLength: 64 })),
    versionAfter: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

export const ReportRecordSchema = Type.Union([
  SampleRecordSchema,
  FactsRecordSchema,
  CheckChangeRecordSchema,
  GapRecordSchema,
  PlanStatusRecordSchema,
]);

/** Record kinds a full outbox may drop (oldest first); every other kind is kept. */
export const DROPPABLE_RECORD_KINDS: ReadonlySet<ReportRecord['kind']> = new Set(['sample']);

export type CheckStatusValue = Static<typeof CheckStatus>;
export type CpuMetrics = Static<typeof CpuMetricsSchema>;
export type MemoryMetrics = Static<typeof MemoryMetricsSchema>;
export type DiskMetrics = Static<typeof DiskMetricsSchema>;
export type NetworkMetrics = Static<typeof NetworkMetricsSchema>;
export type HostMetrics = Static<typeof HostMetricsSchema>;
export type CheckResult = Static<typeof CheckResultSchema>;
export type HostFacts = Static<typeof HostFactsSchema>;
export type SampleRecord = Static<typeof SampleRecordSchema>;
export type FactsRecord = Static<typeof FactsRecordSchema>;
export type CheckChangeRecord = Static<typeof CheckChangeRecordSchema>;
export type GapRecord = Static<typeof GapRecordSchema>;
export type PlanStatusRecord = Static<typeof PlanStatusRecordSchema>;
export type ReportRecord = Static<typeof ReportRecordSchema>;
/** A record before the outbox assigns its sequence number. */
export type NewReportRecord = ReportRecord extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;
