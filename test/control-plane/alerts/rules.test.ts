import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_RULES_PATH, loadRules } from '../../../control-plane/alerts/rules/load.ts';
import { buildRuleSet } from '../../../control-plane/alerts/rules/rule-set.ts';
import { HOUR, MINUTE, ruleFrom, rulesIssues } from './helpers.ts';

const cpu = { id: 'cpu-high', kind: 'metric-threshold', severity: 'warning', metric: 'cpu_percent', op: '>', threshold: 90, summary: 'CPU on {{host}} at {{value}}%' };
const build = (...rules: object[]) => () => buildRuleSet({ source: 'rules.yaml', text: stringify({ rules }) });

describe('rules file validation', () => {
  it.each<[string, object[], string[]]>([
    ['a bad duration', [{ ...cpu, for: '10 minutes' }], ['rules[0].for must be a duration like 10m: a whole number and s, m, h or d (got "10 minutes")']],
    ['a duration given as a number', [{ ...cpu, keepFiringFor: 600 }], ['rules[0].keepFiringFor must be a duration like 15m: a whole number and s, m, h or d (got 600)']],
    ['an unknown kind', [{ ...cpu, kind: 'cpu' }], ['rules[0].kind must be one of metric-threshold, metric-forecast, check-state, heartbeat-lost, outbox-gap, calendar-missing, rollout-failed, window-overrun (got "cpu")']],
    ['clear on the wrong side of a > threshold', [{ ...cpu, clear: 95 }], ["rules[0].clear must be below threshold 90 for op '>' (the value at which the alert clears), e.g. 85"]],
    ['clear equal to the threshold', [{ ...cpu, clear: 90 }], ["rules[0].clear must be below threshold 90 for op '>' (the value at which the alert clears), e.g. 85"]],
    ['clear on the wrong side of a < threshold', [{ ...cpu, metric: 'tls_days_left', op: '<', threshold: 14, clear: 7 }], ["rules[0].clear must be above threshold 14 for op '<' (the value at which the alert clears), e.g. 19"]],
    ['an unknown placeholder', [{ ...cpu, summary: 'CPU on {{hostname}}' }], ['rules[0].summary uses {{hostname}}, which is not a placeholder; use one of {{host}}, {{tenant}}, {{value}}, {{threshold}}']],
    ['a placeholder the kind cannot fill', [{ ...cpu, description: 'on {{mount}}' }], ['rules[0].description uses {{mount}}, which a cpu_percent threshold rule cannot fill; use one of {{host}}, {{tenant}}, {{value}}, {{threshold}}']],
    ['an unclosed placeholder', [{ ...cpu, summary_zh: 'CPU {{host' }], ['rules[0].summary_zh opens {{ without closing it; write placeholders like {{host}}']],
    ['a duplicate id', [cpu, { ...cpu, threshold: 95 }], ["rules[1].id 'cpu-high' is already used by rules[0]; give each rule its own id"]],
    ['an unknown field', [{ ...cpu, treshold: 3 }], ['rules[0].treshold is not a known field; remove it or check its spelling']],
    ['a bad severity', [{ ...cpu, severity: 'high' }], ['rules[0].severity must be one of info, warning, critical (got "high")']],
    ['an unknown metric', [{ ...cpu, metric: 'cpu' }], [expect.stringMatching(/^rules\[0\]\.metric must be one of cpu_percent, memory_percent, .*process_count \(got "cpu"\)$/)]],
    ['a missing summary and a bad id', [{ id: 'Host Down', kind: 'heartbeat-lost', severity: 'critical' }], [expect.stringMatching(/^rules\[0\]\.summary is required/), expect.stringMatching(/^rules\[0\]\.id must be lower-case letters, digits and dashes/)]],
    ['a reserved, a malformed and a changing label', [{ ...cpu, labels: { host: 'x', 'bad-name': 'y', level: '{{value}}' } }], [
      expect.stringMatching(/^rules\[0\]\.labels\.host is set by Tideway/),
      expect.stringMatching(/^rules\[0\]\.labels\.bad-name is not a label name/),
      'rules[0].labels.level uses {{value}}, which changes at every evaluation and would make each a new alert; put it in the summary or description',
    ]],
    ['a regular expression that does not compile', [{ ...cpu, metric: 'disk_used_percent', mounts: { include: ['(['] } }], [expect.stringMatching(/^rules\[0\]\.mounts\.include\[0\] '\(\[' is not a valid regular expression .*; write a regular expression, e.g. \/data\/\.\*$/)]],
    ['mounts on a host metric', [{ ...cpu, mounts: { include: ['/'] } }], ['rules[0].mounts applies only to per-mount metrics (disk_used_percent, inode_used_percent); remove it for cpu_percent']],
    ['an event rule with for and a zero keepFiringFor', [{ id: 'rf', kind: 'rollout-failed', severity: 'critical', summary: 'x', for: '5m', keepFiringFor: '0s' }], [
      'rules[0].keepFiringFor must be longer than 0s: a rollout-failed alert resolves when it runs out, e.g. 1h',
      'rules[0].for has no meaning for an event that happens once; remove it',
    ]],
    ['a forecast window longer than the history kept', [{ id: 'f', kind: 'metric-forecast', severity: 'warning', metric: 'disk_used_percent', within: '7d', over: '2d', summary: 'x' }], ['rules[0].over must be from 1h to 8h (the disk history kept), e.g. 6h']],
  ])('reports %s with its path and the fix', (_name, rules, messages) => {
    const { code, issues } = rulesIssues(build(...rules));
    expect(code).toBe('ALERT_RULES_INVALID');
    expect(issues.map((issue) => `${issue.path} ${issue.message}`)).toEqual(messages);
    for (const issue of issues) expect(issue.source).toBe('rules.yaml');
  });

  it('reports every problem of a file at once, one a line, naming the file', () => {
    const { message } = rulesIssues(build({ ...cpu, for: '10 minutes' }, { ...cpu, id: 'cpu-2', clear: 95 }));
    expect(message).toBe(
      [
        'alert rules are invalid (2 problems):',
        '  rules.yaml: rules[0].for must be a duration like 10m: a whole number and s, m, h or d (got "10 minutes")',
        "  rules.yaml: rules[1].clear must be below threshold 90 for op '>' (the value at which the alert clears), e.g. 85",
      ].join('\n'),
    );
  });

  it.each([
    ['text that is not YAML', 'rules: [', /^is not valid YAML: /],
    ['an empty file', '', /^must be a mapping with a rules: list \(got null\)$/],
    ['rules that are not a list', 'rules: {}', /^rules must be a list of rules \(got \{\}\)$/],
  ])('refuses %s', (_name, text, message) => {
    const { issues } = rulesIssues(() => buildRuleSet({ source: 'r.yaml', text }));
    expect(`${issues[0].path ? `${issues[0].path} ` : ''}${issues[0].message}`).toMatch(message);
  });

  it('compiles durations, defaults and hysteresis of a valid rule', () => {
    expect(ruleFrom({ ...cpu, clear: 80, for: '10m', keepFiringFor: '30s' })).toMatchObject({ id: 'cpu-high', timing: { forMs: 10 * MINUTE, keepFiringForMs: 30_000 }, clear: 80, mounts: null, source: 'rules.yaml' });
    expect(ruleFrom({ id: 'gap', kind: 'outbox-gap', severity: 'warning', summary: 'x' })).toMatchObject({ windowMs: HOUR, timing: { forMs: 0, keepFiringForMs: 0 } });
    expect(ruleFrom({ id: 'f', kind: 'metric-forecast', severity: 'warning', metric: 'disk_used_percent', within: '7d', summary: 'x' })).toMatchObject({ reaches: 100, withinMs: 7 * 24 * HOUR, overMs: 6 * HOUR });
  });
});

