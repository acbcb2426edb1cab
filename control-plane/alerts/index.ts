/**
 * The pure alerting domain the engine calls: rules (loaded once at start), host and global
 * evaluation, the alert state machine with flap detection, matchers and disk history.
 */
export { DiskHistory, forecastDaysToFull, forecastWindow, type DiskPoint, type DiskPointSource } from './disk-history.ts';
export { evaluateGlobal, evaluateHost, eventObservation, thresholdBreach, type GlobalContext, type HostContext, type RuleEvent } from './evaluate.ts';
export { DEFAULT_FLAP_THRESHOLDS, percentStateChange, type FlapThresholds } from './flapping.ts';
export { anchoredRegex, checkMatcher, formatMatchers, MatcherError, matches, matchesAll, parseMatchers, type MatcherErrorCode } from './matchers.ts';
export { METRIC_NAMES, type MetricName } from './metrics.ts';
export { fingerprintOf, fnv1a64 } from './fingerprint.ts';
export { RESERVED_LABELS } from './observation.ts';
export { acknowledgeAlert, isActive, nextAlertState, nextDueAt } from './state-machine.ts';
export { DEFAULT_RULES_PATH, loadRules, type RuleLoadOptions } from './rules/load.ts';
export { rulesOfKind, type AlertRule, type EventRule } from './rules/rule.ts';
export { AlertRulesError, buildRuleSet, type AlertRulesErrorCode, type RulesIssue, type RulesText } from './rules/rule-set.ts';
