import { describe, expect, it } from 'vitest';
import {
  actorName,
  alertMatches,
  compareAlerts,
  defaultMatchers,
  localizedAnnotation,
  matcherText,
  mergeAlerts,
  muteStatus,
  silenceEndsAt,
  sinceAt,
  updateFiring,
} from '../../dashboard/src/alerts.ts';
import type { AlertsQuery } from '../../dashboard/src/router.ts';
import type { AlertItem } from '../../dashboard/src/types.ts';

const NOW = Date.UTC(2026, 10, 27, 4, 0, 0);
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

function alert(fingerprint: string, change: Partial<AlertItem> = {}): AlertItem {
  return {
    fingerprint,
    ruleId: 'cpu-spike',
    tenantId: 'ten_1',
    hostId: 'hst_1',
    labels: { alertname: 'cpu-spike', severity: 'critical', host: 'erp-db-01', host_id: 'hst_1', tenant: 'Acme', tenant_id: 'ten_1' },
    annotations: { summary: 'CPU spike on erp-db-01', summary_zh: '主机 erp-db-01 CPU 突增' },
    severity: 'critical',
    state: 'firing',
    value: 99,
    activeAt: iso(10),
    firedAt: iso(9),
    resolvedAt: null,
    flapping: false,
    suppressed: false,
    silenced: false,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgeComment: null,
    ...change,
  };
}

const FIRING: AlertsQuery = { state: 'firing' };

describe('sinceAt', () => {
  it.each([
    ['firing', 'its firing time', Date.parse(iso(9))],
    ['pending', 'its activation', Date.parse(iso(10))],
    ['resolved', 'its resolution', Date.parse(iso(1))],
  ] as const)('dates a %s alert from %s', (state, _what, expected) => {
    expect(sinceAt(alert('a', { state, resolvedAt: iso(1) }))).toBe(expected);
  });

  it('has no instant when the state has none', () => {
    expect(sinceAt(alert('a', { state: 'pending', activeAt: null }))).toBeNull();
  });
});

describe('compareAlerts', () => {
  it('puts firing before pending before resolved, then critical before warning before info, then the newest first', () => {
    const alerts = [
      alert('resolved', { state: 'resolved', resolvedAt: iso(0) }),
      alert('pending', { state: 'pending' }),
      alert('info', { severity: 'info' }),
      alert('warning-old', { severity: 'warning', firedAt: iso(60) }),
      alert('warning-new', { severity: 'warning', firedAt: iso(5) }),
      alert('custom', { severity: 'page-someone' }),
      alert('critical'),
    ];
    expect(alerts.sort(compareAlerts).map((a) => a.fingerprint)).toEqual(['critical', 'warning-new', 'warning-old', 'info', 'custom', 'pending', 'resolved']);
  });
});

describe('alertMatches', () => {
  it.each<[string, Partial<AlertItem>, AlertsQuery, boolean]>([
    ['a firing alert on the firing tab', {}, FIRING, true],
    ['a resolved alert on the firing tab', { state: 'resolved' }, FIRING, false],
    ['an alert of the filtered tenant', {}, { state: 'firing', tenantId: 'ten_1' }, true],
    ['an alert of another tenant', {}, { state: 'firing', tenantId: 'ten_2' }, false],
    ['a global alert under a tenant filter', { tenantId: null, hostId: null }, { state: 'firing', tenantId: 'ten_1' }, false],
    ['an alert of another host', {}, { state: 'firing', hostId: 'hst_2' }, false],
  ])('decides %s', (_what, change, query, expected) => {
    expect(alertMatches(alert('a', change), query)).toBe(expected);
  });
});

describe('mergeAlerts', () => {
  it('adds a newly firing alert in its sorted place', () => {
    const merged = mergeAlerts([alert('old', { severity: 'warning' })], [alert('new')], FIRING);
    expect(merged.map((a) => a.fingerprint)).toEqual(['new', 'old']);
  });

  it('replaces the row of an alert that changed, e.g. acknowledged', () => {
    const merged = mergeAlerts([alert('a')], [alert('a', { acknowledgedAt: iso(0), acknowledgedBy: 'user:li' })], FIRING);
    expect(merged).toHaveLength(1);
    expect(merged[0].acknowledgedBy).toBe('user:li');
  });

  it('drops an alert that no longer matches the tab, e.g. resolved', () => {
    expect(mergeAlerts([alert('a'), alert('b')], [alert('a', { state: 'resolved' })], FIRING).map((x) => x.fingerprint)).toEqual(['b']);
  });

  it('ignores pushes for other tabs that were not in the list', () => {
    expect(mergeAlerts([], [alert('p', { state: 'pending' })], FIRING)).toEqual([]);
  });
});

