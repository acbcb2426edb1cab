/**
 * Schema of an alert rules file, `{ rules: [...] }`. Descriptions are written as the fix a
 * person editing the file needs; unknown fields are refused. Checks a schema cannot express
 * (clear threshold side, placeholders, duplicate ids) live in `check.ts`.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { DURATION_PATTERN } from '../duration.ts';
import { METRIC_NAMES } from '../metrics.ts';
import { SEVERITIES } from '../model.ts';

const literals = <const T extends string>(values: readonly T[], description: string): TUnion<TLiteral<T>[]> => Type.Union(values.map((value) => Type.Literal(value)), { description });

const Duration = (example: string) => Type.String({ pattern: DURATION_PATTERN, description: `must be a duration like ${example}: a whole number and s, m, h or d` });
const Text = (what: string) => Type.String({ minLength: 1, maxLength: 2000, description: `must be text: ${what}` });
const Patterns = Type.Array(Type.String({ minLength: 1, description: 'must be a regular expression, e.g. /data/.*' }), { minItems: 1, description: 'must list regular expressions, e.g. [/data/.*]' });

/** Names to watch (anchored regular expressions): all of `include` (default everything) except `exclude`. */
export const NameFilterSchema = Type.Object(
  { include: Type.Optional(Patterns), exclude: Type.Optional(Patterns) },
  { additionalProperties: false, description: 'must be {include: [...], exclude: [...]} with regular expressions' },
);

const common = {
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'must be lower-case letters, digits and dashes, e.g. disk-usage-critical' }),
  severity: literals(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`),
  enabled: Type.Optional(Type.Boolean({ description: 'must be true or false' })),
  for: Type.Optional(Duration('10m')),
  keepFiringFor: Type.Optional(Duration('15m')),
  labels: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 256, description: 'must be text' }), { description: 'must map label names to text, e.g. {team: erp}' })),
  summary: Text('one line that says what is wrong, e.g. Disk {{mount}} on {{host}} is {{value}}% full'),
  description: Type.Optional(Text('what it means and what to do')),
  summary_zh: Type.Optional(Text('the summary in Chinese')),
  description_zh: Type.Optional(Text('the description in Chinese')),
};

const rule = <P extends Record<string, TSchema>, K extends string>(kind: K, properties: P) =>
  Type.Object({ kind: Type.Literal(kind), ...common, ...properties }, { additionalProperties: false });

/** Value of a metric compared with a threshold, with an optional clear threshold for hysteresis. */
export const MetricThresholdRuleSchema = rule('metric-threshold', {
  metric: literals(METRIC_NAMES, `must be one of ${METRIC_NAMES.join(', ')}`),
  op: literals(['>', '>=', '<', '<='], "must be one of '>', '>=', '<', '<=' (quote it in YAML)"),
  threshold: Type.Number({ description: 'must be a number, e.g. 90' }),
  clear: Type.Optional(Type.Number({ description: 'must be a number on the safe side of threshold, e.g. 80 for > 90' })),
  mounts: Type.Optional(NameFilterSchema),
  checks: Type.Optional(NameFilterSchema),
});

/** Days until a disk is full, by a straight line through recent use. */
export const MetricForecastRuleSchema = rule('metric-forecast', {
  metric: literals(['disk_used_percent'], 'must be disk_used_percent'),
  reaches: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'must be the percent that counts as full, e.g. 100' })),
  within: Duration('7d'),
  over: Type.Optional(Duration('6h')),
  mounts: Type.Optional(NameFilterSchema),
});

const CheckStatuses = Type.Array(literals(['warning', 'critical', 'unknown'], 'must be warning, critical or unknown'), {
  minItems: 1,
  uniqueItems: true,
  description: 'must list check statuses without repeats, e.g. [critical]',
});

/** A check reporting one of `statuses` (default warning and critical). */
export const CheckStateRuleSchema = rule('check-state', {
  statuses: Type.Optional(CheckStatuses),
  checks: Type.Optional(NameFilterSchema),
  checkKinds: Type.Optional(Type.Array(Type.String({ minLength: 1, description: 'must be a check kind, e.g. http' }), { minItems: 1, description: 'must list check kinds, e.g. [http, tcp]' })),
});

/** A host whose status is one of `statuses` (default down). */
export const HeartbeatLostRuleSchema = rule('heartbeat-lost', {
  statuses: Type.Optional(
    Type.Array(literals(['stale', 'down'], 'must be stale or down'), { minItems: 1, uniqueItems: true, description: 'must list host statuses, e.g. [down]' }),
  ),
});

/** The agent reported dropping samples within `keepFiringFor` (default 1h). */
export const OutboxGapRuleSchema = rule('outbox-gap', {});
/** Next year's holiday calendar is missing (from 1 October), or this year's. */
export const CalendarMissingRuleSchema = rule('calendar-missing', {});
/** Raised by rollouts when a host's update fails. */
export const RolloutFailedRuleSchema = rule('rollout-failed', {});
/** Raised by rollouts when work runs past the end of its window. */
export const WindowOverrunRuleSchema = rule('window-overrun', {});

/** One rule as written in a rules file. */
export const RuleSpecSchema = Type.Union(
  [
    MetricThresholdRuleSchema,
    MetricForecastRuleSchema,
    CheckStateRuleSchema,
    HeartbeatLostRuleSchema,
    OutboxGapRuleSchema,
    CalendarMissingRuleSchema,
    RolloutFailedRuleSchema,
    WindowOverrunRuleSchema,
  ],
  { description: 'must be a rule with id, kind, severity and summary' },
);

/** A rules-directory entry that only turns a default rule off: `{ id: cpu-high, enabled: false }`. */
export const RuleDisableSchema = Type.Object(
  { id: common.id, enabled: Type.Literal(false, { description: 'must be false to turn the rule off' }) },
  { additionalProperties: false },
);

/** A rules file: a list of rules. */
export const RulesFileSchema = Type.Object(
  { rules: Type.Array(Type.Unknown(), { description: 'must be a list of rules' }) },
  { additionalProperties: false, description: 'must be a mapping with a rules: list' },
);

/** A name filter as written. */
export type NameFilterSpec = Static<typeof NameFilterSchema>;
/** One rule as written (after the schema check). */
export type RuleSpec = Static<typeof RuleSpecSchema>;
/** Every rule kind. */
export type RuleKind = RuleSpec['kind'];
/** Rule fields that become annotations of the same name. */
export const ANNOTATION_FIELDS = ['summary', 'description', 'summary_zh', 'description_zh'] as const;
/** Kinds raised by other code through `eventObservation`, never by evaluating a host. */
export const EVENT_KINDS: readonly RuleKind[] = ['rollout-failed', 'window-overrun'];
