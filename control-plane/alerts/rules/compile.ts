/** Turns a checked rule spec into the rule evaluation uses. */
import type { CheckStatusValue } from '../../../protocol/index.ts';
import { parseDurationMs } from '../duration.ts';
import { anchoredRegex } from '../matchers.ts';
import { parseTemplate } from '../template.ts';
import type { AlertRule, NameFilter } from './rule.ts';
import { ANNOTATION_FIELDS, type NameFilterSpec, type RuleSpec } from './schema.ts';

/** How long an outbox gap keeps its alert firing when the rule does not say. */
export const DEFAULT_OUTBOX_GAP_WINDOW_MS = 3_600_000;
/** How long an event alert (rollout failed, window overrun) fires when the rule does not say. */
export const DEFAULT_EVENT_KEEP_FIRING_MS = 3_600_000;

const DEFAULT_CHECK_STATUSES: CheckStatusValue[] = ['warning', 'critical'];

const ms = (text: string | undefined, fallback: number): number => (text === undefined ? fallback : (parseDurationMs(text) ?? fallback));

function compileFilter(spec: NameFilterSpec | undefined): NameFilter | null {
  if (!spec) return null;
  return { include: (spec.include ?? []).map(anchoredRegex), exclude: (spec.exclude ?? []).map(anchoredRegex) };
}

/** The rule `spec` describes; `spec` must have passed the schema and `ruleIssues`. */
export function compileRule(spec: RuleSpec, source: string): AlertRule {
  const base = {
    id: spec.id,
    severity: spec.severity,
    source,
    timing: { forMs: ms(spec.for, 0), keepFiringForMs: ms(spec.keepFiringFor, 0) },
    labels: Object.entries(spec.labels ?? {}).map(([name, text]) => [name, parseTemplate(text).parts] as const),
    annotations: ANNOTATION_FIELDS.flatMap((field) => {
      const text = spec[field];
      return text === undefined ? [] : [[field, parseTemplate(text).parts] as const];
    }),
  };
  switch (spec.kind) {
    case 'metric-threshold':
      return { ...base, kind: spec.kind, metric: spec.metric, op: spec.op, threshold: spec.threshold, clear: spec.clear ?? null, mounts: compileFilter(spec.mounts), checks: compileFilter(spec.checks) };
    case 'metric-forecast':
      return { ...base, kind: spec.kind, metric: spec.metric, reaches: spec.reaches ?? 100, withinMs: ms(spec.within, 0), overMs: ms(spec.over, 6 * 3_600_000), mounts: compileFilter(spec.mounts) };
    case 'check-state':
      return { ...base, kind: spec.kind, statuses: new Set(spec.statuses ?? DEFAULT_CHECK_STATUSES), checks: compileFilter(spec.checks), checkKinds: spec.checkKinds ? new Set(spec.checkKinds) : null };
    case 'heartbeat-lost':
      return { ...base, kind: spec.kind, statuses: new Set(spec.statuses ?? ['down']) };
    case 'outbox-gap':
      // keepFiringFor is the window after a gap during which the condition holds; the state
      // machine must not add it a second time.
      return { ...base, kind: spec.kind, windowMs: ms(spec.keepFiringFor, DEFAULT_OUTBOX_GAP_WINDOW_MS), timing: { ...base.timing, keepFiringForMs: 0 } };
    case 'calendar-missing':
      return { ...base, kind: spec.kind };
    case 'rollout-failed':
    case 'window-overrun':
      return { ...base, kind: spec.kind, timing: { forMs: 0, keepFiringForMs: ms(spec.keepFiringFor, DEFAULT_EVENT_KEEP_FIRING_MS) } };
  }
}
