/**
 * Checks of a schema-valid rule that a schema cannot express, each reported with its path
 * and the fix: the clear threshold's side, placeholders the rule's kind can fill, label
 * names, patterns that compile, and durations that make sense for the kind.
 */
import { parseDurationMs } from '../duration.ts';
import { anchoredRegex } from '../matchers.ts';
import { metricScope } from '../metrics.ts';
import { RESERVED_LABELS } from '../observation.ts';
import { parseTemplate, type Placeholder } from '../template.ts';
import { MAX_FORECAST_WINDOW_MS } from '../disk-history.ts';
import { ANNOTATION_FIELDS, EVENT_KINDS, type NameFilterSpec, type RuleSpec } from './schema.ts';

/** One problem in a rules file. */
export interface RuleIssue {
  path: string;
  message: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const list = (names: readonly Placeholder[]) => names.map((name) => `{{${name}}}`).join(', ');

/** The placeholders a rule of this kind (and metric) can fill. */
export function placeholdersFor(spec: RuleSpec): Placeholder[] {
  switch (spec.kind) {
    case 'metric-threshold': {
      const scope = metricScope(spec.metric);
      return ['host', 'tenant', 'value', 'threshold', ...(scope === 'host' ? [] : [scope])];
    }
    case 'metric-forecast':
      return ['host', 'tenant', 'value', 'threshold', 'mount'];
    case 'check-state':
      return ['host', 'tenant', 'check'];
    case 'heartbeat-lost':
      return ['host', 'tenant'];
    case 'calendar-missing':
      return ['year'];
    default:
      return ['host', 'tenant', 'value'];
  }
}

/** Every problem of one rule at `path` (e.g. `rules[3]`). */
export function ruleIssues(spec: RuleSpec, path: string): RuleIssue[] {
  return [...templateIssues(spec, path), ...labelIssues(spec, path), ...filterIssues(spec, path), ...kindIssues(spec, path)];
}

function placeholderIssues(text: string, path: string, allowed: readonly Placeholder[], kind: string): RuleIssue[] {
  const parsed = parseTemplate(text);
  const issues: RuleIssue[] = [];
  if (parsed.unclosed) issues.push({ path, message: `opens {{ without closing it; write placeholders like {{host}}` });
  for (const name of parsed.unknown) issues.push({ path, message: `uses {{${name}}}, which is not a placeholder; use one of ${list(allowed)}` });
  for (const name of parsed.used.filter((used) => !allowed.includes(used))) {
    issues.push({ path, message: `uses {{${name}}}, which a ${kind} rule cannot fill; use one of ${list(allowed)}` });
  }
  return issues;
}

const kindName = (spec: RuleSpec): string => (spec.kind === 'metric-threshold' ? `${spec.metric} threshold` : spec.kind);

function templateIssues(spec: RuleSpec, path: string): RuleIssue[] {
  const allowed = placeholdersFor(spec);
  return ANNOTATION_FIELDS.flatMap((field) => {
    const text = spec[field];
    return text === undefined ? [] : placeholderIssues(text, `${path}.${field}`, allowed, kindName(spec));
  });
}

function labelIssues(spec: RuleSpec, path: string): RuleIssue[] {
  const allowed = placeholdersFor(spec);
  return Object.entries(spec.labels ?? {}).flatMap(([name, value]) => {
    const at = `${path}.labels.${name}`;
    if (!LABEL_NAME.test(name)) return [{ path: at, message: 'is not a label name; use letters, digits and _, starting with a letter, e.g. team' }];
    if (RESERVED_LABELS.includes(name)) return [{ path: at, message: `is set by Tideway (${RESERVED_LABELS.join(', ')}); choose another name` }];
    // Labels identify the alert: one that changed with every evaluation would make each a new alert.
    if (parseTemplate(value).used.includes('value')) return [{ path: at, message: 'uses {{value}}, which changes at every evaluation and would make each a new alert; put it in the summary or description' }];
    return placeholderIssues(value, at, allowed, kindName(spec));
  });
}

function patternIssues(filter: NameFilterSpec | undefined, path: string): RuleIssue[] {
  const entries = [...(filter?.include ?? []).map((p, i) => [p, `include[${i}]`]), ...(filter?.exclude ?? []).map((p, i) => [p, `exclude[${i}]`])];
  return entries.flatMap(([pattern, where]) => {
    try {
      anchoredRegex(pattern);
      return [];
    } catch (error) {
      return [{ path: `${path}.${where}`, message: `${error instanceof Error ? error.message : String(error)}; write a regular expression, e.g. /data/.*` }];
    }
  });
}

function filterIssues(spec: RuleSpec, path: string): RuleIssue[] {
  if (spec.kind === 'metric-forecast') return patternIssues(spec.mounts, `${path}.mounts`);
  if (spec.kind === 'check-state') return patternIssues(spec.checks, `${path}.checks`);
  if (spec.kind !== 'metric-threshold') return [];
  const scope = metricScope(spec.metric);
  const issues = [...patternIssues(spec.mounts, `${path}.mounts`), ...patternIssues(spec.checks, `${path}.checks`)];
  if (spec.mounts && scope !== 'mount') issues.push({ path: `${path}.mounts`, message: `applies only to per-mount metrics (disk_used_percent, inode_used_percent); remove it for ${spec.metric}` });
  if (spec.checks && scope !== 'check') issues.push({ path: `${path}.checks`, message: `applies only to per-check metrics (tls_days_left, check_latency_ms); remove it for ${spec.metric}` });
  return issues;
}

function kindIssues(spec: RuleSpec, path: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (spec.kind === 'metric-threshold' && spec.clear !== undefined) {
    const upward = spec.op === '>' || spec.op === '>=';
    if (upward ? spec.clear >= spec.threshold : spec.clear <= spec.threshold) {
      const side = upward ? 'below' : 'above';
      issues.push({ path: `${path}.clear`, message: `must be ${side} threshold ${spec.threshold} for op '${spec.op}' (the value at which the alert clears), e.g. ${upward ? spec.threshold - 5 : spec.threshold + 5}` });
    }
  }
  if (spec.kind === 'metric-forecast' && spec.over !== undefined) {
    const overMs = parseDurationMs(spec.over) ?? 0;
    if (overMs < 3_600_000 || overMs > MAX_FORECAST_WINDOW_MS) issues.push({ path: `${path}.over`, message: `must be from 1h to ${MAX_FORECAST_WINDOW_MS / 3_600_000}h (the disk history kept), e.g. 6h` });
  }
  if (spec.kind === 'metric-forecast' && parseDurationMs(spec.within) === 0) issues.push({ path: `${path}.within`, message: 'must be longer than 0s, e.g. 7d' });
  const lasting = EVENT_KINDS.includes(spec.kind) || spec.kind === 'outbox-gap';
  if (lasting && spec.keepFiringFor !== undefined && parseDurationMs(spec.keepFiringFor) === 0) {
    issues.push({ path: `${path}.keepFiringFor`, message: `must be longer than 0s: a ${spec.kind} alert resolves when it runs out, e.g. 1h` });
  }
  if (EVENT_KINDS.includes(spec.kind) && spec.for !== undefined && parseDurationMs(spec.for) !== 0) {
    issues.push({ path: `${path}.for`, message: 'has no meaning for an event that happens once; remove it' });
  }
  return issues;
}
