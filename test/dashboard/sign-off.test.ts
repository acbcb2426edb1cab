import { describe, expect, it } from 'vitest';
import { zhCNReports } from '../../dashboard/src/i18n/zh-CN-reports.ts';
import { periodKindKey } from '../../dashboard/src/report-period.ts';
import { MAX_AMENDMENT_CHARS, SIGN_OFF_STATES, amendmentText, isDecided, signOffActions, type SignOff } from '../../dashboard/src/sign-off.ts';
import type { Role } from '../../dashboard/src/types.ts';

const ROLES: Role[] = ['ops-admin', 'ops-operator', 'ops-viewer', 'tenant-admin', 'tenant-viewer'];
const signOff = (state: SignOff['state']): SignOff => ({
  state,
  issuedAt: '2026-09-29T02:00:00.000Z',
  issuedBy: 'system:critical-period',
  dueAt: '2026-10-13T09:30:00.000Z',
  calendar: '5x8',
  decidedAt: state === 'awaiting' ? null : '2026-10-09T02:00:00.000Z',
  decidedBy: state === 'awaiting' ? null : 'user:admin',
  amendments: state === 'amended' ? 'Page 3 is wrong' : null,
});

describe('signOffActions', () => {
  it('lets tenant admins and ops writers decide an awaiting report, and nobody else', () => {
    expect(ROLES.filter((role) => signOffActions(role, signOff('awaiting')).decide)).toEqual(['ops-admin', 'ops-operator', 'tenant-admin']);
  });

  it.each(['confirmed', 'amended', 'confirmed-by-default'] as const)('lets nobody decide a report already %s', (state) => {
    expect(ROLES.filter((role) => signOffActions(role, signOff(state)).decide)).toEqual([]);
    expect(isDecided(signOff(state))).toBe(true);
  });

  it('lets only ops writers issue, and only a report without a sign-off', () => {
    expect(ROLES.filter((role) => signOffActions(role, null).issue)).toEqual(['ops-admin', 'ops-operator']);
    expect(ROLES.filter((role) => signOffActions(role, signOff('awaiting')).issue)).toEqual([]);
    expect(isDecided(signOff('awaiting'))).toBe(false);
  });
});

describe('amendmentText', () => {
  it.each([
    ['  Page 3 misses the outage on the 12th  ', 'Page 3 misses the outage on the 12th'],
    ['   ', null],
    ['', null],
    ['x'.repeat(MAX_AMENDMENT_CHARS), 'x'.repeat(MAX_AMENDMENT_CHARS)],
    ['x'.repeat(MAX_AMENDMENT_CHARS + 1), null],
  ])('turns %j into %j', (text, expected) => {
    expect(amendmentText(text)).toBe(expected);
  });
});

describe('sign-off text', () => {
  it('names every sign-off state and the critical-period kind in Chinese', () => {
    for (const state of SIGN_OFF_STATES) expect(zhCNReports[`signOffState.${state}`]).toMatch(/\p{Script=Han}/u);
    expect(zhCNReports[periodKindKey('critical-period')]).toBe('关键时期');
  });

  it.each([
    ['half-year', 'period.half-year'],
    ['year', 'period.year'],
    ['range', 'period.range'],
    ['critical-period', 'period.critical-period'],
    ['something-new', 'period.half-year'],
  ])('names a report of kind %s with %s', (kind, key) => {
    expect(periodKindKey(kind)).toBe(key);
  });
});
