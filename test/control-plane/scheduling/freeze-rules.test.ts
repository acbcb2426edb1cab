import { describe, expect, it } from 'vitest';
import { formatLocalDate, freezeMask, freezeOn, parseLocalDate } from '../../../schedules/index.ts';
import { FREEZE_DEFAULTS, checkFreezeParams, freezeRules, monthsOf } from '../../../control-plane/scheduling/freeze-rules.ts';
import type { FreezeParamsByKind, TenantFreeze } from '../../../control-plane/scheduling/model.ts';

const base = { tenantId: 'ten_a', createdAt: 0, createdBy: 'test', updatedAt: 0 };
const monthEnd = (params = FREEZE_DEFAULTS['month-end'].params!): TenantFreeze => ({ ...base, id: 'frz_me', kind: 'month-end', label: 'month-end closing', params });
const taxFiling = (months: FreezeParamsByKind['tax-filing']['months'] = {}): TenantFreeze => ({
  ...base,
  id: 'frz_tax',
  kind: 'tax-filing',
  label: 'tax filing',
  params: { ...FREEZE_DEFAULTS['tax-filing'].params!, months },
});
const yearEnd: TenantFreeze = { ...base, id: 'frz_ye', kind: 'year-end', label: 'year-end', params: FREEZE_DEFAULTS['year-end'].params! };
const custom: TenantFreeze = { ...base, id: 'frz_c', kind: 'custom', label: 'audit week', params: { from: '2026-06-08', to: '2026-06-12' } };

/** The dates of [from, to] that the tenant's freezes cover, with the id of the rule covering each. */
function frozen(freezes: TenantFreeze[], from: string, to: string): Record<string, string> {
  const [first, last] = [parseLocalDate(from), parseLocalDate(to)];
  const mask = freezeMask({ tenant: freezeRules(freezes, from, to) }, first, last);
  const out: Record<string, string> = {};
  for (let day = first; day <= last; day++) {
    const hit = freezeOn(mask, day);
    if (hit) out[formatLocalDate(day)] = hit.freeze.id;
  }
  return out;
}

describe('tenant freeze defaults', () => {
  it('defaults month-end closing to the last 2 and first 3 days, tax filing to the 1st-15th, year-end to 12-25..01-05', () => {
    expect(FREEZE_DEFAULTS['month-end'].params).toEqual({ lastDays: 2, firstDays: 3 });
    expect(FREEZE_DEFAULTS['tax-filing'].params).toEqual({ fromDay: 1, toDay: 15, months: {} });
    expect(FREEZE_DEFAULTS['year-end'].params).toEqual({ from: '12-25', to: '01-05' });
    expect(FREEZE_DEFAULTS.custom.params).toBeNull();
  });

  it.each([
    ['a 30-day month', '2026-04-27', '2026-05-05', ['2026-04-29', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']],
    ['February of a common year', '2026-02-25', '2026-03-05', ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']],
    ['February of a leap year', '2028-02-26', '2028-03-04', ['2028-02-28', '2028-02-29', '2028-03-01', '2028-03-02', '2028-03-03']],
  ])('freezes month-end closing around the turn of %s', (_name, from, to, expected) => {
    expect(Object.keys(frozen([monthEnd()], from, to))).toEqual(expected);
  });

  it('takes other month-end edges as given', () => {
    expect(Object.keys(frozen([monthEnd({ lastDays: 1, firstDays: 0 })], '2026-04-28', '2026-05-02'))).toEqual(['2026-04-30']);
  });

  it('freezes the 1st to the 15th of every month for tax filing', () => {
    const dates = Object.keys(frozen([taxFiling()], '2026-03-28', '2026-05-20'));
    expect(dates[0]).toBe('2026-04-01');
    expect(dates).toContain('2026-04-15');
    expect(dates).not.toContain('2026-04-16');
    expect(dates).toContain('2026-05-15');
    expect(dates).toHaveLength(30);
  });

  it('lets one month of tax filing take another range, or none, and leaves the other months alone', () => {
    const freezes = [taxFiling({ '2026-04': { fromDay: 5, toDay: 20 }, '2026-05': null })];
    const dates = frozen(freezes, '2026-03-01', '2026-06-30');
    expect(dates['2026-04-04']).toBeUndefined();
    expect(dates['2026-04-05']).toBe('frz_tax.2026-04');
    expect(dates['2026-04-20']).toBe('frz_tax.2026-04');
    expect(dates['2026-04-21']).toBeUndefined();
    expect(Object.keys(dates).filter((d) => d.startsWith('2026-05'))).toEqual([]);
    expect(dates['2026-03-15']).toBe('frz_tax.2026-03');
    expect(dates['2026-06-01']).toBe('frz_tax.2026-06');
  });

  it('clamps a tax-filing range past the end of a short month, and skips one starting after it', () => {
    const dates = frozen([taxFiling({ '2026-02': { fromDay: 20, toDay: 31 }, '2026-04': { fromDay: 31, toDay: 31 } })], '2026-02-01', '2026-04-30');
    expect(dates['2026-02-28']).toBe('frz_tax.2026-02');
    expect(Object.keys(dates).filter((d) => d.startsWith('2026-04'))).toEqual([]);
  });

  it('freezes year-end across the turn of the year', () => {
    expect(Object.keys(frozen([yearEnd], '2026-12-23', '2027-01-07'))).toEqual([
      '2026-12-25', '2026-12-26', '2026-12-27', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31',
      '2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05',
    ]);
  });

  it('freezes a custom range inclusively, and names the first rule when freezes overlap', () => {
    expect(Object.keys(frozen([custom], '2026-06-01', '2026-06-30'))).toEqual(['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12']);
    expect(frozen([monthEnd(), taxFiling()], '2026-05-01', '2026-05-01')).toEqual({ '2026-05-01': 'frz_me' });
  });
});

describe('freeze parameter checks', () => {
  it.each<[string, keyof FreezeParamsByKind, object, RegExp]>([
    ['month-end of no days', 'month-end', { lastDays: 0, firstDays: 0 }, /cannot both be 0/],
    ['tax filing ending before it starts', 'tax-filing', { fromDay: 16, toDay: 15, months: {} }, /must not be before fromDay/],
    ['a tax-filing month that is not YYYY-MM', 'tax-filing', { fromDay: 1, toDay: 15, months: { '2026-4': null } }, /YYYY-MM/],
    ['a tax-filing month override ending before it starts', 'tax-filing', { fromDay: 1, toDay: 15, months: { '2026-04': { fromDay: 9, toDay: 2 } } }, /must not be before/],
    ['year-end in another format', 'year-end', { from: '25-12', to: '01-05' }, /MM-DD/],
    ['a custom range that is not a real date', 'custom', { from: '2026-02-30', to: '2026-03-01' }, /real dates/],
    ['a custom range ending before it starts', 'custom', { from: '2026-03-02', to: '2026-03-01' }, /must not be before/],
    ['a custom range over a year', 'custom', { from: '2026-01-01', to: '2027-01-02' }, /at most 366 days/],
  ])('refuses %s with VALIDATION_FAILED', (_name, kind, params, message) => {
    expect(() => checkFreezeParams(kind, params as FreezeParamsByKind[typeof kind])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) }));
  });

  it('accepts the defaults', () => {
    for (const kind of ['month-end', 'tax-filing', 'year-end'] as const) expect(() => checkFreezeParams(kind, FREEZE_DEFAULTS[kind].params!)).not.toThrow();
  });

  it('lists the months of a range across a year end', () => {
    expect(monthsOf('2026-11-20', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});
