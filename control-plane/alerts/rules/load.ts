/**
 * Reads rule files from disk: the shipped `defaults.yaml` and every `*.yaml` / `*.yml` file
 * of a rules directory, in name order. The only module of the alerting domain that does I/O.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlertRule } from './rule.ts';
import { AlertRulesError, buildRuleSet, type RulesText } from './rule-set.ts';

/** The shipped default rules. */
export const DEFAULT_RULES_PATH = fileURLToPath(new URL('./defaults.yaml', import.meta.url));

/** Where rules come from. */
export interface RuleLoadOptions {
  /** The defaults file; the shipped one unless told. */
  defaultsPath?: string;
  /** A folder of more rule files; a folder that does not exist adds nothing. */
  rulesDir?: string;
}

function readRulesText(path: string): RulesText {
  try {
    return { source: path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AlertRulesError('ALERT_RULES_UNREADABLE', [{ source: path, path: '', message: `cannot be read (${reason}); check the path and its permissions` }]);
  }
}

/** Rule files of a directory, in name order (none when it does not exist). */
export function ruleFilesIn(rulesDir: string | undefined): string[] {
  if (!rulesDir || !existsSync(rulesDir)) return [];
  return readdirSync(rulesDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(rulesDir, name));
}

/**
 * The enabled rules: defaults, replaced by directory rules with the same id, turned off by
 * `{ id, enabled: false }` entries, plus new directory rules. Throws `AlertRulesError`
 * (`ALERT_RULES_INVALID` listing every problem, or `ALERT_RULES_UNREADABLE`).
 */
export function loadRules(options: RuleLoadOptions = {}): AlertRule[] {
  const defaults = readRulesText(options.defaultsPath ?? DEFAULT_RULES_PATH);
  return buildRuleSet(defaults, ruleFilesIn(options.rulesDir).map(readRulesText));
}
