import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMatchers, MatcherError, matchesAll, parseMatchers } from '../../../control-plane/alerts/matchers.ts';
import type { LabelMatcher } from '../../../control-plane/alerts/model.ts';

const labels = { alertname: 'disk-usage-critical', severity: 'critical', host: 'erp-app-01', tenant_id: 't-acme', mount: '/var' };

describe('parseMatchers', () => {
  it.each<[string, LabelMatcher[]]>([
    ['severity="critical",host=~"erp-.*"', [{ name: 'severity', op: '=', value: 'critical' }, { name: 'host', op: '=~', value: 'erp-.*' }]],
    ['{alertname!="cpu-high", mount!~"/boot.*"}', [{ name: 'alertname', op: '!=', value: 'cpu-high' }, { name: 'mount', op: '!~', value: '/boot.*' }]],
    ['  severity = critical , host=erp-app-01 ', [{ name: 'severity', op: '=', value: 'critical' }, { name: 'host', op: '=', value: 'erp-app-01' }]],
    ['summary="says \\"full\\", a\\\\b"', [{ name: 'summary', op: '=', value: 'says "full", a\\b' }]],
    ['tenant=""', [{ name: 'tenant', op: '=', value: '' }]],
    ['', []],
    ['{}', []],
  ])('reads %s', (text, matchers) => {
    expect(parseMatchers(text)).toEqual(matchers);
  });

  it.each<[string, string, RegExp]>([
    ['host=~"erp-(.*"', 'MATCHER_REGEX_INVALID', /not a valid regular expression/],
    ['host=~"[a-"', 'MATCHER_REGEX_INVALID', /not a valid regular expression/],
    ['severity', 'MATCHER_SYNTAX', /must be followed by =, !=, =~ or !~/],
    ['="critical"', 'MATCHER_SYNTAX', /must start with a label name/],
    ['severity="critical', 'MATCHER_SYNTAX', /without closing it/],
    ['{severity="critical"', 'MATCHER_SYNTAX', /opens '\{' without closing it/],
    ['severity="critical" host="a"', 'MATCHER_SYNTAX', /expected ','/],
    ['9host="a"', 'MATCHER_SYNTAX', /must start with a label name/],
  ])('refuses %s with %s', (text, code, message) => {
    let error: unknown;
    try {
      parseMatchers(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MatcherError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});

describe('matchesAll', () => {
  it.each<[string, boolean]>([
    ['severity="critical",host=~"erp-.*"', true],
    ['host=~"erp"', false],
    ['host=~"app"', false],
    ['host=~".*app.*"', true],
    ['host!~"erp-.*"', false],
    ['severity!="critical"', false],
    ['alertname=~"disk-.*|cpu-high"', true],
    ['team=""', true],
    ['team!=""', false],
    ['team=~".*"', true],
    ['team!="erp"', true],
    ['mount="/var",severity="warning"', false],
    ['', true],
  ])('%s on a disk alert -> %s', (text, expected) => {
    expect(matchesAll(labels, parseMatchers(text))).toBe(expected);
  });
});

describe('formatMatchers', () => {
  it('writes the Alertmanager form', () => {
    expect(formatMatchers(parseMatchers('severity=critical,host=~erp-.*'))).toBe('{severity="critical",host=~"erp-.*"}');
  });

  it('is read back to the same matchers, whatever the values', () => {
    const matcher = fc.record({
      name: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/),
      op: fc.constantFrom<'=' | '!='>('=', '!='),
      value: fc.string({ maxLength: 20 }),
    });
    fc.assert(
      fc.property(fc.array(matcher, { maxLength: 5 }), (matchers) => {
        expect(parseMatchers(formatMatchers(matchers))).toEqual(matchers);
      }),
    );
  });
});