describe('the shipped defaults', () => {
  const rules = loadRules();

  it('load and contain the rules ops teams expect', () => {
    expect(rules.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['host-down', 'cpu-high', 'memory-high', 'disk-usage-warning', 'disk-usage-critical', 'disk-full-forecast', 'tls-expiring', 'check-failing', 'clock-skew', 'outbox-gap', 'holiday-calendar-missing', 'rollout-failed', 'window-overrun']),
    );
    for (const rule of rules) expect(rule.source).toBe(DEFAULT_RULES_PATH);
  });

  it.each<[string, object]>([
    ['host-down', { kind: 'heartbeat-lost', severity: 'critical', statuses: new Set(['down']) }],
    ['cpu-high', { metric: 'cpu_percent', op: '>', threshold: 90, timing: { forMs: 10 * MINUTE, keepFiringForMs: 0 } }],
    ['memory-high', { metric: 'memory_percent', op: '>', threshold: 90, timing: { forMs: 10 * MINUTE, keepFiringForMs: 0 } }],
    ['disk-usage-warning', { metric: 'disk_used_percent', threshold: 85, severity: 'warning' }],
    ['disk-usage-critical', { metric: 'disk_used_percent', threshold: 95, severity: 'critical' }],
    ['disk-full-forecast', { kind: 'metric-forecast', reaches: 100, withinMs: 7 * 24 * HOUR }],
    ['tls-expiring', { metric: 'tls_days_left', op: '<', threshold: 14 }],
    ['check-failing', { kind: 'check-state', statuses: new Set(['critical']) }],
    ['clock-skew', { metric: 'clock_skew_seconds', op: '>', threshold: 30, severity: 'warning' }],
  ])('%s means what it says', (id, expected) => {
    expect(rules.find((rule) => rule.id === id)).toMatchObject(expected);
  });

  it('give every rule an English summary and a Chinese one', () => {
    for (const rule of rules) expect(rule.annotations.map(([name]) => name)).toEqual(['summary', 'description', 'summary_zh']);
  });
});

