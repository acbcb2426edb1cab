import { describe, expect, it } from 'vitest';
import { criticalResponseDeadline, incidentResponseDeadline, parseServicePlans } from '../../schedules/index.ts';
import { at, calendars, iso, plans, scheduleIssues } from './helpers.ts';

const plan = (id: string) => plans.find((candidate) => candidate.id === id)!;

describe('critical-period response in service plans', () => {
  it('promises 4h on 7x24 for standard and 1h on 7x24 for advanced', () => {
    expect(plans.map((p) => [p.id, p.criticalResponse.within, p.criticalResponse.withinSeconds, p.criticalResponse.calendar])).toEqual([
      ['standard', '4h', 4 * 3600, '7x24'],
      ['advanced', '1h', 3600, '7x24'],
    ]);
  });

  it('defaults to 2h on 7x24 for a plan that names no critical response', () => {
    const [gold] = parseServicePlans({ plans: [{ id: 'gold', name: 'Gold', incidentResponse: { within: '1wd', calendar: '5x8' } }] });
    expect(gold.criticalResponse).toEqual({ within: '2h', withinSeconds: 7200, calendar: '7x24' });
  });

  it('refuses a critical response that is not a business duration', () => {
    const spec = { id: 'gold', name: 'Gold', incidentResponse: { within: '1wd', calendar: '5x8' }, criticalResponse: { within: 'soon', calendar: '7x24' } };
    const { code, issues } = scheduleIssues(() => parseServicePlans({ plans: [spec] }));
    expect(code).toBe('SERVICE_PLANS_INVALID');
    expect(issues.map((issue) => issue.path)).toContain('plans[0].criticalResponse.within');
  });

  it('refuses unknown fields in a critical response', () => {
    const spec = { id: 'gold', name: 'Gold', incidentResponse: { within: '1wd', calendar: '5x8' }, criticalResponse: { within: '1h', calendar: '7x24', page: true } };
    expect(() => parseServicePlans({ plans: [spec] })).toThrow(expect.objectContaining({ code: 'SERVICE_PLANS_INVALID' }));
  });

  it.each([
    // Saturday: the critical deadline runs through the weekend; the normal one waits for Monday's sessions.
    ['standard', '2026-03-14T10:00:00+08:00', '2026-03-14T14:00:00+08:00', '2026-03-16T17:30:00+08:00'],
    ['advanced', '2026-03-14T23:30:00+08:00', '2026-03-15T00:30:00+08:00', '2026-03-15T13:30:00+08:00'],
    // National Day: 7x24 knows no holiday.
    ['standard', '2026-10-01T09:00:00+08:00', '2026-10-01T13:00:00+08:00', '2026-10-08T17:30:00+08:00'],
  ])('the %s plan answers an incident opened %s within its critical period by %s (normally by %s)', (planId, openedAt, critical, normal) => {
    expect(iso(criticalResponseDeadline(plan(planId), at(openedAt), calendars))).toBe(critical);
    expect(iso(incidentResponseDeadline(plan(planId), at(openedAt), calendars))).toBe(normal);
  });

  it('counts an hour of 7x24 as an elapsed hour across a daylight-saving change in the tenant zone', () => {
    const openedAt = at('2026-03-08T01:30:00-05:00');
    expect(iso(criticalResponseDeadline(plan('advanced'), openedAt, calendars, 'America/New_York'), 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
  });
});
