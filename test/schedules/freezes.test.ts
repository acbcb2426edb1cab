import { describe, expect, it } from 'vitest';
import { freezeMask, freezeOn, parseFreezes, type FreezePeriod, type FreezeSet } from '../../schedules/index.ts';
import { formatLocalDate, parseLocalDate } from '../../schedules/local-date.ts';
import { globalFreezes, scheduleIssues } from './helpers.ts';

function frozenDates(freezes: FreezeSet, from: string, to: string): string[] {
  const [first, last] = [parseLocalDate(from), parseLocalDate(to)];
  const mask = freezeMask(freezes, first, last);
  const dates: string[] = [];
  for (let day = first; day <= last; day++) if (freezeOn(mask, day)) dates.push(formatLocalDate(day));
  return dates;
}

const monthEnd: FreezePeriod = { kind: 'month-edges', id: 'month-end', label: 'month-end closing', lastDays: 3, firstDays: 2 };

describe('freeze periods', () => {
  it('freezes the last N and first M days of every month (month-end closing)', () => {
    expect(frozenDates({ tenant: [monthEnd] }, '2026-01-01', '2026-03-31')).toEqual([
      '2026-01-01', '2026-01-02', '2026-01-29', '2026-01-30', '2026-01-31',
      '2026-02-01', '2026-02-02', '2026-02-26', '2026-02-27', '2026-02-28',
      '2026-03-01', '2026-03-02', '2026-03-29', '2026-03-30', '2026-03-31',
    ]);
  });

  it('limits a month-edge rule to its months (quarter-end closing)', () => {
    const quarterEnd: FreezePeriod = { kind: 'month-edges', id: 'q', label: 'quarter close', lastDays: 2, firstDays: 0, months: [3, 6, 9, 12] };
    expect(frozenDates({ tenant: [quarterEnd] }, '2026-01-01', '2026-06-30')).toEqual(['2026-03-30', '2026-03-31', '2026-06-29', '2026-06-30']);
  });

  it('freezes a recurring annual range across the year end (12-25..01-10)', () => {
    const yearEnd: FreezePeriod = { kind: 'annual', id: 'year-end', label: 'year-end', from: '12-25', to: '01-10' };
    const dates = frozenDates({ tenant: [yearEnd] }, '2025-01-01', '2026-12-31');
    expect(dates[0]).toBe('2025-01-01');
    expect(dates).toContain('2025-01-10');
    expect(dates).not.toContain('2025-01-11');
    expect(dates).not.toContain('2025-12-24');
    expect(dates.filter((date) => date >= '2025-12-01' && date <= '2026-01-31')).toHaveLength(7 + 10);
    expect(dates.at(-1)).toBe('2026-12-31');
  });

  it('reads 02-29 in a year without it as the last day of February', () => {
    const leap: FreezePeriod = { kind: 'annual', id: 'leap', label: 'leap', from: '02-29', to: '03-01' };
    expect(frozenDates({ tenant: [leap] }, '2026-02-01', '2026-03-31')).toEqual(['2026-02-28', '2026-03-01']);
    expect(frozenDates({ tenant: [leap] }, '2028-02-01', '2028-03-31')).toEqual(['2028-02-29', '2028-03-01']);
  });

  it('freezes an explicit date range inclusively', () => {
    const custom: FreezePeriod = { kind: 'dates', id: 'audit', label: 'external audit', from: '2026-05-06', to: '2026-05-08' };
    expect(frozenDates({ tenant: [custom] }, '2026-05-01', '2026-05-31')).toEqual(['2026-05-06', '2026-05-07', '2026-05-08']);
  });

  it('reports the global freeze when a global and a tenant freeze cover the same day', () => {
    const global: FreezePeriod = { kind: 'dates', id: 'release-freeze', label: 'platform upgrade', from: '2026-01-30', to: '2026-01-30' };
    const mask = freezeMask({ global: [global], tenant: [monthEnd] }, parseLocalDate('2026-01-29'), parseLocalDate('2026-01-31'));
    expect(freezeOn(mask, parseLocalDate('2026-01-30'))).toMatchObject({ scope: 'global', freeze: { id: 'release-freeze' } });
    expect(freezeOn(mask, parseLocalDate('2026-01-31'))).toMatchObject({ scope: 'tenant', freeze: { id: 'month-end' } });
  });

  it('ships no global freezes by default', () => {
    expect(globalFreezes).toEqual([]);
  });

  it.each([
    [{ kind: 'dates', id: 'x', label: 'x', from: '2026-05-08', to: '2026-05-06' }, 'freezes[0].to', 'must not be before from 2026-05-08 (got "2026-05-06")'],
    [{ kind: 'dates', id: 'x', label: 'x', from: '2026-02-30', to: '2026-03-02' }, 'freezes[0].from', 'is not a real date (got "2026-02-30")'],
    [{ kind: 'annual', id: 'x', label: 'x', from: '13-01', to: '01-10' }, 'freezes[0].from', 'must be MM-DD, e.g. 12-25 (got "13-01")'],
    [{ kind: 'month-edges', id: 'x', label: 'x', lastDays: 20, firstDays: 0 }, 'freezes[0].lastDays', 'must be the number of last days of each month 0-15, e.g. 3 (got 20)'],
  ])('refuses %j with a fix at %s', (freeze, path, message) => {
    const { code, issues } = scheduleIssues(() => parseFreezes({ freezes: [freeze] }));
    expect(code).toBe('FREEZES_INVALID');
    expect(issues).toContainEqual({ path, message });
  });
});