describe('loadRules with a rules directory', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function rulesDir(files: Record<string, string | object>): string {
    dir = mkdtempSync(join(tmpdir(), 'tideway-rules-'));
    const rulesPath = join(dir, 'rules.d');
    mkdirSync(rulesPath);
    for (const [name, content] of Object.entries(files)) writeFileSync(join(rulesPath, name), typeof content === 'string' ? content : stringify(content));
    return rulesPath;
  }

  it('replaces a default with a directory rule of the same id, turns one off, and adds new ones', () => {
    const rulesDirPath = rulesDir({
      'erp.yaml': { rules: [{ ...cpu, threshold: 95, clear: 85, summary: 'CPU on {{host}} at {{value}}%' }, { id: 'tls-expiring', enabled: false }] },
      'more.yml': { rules: [{ id: 'swap-high', kind: 'metric-threshold', severity: 'info', metric: 'swap_used_percent', op: '>', threshold: 50, summary: 'Swap on {{host}}' }] },
      'notes.txt': 'not a rules file',
    });
    const rules = loadRules({ rulesDir: rulesDirPath });
    const ids = rules.map((rule) => rule.id);
    expect(rules.find((rule) => rule.id === 'cpu-high')).toMatchObject({ threshold: 95, clear: 85, source: join(rulesDirPath, 'erp.yaml') });
    expect(ids).not.toContain('tls-expiring');
    expect(ids.at(-1)).toBe('swap-high');
    expect(ids.indexOf('cpu-high')).toBe(loadRules().findIndex((rule) => rule.id === 'cpu-high'));
  });

  it('drops a rule written with enabled: false', () => {
    const rules = loadRules({ rulesDir: rulesDir({ 'a.yaml': { rules: [{ ...cpu, id: 'cpu-extra', enabled: false }] } }) });
    expect(rules.map((rule) => rule.id)).not.toContain('cpu-extra');
  });

  it('refuses turning off a rule that is not a default, and an id defined in two files', () => {
    const rulesDirPath = rulesDir({ 'a.yaml': { rules: [{ id: 'cpu-hgh', enabled: false }, { ...cpu, id: 'cpu-2' }] }, 'b.yaml': { rules: [{ ...cpu, id: 'cpu-2' }] } });
    const { issues } = rulesIssues(() => loadRules({ rulesDir: rulesDirPath }));
    expect(issues).toEqual([
      { source: join(rulesDirPath, 'a.yaml'), path: 'rules[0]', message: expect.stringMatching(/^turns off 'cpu-hgh', which is not a default rule; check the id \(defaults: host-down, cpu-high, /) },
      { source: join(rulesDirPath, 'b.yaml'), path: 'rules[0].id', message: `'cpu-2' is also defined at ${join(rulesDirPath, 'a.yaml')} rules[1]; keep one` },
    ]);
  });

  it('reports problems of several files together, each with its file', () => {
    const rulesDirPath = rulesDir({ 'a.yaml': { rules: [{ ...cpu, for: 'soon' }] }, 'b.yaml': 'rules: [' });
    const { issues } = rulesIssues(() => loadRules({ rulesDir: rulesDirPath }));
    expect(issues.map((issue) => issue.source)).toEqual([join(rulesDirPath, 'a.yaml'), join(rulesDirPath, 'b.yaml')]);
  });

  it('adds nothing from a directory that does not exist', () => {
    expect(loadRules({ rulesDir: join(tmpdir(), 'tideway-no-such-rules-dir') })).toHaveLength(loadRules().length);
  });

  it('says when the defaults file cannot be read', () => {
    const { code, issues } = rulesIssues(() => loadRules({ defaultsPath: join(tmpdir(), 'tideway-missing-defaults.yaml') }));
    expect(code).toBe('ALERT_RULES_UNREADABLE');
    expect(issues[0].message).toMatch(/^cannot be read \(.*ENOENT.*\); check the path and its permissions$/);
  });
});
