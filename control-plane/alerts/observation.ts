/**
 * Turns a rule's reading of one subject into an `Observation`: labels, rendered annotations
 * and a fingerprint that identifies the series across evaluations and restarts.
 */
import { fingerprintOf } from './fingerprint.ts';
import type { Subject } from './metrics.ts';
import type { Labels, Observation } from './model.ts';
import type { AlertRule } from './rules/rule.ts';
import { renderTemplate, type TemplateVars } from './template.ts';

/** Labels Tideway sets itself; a rule's own labels may not use these names. */
export const RESERVED_LABELS: readonly string[] = ['alertname', 'severity', 'host', 'host_id', 'tenant', 'tenant_id', 'product', 'mount', 'check', 'year'];

/** Who an observation is about: a host, a tenant (some events), or nobody (global rules). */
export interface Scope {
  tenantId: string | null;
  tenantName: string | null;
  hostId: string | null;
  hostName: string | null;
  product: string | null;
}

/** One rule's verdict on one subject. */
export interface Reading {
  subject: Subject;
  value: number | null;
  breach: Observation['breach'];
}

const DAY_MS = 86_400_000;

/** The value `{{threshold}}` shows: the threshold, or a forecast's horizon in days. */
function thresholdOf(rule: AlertRule): number | null {
  if (rule.kind === 'metric-threshold') return rule.threshold;
  if (rule.kind === 'metric-forecast') return rule.withinMs / DAY_MS;
  return null;
}

/** The observation of `reading` by `rule` for `scope`; `extraLabels` (event subjects) never override Tideway's. */
export function buildObservation(rule: AlertRule, scope: Scope, reading: Reading, extraLabels: Labels = {}): Observation {
  const { subject } = reading;
  const vars: TemplateVars = {
    host: scope.hostName ?? scope.hostId,
    tenant: scope.tenantName ?? scope.tenantId,
    value: reading.value,
    threshold: thresholdOf(rule),
    mount: subject.mount,
    check: subject.check,
    year: subject.year,
  };
  const labels: Record<string, string> = { alertname: rule.id, severity: rule.severity };
  if (scope.hostId !== null) Object.assign(labels, { host: scope.hostName ?? scope.hostId, host_id: scope.hostId });
  if (scope.tenantId !== null) Object.assign(labels, { tenant: scope.tenantName ?? scope.tenantId, tenant_id: scope.tenantId });
  if (scope.product) labels.product = scope.product;
  for (const [name, value] of Object.entries(extraLabels)) if (!RESERVED_LABELS.includes(name)) labels[name] = value;
  if (subject.mount !== undefined) labels.mount = subject.mount;
  if (subject.check !== undefined) labels.check = subject.check;
  if (subject.year !== undefined) labels.year = String(subject.year);
  for (const [name, template] of rule.labels) labels[name] = renderTemplate(template, vars);
  const annotations: Record<string, string> = {};
  for (const [name, template] of rule.annotations) annotations[name] = renderTemplate(template, vars);
  return {
    fingerprint: fingerprintOf(rule.id, labels),
    ruleId: rule.id,
    tenantId: scope.tenantId,
    hostId: scope.hostId,
    labels,
    annotations,
    severity: rule.severity,
    value: reading.value,
    breach: reading.breach,
  };
}
