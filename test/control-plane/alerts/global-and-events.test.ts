import { describe, expect, it } from 'vitest';
import { buildHolidayCalendars } from '../../../schedules/core.ts';
import { loadHolidayCalendars } from '../../../schedules/index.ts';
import { evaluateGlobal, eventObservation } from '../../../control-plane/alerts/evaluate.ts';
import { loadRules } from '../../../control-plane/alerts/rules/load.ts';
import { rulesOfKind } from '../../../control-plane/alerts/rules/rule.ts';

const rules = loadRules();
const calendars = loadHolidayCalendars();

describe('evaluateGlobal: holiday-calendar-missing', () => {
  it.each<[string, string, string, string[]]>([
    ['30 September in Shanghai: nothing is missing yet', '2026-09-30T15:59:00Z', 'Asia/Shanghai', []],
    ['1 October in Shanghai: next year is missing', '2026-09-30T16:00:00Z', 'Asia/Shanghai', ['2027']],
    ['the same instant is still 30 September in UTC', '2026-09-30T16:00:00Z', 'UTC', []],
    ['in December next year is still missing', '2026-12-31T12:00:00Z', 'Asia/Shanghai', ['2027']],
    ['a year without data is missing itself', '2027-03-01T00:00:00Z', 'Asia/Shanghai', ['2027']],
    ['October 2025 with 2026 shipped: nothing is missing', '2025-10-15T00:00:00Z', 'Asia/Shanghai', []],
  ])('%s', (_name, instant, zone, years) => {
    const observations = evaluateGlobal(rules, { now: Date.parse(instant), calendars, zone });
    expect(observations.map((o) => o.labels.year)).toEqual(years);
    for (const o of observations) expect(o).toMatchObject({ ruleId: 'holiday-calendar-missing', tenantId: null, hostId: null, breach: 'above' });
  });

  it('has no host or tenant labels, and says which file to add', () => {
    const [missing] = evaluateGlobal(rules, { now: Date.parse('2026-10-08T00:00:00Z'), calendars, zone: 'Asia/Shanghai' });
    expect(missing.labels).toEqual({ alertname: 'holiday-calendar-missing', severity: 'warning', year: '2027' });
    expect(missing.annotations.summary).toBe('Holiday calendar for 2027 is missing');
    expect(missing.annotations.description).toContain('schedules/holidays/cn/2027.json');
    expect(missing.value).toBe(2027);
  });

  it('observes nothing when the rule is turned off (no calendar-missing rule)', () => {
    const empty = buildHolidayCalendars([]);
    expect(evaluateGlobal(rules.filter((r) => r.kind !== 'calendar-missing'), { now: Date.parse('2026-10-08T00:00:00Z'), calendars: empty, zone: 'UTC' })).toEqual([]);
  });
});

describe('eventObservation', () => {
  const [rolloutFailed] = rulesOfKind(rules, 'rollout-failed');
  const [windowOverrun] = rulesOfKind(rules, 'window-overrun');
  const event = { tenantId: 't-acme', tenantName: 'Acme 制造', hostId: 'h-erp-01', hostName: 'erp-app-01', labels: { rollout: 'ro-42' }, value: null, at: Date.parse('2026-03-14T15:10:00Z') };

  it('raises a rollout failure for the host, labelled with what it is about', () => {
    const observation = eventObservation(rolloutFailed, event);
    expect(observation).toMatchObject({ ruleId: 'rollout-failed', tenantId: 't-acme', hostId: 'h-erp-01', severity: 'critical', breach: 'above' });
    expect(observation.labels).toEqual({ alertname: 'rollout-failed', severity: 'critical', host: 'erp-app-01', host_id: 'h-erp-01', tenant: 'Acme 制造', tenant_id: 't-acme', rollout: 'ro-42' });
    expect(observation.annotations.summary).toBe('Rollout failed on erp-app-01 (Acme 制造)');
  });

  it('tells two rollouts on the same host apart, and the same rollout raised twice as one series', () => {
    const first = eventObservation(rolloutFailed, event).fingerprint;
    expect(eventObservation(rolloutFailed, { ...event, labels: { rollout: 'ro-43' } }).fingerprint).not.toBe(first);
    expect(eventObservation(rolloutFailed, { ...event, at: event.at + 60_000 }).fingerprint).toBe(first);
  });

  it('does not let event labels override the ones Tideway sets', () => {
    const observation = eventObservation(rolloutFailed, { ...event, labels: { rollout: 'ro-42', host_id: 'other', severity: 'info' } });
    expect(observation.labels).toMatchObject({ host_id: 'h-erp-01', severity: 'critical', rollout: 'ro-42' });
  });

  it('raises a window overrun for a tenant without a host, with minutes past the window as value', () => {
    const observation = eventObservation(windowOverrun, { tenantId: 't-acme', tenantName: 'Acme 制造', labels: { window: 'w-2026-03-14' }, value: 25, at: event.at });
    expect(observation).toMatchObject({ hostId: null, value: 25, severity: 'warning' });
    expect(observation.labels).not.toHaveProperty('host');
    expect(observation.annotations.description).toContain('still running 25 minutes after');
  });

  it('gives event rules a keepFiringFor so their alerts resolve on a timer', () => {
    expect(rolloutFailed.timing).toEqual({ forMs: 0, keepFiringForMs: 4 * 3_600_000 });
    expect(windowOverrun.timing).toEqual({ forMs: 0, keepFiringForMs: 3_600_000 });
  });
});
