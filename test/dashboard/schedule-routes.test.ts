import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../dashboard/src/router.ts';
import { bookingHref, calendarHref, scheduleNavPages, schedulePageHref } from '../../dashboard/src/schedule-routes.ts';
import { canChangeBooking } from '../../dashboard/src/reasons.ts';
import { artifactProblems, draftProblems, toNewRelease, type ReleaseDraft } from '../../dashboard/src/release-drafts.ts';

describe('scheduling routes', () => {
  it.each<[string, Route]>([
    ['#/calendar', { page: 'calendar', query: { view: 'month' } }],
    ['#/calendar?view=list&month=2026-05&tenant=ten_1&track=xingkong%2Fst-standard', { page: 'calendar', query: { view: 'list', month: '2026-05', tenantId: 'ten_1', trackId: 'xingkong/st-standard' } }],
    ['#/calendar?view=year&month=2026-13', { page: 'calendar', query: { view: 'month' } }],
    ['#/booking?track=xingkong%2Fst-standard', { page: 'booking', query: { trackId: 'xingkong/st-standard' } }],
    ['#/approvals?tab=confirmed&tenant=ten_1', { page: 'approvals', query: { tab: 'confirmed', tenantId: 'ten_1' } }],
    ['#/approvals?tab=everything', { page: 'approvals', query: { tab: 'requested' } }],
    ['#/releases?track=cangqiong%2Fagile', { page: 'releases', query: { trackId: 'cangqiong/agile' } }],
    ['#/settings?tenant=ten_2', { page: 'settings', query: { tenantId: 'ten_2' } }],
    ['#/audit', { page: 'audit', query: {} }],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each<Route>([
    { page: 'calendar', query: { view: 'list', month: '2026-10', tenantId: 'ten 1', trackId: 'xingkong/mt-standard' } },
    { page: 'booking', query: { tenantId: 'ten_1', trackId: 'xingkong/st-custom' } },
    { page: 'approvals', query: { tab: 'confirmed' } },
    { page: 'releases', query: { tenantId: 'ten_1' } },
    { page: 'settings', query: { tenantId: 'ten_1' } },
    { page: 'audit', query: { tenantId: 'ten_1' } },
  ])('round-trips %j through the hash', (route) => {
    expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('leaves defaults out of links', () => {
    expect(calendarHref()).toBe('#/calendar');
    expect(bookingHref()).toBe('#/booking');
    expect(schedulePageHref('approvals')).toBe('#/approvals');
    expect(schedulePageHref('settings')).toBe('#/settings');
  });

  it.each([
    ['ops-admin', ['calendar', 'approvals', 'releases', 'settings', 'audit']],
    ['ops-viewer', ['calendar', 'approvals', 'releases', 'settings', 'audit']],
    ['tenant-admin', ['calendar', 'booking', 'releases', 'settings', 'audit']],
    ['tenant-viewer', ['calendar', 'booking', 'releases', 'settings']],
  ] as const)('shows %s the scheduling pages %j', (role, pages) => {
    expect(scheduleNavPages(role)).toEqual(pages);
  });
});

describe('canChangeBooking', () => {
  const cutoffAt = '2026-03-04T14:00:00.000Z';
  it.each([
    ['requested', Date.parse(cutoffAt) - 1, true],
    ['confirmed', Date.parse(cutoffAt) - 1, true],
    ['confirmed', Date.parse(cutoffAt), false],
    ['cancelled', Date.parse(cutoffAt) - 1, false],
    ['rejected', Date.parse(cutoffAt) - 1, false],
  ] as const)('lets a %s booking change at %i: %s', (state, now, expected) => {
    expect(canChangeBooking({ state, cutoffAt }, now)).toBe(expected);
  });
});

describe('release drafts', () => {
  const draft: ReleaseDraft = { trackId: 'xingkong/st-custom', tenantId: 'ten_1', version: '2026.3.1', kind: 'customisation', notes: '', artifacts: [] };

  it('accepts a complete draft and names the wrong fields of a broken one', () => {
    expect(draftProblems(draft)).toEqual({});
    expect(draftProblems({ ...draft, trackId: '', tenantId: '', version: '-1', artifacts: [{ name: '', sha256: 'abc', url: 'ftp://x' }] })).toEqual({
      trackId: true,
      tenantId: true,
      version: true,
      artifacts: [['name', 'sha256', 'url']],
    });
  });

  it('needs a tenant only for a customisation release', () => {
    expect(draftProblems({ ...draft, kind: 'hotfix', tenantId: '' })).toEqual({});
  });

  it('trims the body, lowers the hash and leaves an empty URL and tenant out', () => {
    const artifact = { name: ' a.tgz ', sha256: 'AB'.repeat(32), url: ' ' };
    expect(artifactProblems(artifact)).toEqual([]);
    expect(toNewRelease({ ...draft, tenantId: '', version: ' 1.0 ', artifacts: [artifact] })).toEqual({
      trackId: 'xingkong/st-custom',
      version: '1.0',
      kind: 'customisation',
      notes: '',
      artifacts: [{ name: 'a.tgz', sha256: 'ab'.repeat(32) }],
    });
  });
});
