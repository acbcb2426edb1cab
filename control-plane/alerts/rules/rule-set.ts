/**
 * Builds the rule set from the shipped defaults and the files of a rules directory: every
 * file is checked in full and every problem reported together, with the file, the path in
 * it and the fix. A directory rule with a default's id replaces that default; an entry
 * `{ id, enabled: false }` turns a default off; an id may appear only once in the directory.
 */
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { schemaIssues } from '../../../schedules/schema-check.ts';
import { ruleIssues } from './check.ts';
import { compileRule } from './compile.ts';
import type { AlertRule } from './rule.ts';
import { RuleDisableSchema, RulesFileSchema, RuleSpecSchema, type RuleSpec } from './schema.ts';

/** One rules file's text and where it came from (a path, shown in messages). */
export interface RulesText {
  source: string;
  text: string;
}

/** Stable codes of rule loading problems. */
export type AlertRulesErrorCode = 'ALERT_RULES_INVALID' | 'ALERT_RULES_UNREADABLE';

/** One problem: the file, the path inside it (`rules[3].for`) and what to do. */
export interface RulesIssue {
  source: string;
  path: string;
  message: string;
}

/** Rules that cannot be used; `issues` lists every problem found, the message one a line. */
export class AlertRulesError extends Error {
  constructor(
    readonly code: AlertRulesErrorCode,
    readonly issues: RulesIssue[],
  ) {
    const lines = issues.map((issue) => `  ${issue.source}: ${issue.path ? `${issue.path} ` : ''}${issue.message}`);
    super(`alert rules are invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'AlertRulesError';
  }
}

type Entry = { path: string; id: string } & ({ spec: RuleSpec } | { disable: true });

function parseDocument(file: RulesText, issues: RulesIssue[]): unknown[] {
  let document: unknown;
  try {
    document = parseYaml(file.text);
  } catch (error) {
    issues.push({ source: file.source, path: '', message: `is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0].replace(/:$/, '') : String(error)}` });
    return [];
  }
  const problems = schemaIssues(RulesFileSchema, document);
  issues.push(...problems.map((problem) => ({ source: file.source, ...problem })));
  return problems.length === 0 ? (document as { rules: unknown[] }).rules : [];
}

function fileEntries(file: RulesText, issues: RulesIssue[]): Entry[] {
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  parseDocument(file, issues).forEach((raw, index) => {
    const path = `rules[${index}]`;
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && seen.has(id)) {
      issues.push({ source: file.source, path: `${path}.id`, message: `'${id}' is already used by ${seen.get(id)}; give each rule its own id` });
      return;
    }
    if (typeof id === 'string') seen.set(id, path);
    if (Value.Check(RuleDisableSchema, raw)) {
      entries.push({ path, id: raw.id, disable: true });
      return;
    }
    const problems = [...schemaIssues(RuleSpecSchema, raw, path)];
    if (problems.length === 0) problems.push(...ruleIssues(raw as RuleSpec, path));
    issues.push(...problems.map((problem) => ({ source: file.source, ...problem })));
    if (problems.length === 0) entries.push({ path, id: (raw as RuleSpec).id, spec: raw as RuleSpec });
  });
  return entries;
}

/** The enabled rules of `defaults` merged with `extras` (in order); throws `AlertRulesError` listing every problem. */
export function buildRuleSet(defaults: RulesText, extras: readonly RulesText[] = []): AlertRule[] {
  const issues: RulesIssue[] = [];
  const merged = new Map<string, { spec: RuleSpec | null; source: string }>();
  for (const entry of fileEntries(defaults, issues)) {
    if ('spec' in entry) merged.set(entry.id, { spec: entry.spec, source: defaults.source });
    else issues.push({ source: defaults.source, path: entry.path, message: 'turns a rule off in the defaults file; set enabled: false in a rules-directory file instead' });
  }
  const defaultIds = [...merged.keys()];
  const defined = new Map<string, string>();
  for (const file of extras) {
    for (const entry of fileEntries(file, issues)) {
      const where = `${file.source} ${entry.path}`;
      if (defined.has(entry.id)) {
        issues.push({ source: file.source, path: `${entry.path}.id`, message: `'${entry.id}' is also defined at ${defined.get(entry.id)}; keep one` });
        continue;
      }
      defined.set(entry.id, where);
      if ('spec' in entry) merged.set(entry.id, { spec: entry.spec, source: file.source });
      else if (merged.has(entry.id)) merged.set(entry.id, { spec: null, source: file.source });
      else issues.push({ source: file.source, path: entry.path, message: `turns off '${entry.id}', which is not a default rule; check the id (defaults: ${defaultIds.join(', ')})` });
    }
  }
  if (issues.length > 0) throw new AlertRulesError('ALERT_RULES_INVALID', issues);
  return [...merged.values()].flatMap(({ spec, source }) => (spec && spec.enabled !== false ? [compileRule(spec, source)] : []));
}
