/** Fixtures for the alerting domain suites: fixed instants, hosts, rules from YAML-shaped objects. */
import { stringify } from 'yaml';
import type { HostContext } from '../../../control-plane/alerts/host-context.ts';
import type { AlertSeries, Observation, RuleTiming } from '../../../control-plane/alerts/model.ts';
import type { AlertRule } from '../../../control-plane/alerts/rules/rule.ts';
import { AlertRulesError, buildRuleSet, type RulesIssue } from '../../../control-plane/alerts/rules/rule-set.ts';
import { nextAlertState } from '../../../control-plane/alerts/state-machine.ts';
import { sampleRecord } from '../../helpers/records.ts';

/** A fixed instant: Monday 2 March 2026, 10:00 in Shanghai. */
export const T0 = Date.parse('2026-03-02T02:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A host with a realistic latest sample taken at `T0` (CPU 12.5%), overridable. */
export function host(overrides: Partial<HostContext> = {}): HostContext {
  return {
    hostId: 'h-erp-01',
    hostName: 'erp-app-01',
    tenantId: 't-acme',
    tenantName: 'Acme 制造',
    product: 'cangqiong',
    status: 'up',
    latest: sampleRecord(1, T0),
    clockSkewSeconds: null,
    lastGapAt: null,
    lastGapDropped: null,
    diskHistory: null,
    ...overrides,
  };
}

/** The rules of one file written as plain objects (serialized to YAML first, as ops would write it). */
export function rulesFrom(...rules: object[]): AlertRule[] {
  return buildRuleSet({ source: 'rules.yaml', text: stringify({ rules }) });
}

/** The one rule of `rulesFrom(rule)`. */
export const ruleFrom = (rule: object): AlertRule => rulesFrom(rule)[0];

/** The issues `run` throws as an `AlertRulesError` (fails when it throws nothing or something else). */
export function rulesIssues(run: () => unknown): { code: string; issues: RulesIssue[]; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AlertRulesError) return { code: error.code, issues: error.issues, message: error.message };
    throw error;
  }
  throw new Error('expected an AlertRulesError');
}

/** An observation of one series with the given breach. */
export function observation(breach: Observation['breach'], value: number | null = null): Observation {
  return {
    fingerprint: 'fp-cpu',
    ruleId: 'cpu-high',
    tenantId: 't-acme',
    hostId: 'h-erp-01',
    labels: { alertname: 'cpu-high', severity: 'warning', host: 'erp-app-01' },
    annotations: { summary: 'CPU high' },
    severity: 'warning',
    value,
    breach,
  };
}

/** One step of a series' life: minutes after `T0`, and what was observed (or an acknowledgement). */
export type Step = readonly [minutes: number, what: Observation['breach'] | 'ack'];

/** The series after each step, starting from nothing. */
export function run(steps: readonly Step[], timing: RuleTiming): AlertSeries[] {
  const states: AlertSeries[] = [];
  let series: AlertSeries | undefined;
  for (const [minutes, what] of steps) {
    const now = T0 + minutes * MINUTE;
    if (what === 'ack') series = { ...(series as AlertSeries), acknowledgedAt: now, acknowledgedBy: 'ops-li', acknowledgeComment: 'looking' };
    else series = nextAlertState(series, observation(what), timing, now);
    states.push(series);
  }
  return states;
}

/** The last series of `run`. */
export const last = (steps: readonly Step[], timing: RuleTiming): AlertSeries => run(steps, timing).at(-1) as AlertSeries;
