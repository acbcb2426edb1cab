/**
 * The JSON schema of a stored report's content, for the API's response schemas and OpenAPI.
 * It mirrors `reports/model.ts`; the type checks at the end fail to compile when the two drift.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ReportContent } from '../reports/model.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Str = Type.String();
const Num = Type.Number();
const NumOrNull = Nullable(Num);
const StrOrNull = Nullable(Str);
const Literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const TraceSchema = Type.Object({ source: Str, inputs: Type.Record(Type.String(), Type.Unknown()), ids: Type.Array(Type.Union([Str, Num])) });
const TallySchema = Type.Array(Type.Object({ key: Str, count: Num }));
const DurationStatsSchema = Type.Object({ count: Num, meanBusinessHours: NumOrNull, medianBusinessHours: NumOrNull, maxBusinessHours: NumOrNull });
const AvailabilityFigures = { expectedSeconds: Num, maintenanceSeconds: Num, upSeconds: Num, downtimeSeconds: Num, availability: NumOrNull };

const HostsSchema = Type.Object({
  atStart: Num, atEnd: Num, added: Num, removed: Num,
  items: Type.Array(Type.Object({ id: Str, name: Str, product: StrOrNull, createdAt: Str, revokedAt: StrOrNull })),
  changes: Type.Array(Type.Object({ hostId: Str, hostName: Str, at: Str, kind: Literals(['added', 'removed', 'facts-changed'] as const), detail: Str })),
  trace: TraceSchema,
});

const AvailabilitySchema = Type.Object({
  tenant: Type.Object(AvailabilityFigures),
  hosts: Type.Array(Type.Object({ hostId: Str, hostName: Str, ...AvailabilityFigures, trace: TraceSchema })),
  method: Str,
  trace: TraceSchema,
});

const AlertsSchema = Type.Object({
  firings: Num, suppressedFirings: Num, byCategory: TallySchema, bySeverity: TallySchema, byRule: TallySchema,
  mostRecurrent: Type.Array(Type.Object({ fingerprint: Str, ruleId: Str, hostId: StrOrNull, hostName: StrOrNull, count: Num })),
  trace: TraceSchema,
});

const IncidentRowSchema = Type.Object({
  id: Str, ruleId: Str, category: Str, severity: Str, hostId: StrOrNull, title: Str, plan: Str, calendar: Str, openedAt: Str, responseDueAt: StrOrNull,
  acknowledgedAt: StrOrNull, resolvedAt: StrOrNull, responseBusinessSeconds: NumOrNull, resolutionBusinessSeconds: NumOrNull,
  deadline: Literals(['met', 'missed', 'pending', 'undetermined'] as const), problem: StrOrNull,
});

const IncidentsSchema = Type.Object({
  count: Num, byCategory: TallySchema, bySeverity: TallySchema, byRule: TallySchema, response: DurationStatsSchema, resolution: DurationStatsSchema,
  deadline: Type.Object({ withinBusinessSeconds: Type.Record(Type.String(), Num), met: Num, missed: Num, pending: Num, undetermined: Num, shareWithin: NumOrNull }),
  items: Type.Array(IncidentRowSchema),
  trace: TraceSchema,
});

const PatchingSchema = Type.Object({
  windows: Type.Object({
    held: Num, upcoming: Num, skipped: Num, cancelled: Num, skipReasons: TallySchema,
    items: Type.Array(Type.Object({ id: Str, trackId: Str, startAt: Str, endAt: Str, status: Literals(['held', 'upcoming', 'skipped', 'cancelled'] as const), reason: StrOrNull, hostIds: Type.Array(Str) })),
    trace: TraceSchema,
  }),
  plans: Type.Object({
    succeeded: Num, failed: Num, rolledBack: Num, versionsApplied: Type.Array(Str),
    items: Type.Array(Type.Object({
      planId: Str, rolloutId: Str, hostId: Str, hostName: Str, at: Str, state: Literals(['succeeded', 'failed', 'rolled-back'] as const),
      versionBefore: StrOrNull, versionAfter: StrOrNull, reason: StrOrNull, eventId: Num,
    })),
    trace: TraceSchema,
  }),
  slots: Type.Object({
    requested: Num, honoured: Num, moved: Num, rejected: Num, cancelled: Num,
    items: Type.Array(Type.Object({
      id: Str, trackId: Str, slotDate: Str, state: Str, requestedAt: Str, honoured: Type.Boolean(),
      moves: Type.Array(Type.Object({ at: Str, action: Str, reason: StrOrNull })),
    })),
    trace: TraceSchema,
  }),
});

const CapacitySchema = Type.Object({
  method: Str,
  hosts: Type.Array(Type.Object({
    hostId: Str, hostName: Str, cpuP95: NumOrNull, memoryP95: NumOrNull, hours: Num,
    disks: Type.Array(Type.Object({ mount: Str, lastPercent: Num, growthPercentPerDay: Num, daysToFull: NumOrNull, hours: Num })),
    trace: TraceSchema,
  })),
});

const SupportSchema = Type.Object({
  count: Num, byChannel: TallySchema, byCategory: TallySchema,
  firstResponseMinutes: Type.Object({ count: Num, mean: NumOrNull, median: NumOrNull }),
  resolutionHours: Type.Object({ count: Num, mean: NumOrNull, median: NumOrNull }),
  trace: TraceSchema,
});

const RecommendationSchema = Type.Object({
  rule: Literals([
    'disk-full-soon', 'check-failing-weekly', 'missed-windows', 'low-availability', 'response-deadline', 'capacity-high',
    'critical-response-missed', 'critical-downtime', 'critical-changes',
  ] as const),
  severity: Literals(['info', 'warning', 'critical'] as const),
  subject: Str,
  facts: Type.Record(Type.String(), Type.Union([Str, Num])),
  trace: TraceSchema,
});

const CriticalSectionSchema = Type.Object({
  period: Type.Object({
    id: Str, kind: Str, title: Str, startLocal: Str, endLocal: Str, startsAt: Str, endsAt: Str,
    hostIds: Type.Array(Str), products: Type.Array(Str), notes: StrOrNull, coveredHostIds: Type.Array(Str),
  }),
  response: Type.Object({
    within: StrOrNull, calendar: StrOrNull, count: Num, met: Num, missed: Num, pending: Num, undetermined: Num, shareWithin: NumOrNull,
    items: Type.Array(Type.Object({
      id: Str, hostId: StrOrNull, title: Str, severity: Str, openedAt: Str, responseDueAt: StrOrNull, respondedAt: StrOrNull, respondedBy: StrOrNull,
      responseSeconds: NumOrNull, deadline: Literals(['met', 'missed', 'pending', 'undetermined'] as const),
    })),
    trace: TraceSchema,
  }),
  actions: Type.Object({
    byKind: TallySchema,
    items: Type.Array(Type.Object({
      at: Str, kind: Literals(['incident-acknowledged', 'incident-resolved', 'patch', 'rollout', 'maintenance', 'audit'] as const), actor: StrOrNull, subject: Str, detail: Str,
    })),
    trace: TraceSchema,
  }),
});

/** A whole report's content. */
export const ReportContentSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  tenant: Type.Object({ id: Str, name: Str, plan: Str, timeZone: Str }),
  period: Type.Object({ kind: Literals(['half-year', 'year', 'range', 'critical-period'] as const), label: Str, zone: Str, fromAt: Str, toAt: Str, fromDate: Str, toDate: Str }),
  generatedAt: Str,
  locale: Literals(['zh-CN', 'en'] as const),
  hosts: HostsSchema,
  availability: AvailabilitySchema,
  alerts: AlertsSchema,
  incidents: IncidentsSchema,
  patching: PatchingSchema,
  capacity: CapacitySchema,
  support: SupportSchema,
  recommendations: Type.Array(RecommendationSchema),
  critical: Type.Optional(CriticalSectionSchema),
});

// Both directions: a field missing from either side stops the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contentMatchesModel: Same<Static<typeof ReportContentSchema>, ReportContent> = true;
void contentMatchesModel;
