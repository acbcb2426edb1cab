import { describe, expect, it } from 'vitest';
import { formatValue, parseTemplate, renderTemplate, type TemplateVars } from '../../../control-plane/alerts/template.ts';

const render = (text: string, vars: TemplateVars) => renderTemplate(parseTemplate(text).parts, vars);

describe('rule text templates', () => {
  it.each<[string, string, TemplateVars, string]>([
    ['fills every placeholder', 'Disk {{mount}} on {{host}} ({{tenant}}) is {{value}}% full, over {{threshold}}%', { mount: '/var', host: 'erp-app-01', tenant: 'Acme 制造', value: 91.2345, threshold: 85 }, 'Disk /var on erp-app-01 (Acme 制造) is 91.23% full, over 85%'],
    ['allows spaces inside the braces', '{{ host }} / {{check }}', { host: 'db-01', check: 'erp-web' }, 'db-01 / erp-web'],
    ['repeats a placeholder', '{{year}}: add {{year}}.json', { year: 2027 }, '2027: add 2027.json'],
    ['shows a missing value as a dash', 'dropped {{value}} samples', { value: null }, 'dropped - samples'],
    ['leaves text without placeholders alone', 'Host down', {}, 'Host down'],
    ['keeps single braces', 'set {a} to {{value}}', { value: 1 }, 'set {a} to 1'],
  ])('%s', (_name, text, vars, expected) => {
    expect(render(text, vars)).toBe(expected);
  });

  it.each<[string, string, Partial<ReturnType<typeof parseTemplate>>]>([
    ['notes an unknown placeholder and the known ones used', 'on {{hostname}} at {{value}}', { unknown: ['hostname'], used: ['value'], unclosed: false }],
    ['notes a {{ never closed', 'on {{host', { unclosed: true, used: [] }],
    ['lists placeholders in order of use', '{{check}} {{host}} {{check}}', { used: ['check', 'host', 'check'], unknown: [] }],
  ])('%s', (_name, text, expected) => {
    expect(parseTemplate(text)).toMatchObject(expected);
  });
});

describe('formatValue', () => {
  it.each<[number | string | null | undefined, string]>([
    [91.2345, '91.23'],
    [3, '3'],
    [0.5, '0.5'],
    [99.999, '100'],
    [1.005e3, '1005'],
    [-12.346, '-12.35'],
    [0.001, '0'],
    [null, '-'],
    [undefined, '-'],
    ['/var', '/var'],
  ])('%s -> %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});
