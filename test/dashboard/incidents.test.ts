import { describe, expect, it } from 'vitest';
import { incidentTitle, isBreached, responseStatus } from '../../dashboard/src/incidents.ts';
import type { Incident } from '../../dashboard/src/types.ts';

const NOW = Date.UTC(2026, 10, 27, 4, 0, 0);
const iso = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();

type Deadline = Pick<Incident, 'responseDueAt' | 'acknowledgedAt' | 'resolvedAt' | 'responseBreached'>;
const open = (change: Partial<Deadline> = {}): Deadline => ({ responseDueAt: iso(90), acknowledgedAt: null, resolvedAt: null, responseBreached: false, ...change });

describe('responseStatus', () => {
  it.each<[string, Deadline, ReturnType<typeof responseStatus>]>([
    ['an open incident before its deadline', open(), { kind: 'due', seconds: 5400 }],
    ['an open incident at its deadline', open({ responseDueAt: iso(0) }), { kind: 'due', seconds: 0 }],
    ['an open incident past its deadline', open({ responseDueAt: iso(-2) }), { kind: 'overdue', seconds: 120 }],
    ['an incident acknowledged in time', open({ acknowledgedAt: iso(-1) }), { kind: 'answered', late: false }],
    ['an incident acknowledged late', open({ responseDueAt: iso(-10), acknowledgedAt: iso(-1), responseBreached: true }), { kind: 'answered', late: true }],
    ['an incident resolved unanswered', open({ resolvedAt: iso(-1) }), { kind: 'closed' }],
    ['an incident without a deadline', open({ responseDueAt: null }), { kind: 'unknown' }],
  ])('describes %s', (_what, incident, expected) => {
    expect(responseStatus(incident, NOW)).toEqual(expected);
  });
});

describe('isBreached', () => {
  it.each<[string, Deadline, boolean]>([
    ['flagged by the server', open({ responseBreached: true }), true],
    ['past its deadline, before the server flagged it', open({ responseDueAt: iso(-1) }), true],
    ['before its deadline', open(), false],
    ['acknowledged in time, now past the deadline', open({ responseDueAt: iso(-10), acknowledgedAt: iso(-20) }), false],
    ['without a deadline', open({ responseDueAt: null }), false],
  ])('calls an incident %s breached: %s', (_what, incident, expected) => {
    expect(isBreached(incident, NOW)).toBe(expected);
  });
});

describe('incidentTitle', () => {
  const incident = { title: 'CPU spike on erp-db-01' };
  const alert = { annotations: { summary: 'CPU spike on erp-db-01', summary_zh: '主机 erp-db-01 CPU 突增' } };

  it('shows Chinese readers the summary_zh of its alert', () => {
    expect(incidentTitle(incident, alert, 'zh-CN')).toBe('主机 erp-db-01 CPU 突增');
  });

  it('keeps its own title in English, without its alert, or when the rule has no translation', () => {
    expect(incidentTitle(incident, alert, 'en')).toBe('CPU spike on erp-db-01');
    expect(incidentTitle(incident, undefined, 'zh-CN')).toBe('CPU spike on erp-db-01');
    expect(incidentTitle(incident, { annotations: { summary: 'x' } }, 'zh-CN')).toBe('CPU spike on erp-db-01');
  });
});