describe('updateFiring', () => {
  it('counts an alert that starts firing and forgets one that stops', () => {
    const start = new Set(['a', 'b']);
    const next = updateFiring(start, [alert('c'), alert('a', { state: 'resolved' }), alert('b')]);
    expect([...next].sort()).toEqual(['b', 'c']);
    expect([...start].sort()).toEqual(['a', 'b']);
  });
});

describe('localizedAnnotation', () => {
  it('uses summary_zh for Chinese readers and summary otherwise', () => {
    expect(localizedAnnotation(alert('a'), 'summary', 'zh-CN')).toBe('主机 erp-db-01 CPU 突增');
    expect(localizedAnnotation(alert('a'), 'summary', 'en')).toBe('CPU spike on erp-db-01');
  });

  it('falls back to English without a translation, and to the rule id without a summary', () => {
    expect(localizedAnnotation(alert('a', { annotations: { summary: 'CPU spike' } }), 'summary', 'zh-CN')).toBe('CPU spike');
    expect(localizedAnnotation(alert('a', { annotations: {} }), 'summary', 'zh-CN')).toBe('cpu-spike');
    expect(localizedAnnotation(alert('a', { annotations: {} }), 'description', 'en')).toBe('');
  });
});

describe('defaultMatchers', () => {
  it('matches the rule and the host by equality', () => {
    expect(defaultMatchers(alert('a'))).toEqual([
      { name: 'alertname', op: '=', value: 'cpu-spike' },
      { name: 'host_id', op: '=', value: 'hst_1' },
    ]);
  });

  it('matches only the rule of an alert without a host', () => {
    expect(defaultMatchers({ labels: { alertname: 'holiday-calendar-missing', year: '2027' } })).toEqual([{ name: 'alertname', op: '=', value: 'holiday-calendar-missing' }]);
  });

  it('writes a matcher as Alertmanager does', () => {
    expect(matcherText({ name: 'host', op: '=~', value: 'erp-.*' })).toBe('host=~"erp-.*"');
  });
});

describe('silenceEndsAt', () => {
  it.each([
    ['1h', 3_600_000],
    ['4h', 4 * 3_600_000],
    ['1d', 86_400_000],
  ] as const)('ends a %s silence that long after now', (duration, ms) => {
    expect(silenceEndsAt(duration, NOW, null)).toBe(NOW + ms);
  });

  it.each([
    ['a future end', NOW + 90_000, NOW + 90_000],
    ['an end now', NOW, null],
    ['a past end', NOW - 1, null],
    ['no end', null, null],
  ])('takes a custom silence with %s as %s', (_what, custom, expected) => {
    expect(silenceEndsAt('custom', NOW, custom)).toBe(expected);
  });
});

describe('muteStatus', () => {
  it.each([
    ['not begun', { startsAt: iso(-5), endsAt: iso(-65) }, 'scheduled'],
    ['in force', { startsAt: iso(5), endsAt: iso(-55) }, 'active'],
    ['starting exactly now', { startsAt: iso(0), endsAt: iso(-60) }, 'active'],
    ['past its end', { startsAt: iso(65), endsAt: iso(5) }, 'ended'],
    ['ending exactly now', { startsAt: iso(60), endsAt: iso(0) }, 'ended'],
    ['expired early', { startsAt: iso(5), endsAt: iso(-55), expiredAt: iso(1) }, 'ended'],
  ])('calls a period %s %s', (_what, period, expected) => {
    expect(muteStatus(period, NOW)).toBe(expected);
  });
});

describe('actorName', () => {
  it.each([
    ['user:li.wei', 'li.wei'],
    ['token:ci-bot', 'token:ci-bot'],
    [null, '–'],
  ])('shows %s as %s', (actor, expected) => {
    expect(actorName(actor)).toBe(expected);
  });
});
