/** Report periods in the tenant zone and the half-yearly schedule, at fixed instants. */
import { describe, expect, it } from 'vitest';
import { duePeriods, lastEndedPeriods, nextScheduledRunAt, resolvePeriod } from '../../../control-plane/reports/periods.ts';

const at = (text: string) => Date.parse(text);

describe('resolvePeriod', () => {
  it.each([
    [{ kind: 'half-year', year: 2026, half: 1 } as const, 'Asia/Shanghai', '2026-H1', '2025-12-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z', '2026-06-30'],
    [{ kind: 'half-year', year: 2026, half: 2 } as const, 'Asia/Shanghai', '2026-H2', '2026-06-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z', '2026-12-31'],
    [{ kind: 'year', year: 2026 } as const, 'America/New_York', '2026', '2026-01-01T05:00:00.000Z', '2027-01-01T05:00:00.000Z', '2026-12-31'],
    // New York's summer time: 1 July starts at 04:00 UTC, not 05:00.
    [{ kind: 'half-year', year: 2026, half: 1 } as const, 'America/New_York', '2026-H1', '2026-01-01T05:00:00.000Z', '2026-07-01T04:00:00.000Z', '2026-06-30'],
    [{ kind: 'range', from: '2026-03-01', to: '2026-03-31' } as const, 'Asia/Shanghai', '2026-03-01..2026-03-31', '2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z', '2026-03-31'],
  ])('resolves %j in %s to local midnights', (request, zone, label, fromAt, toAt, toDate) => {
    const period = resolvePeriod(request, zone);
    expect({ label: period.label, fromAt: new Date(period.fromAt).toISOString(), toAt: new Date(period.toAt).toISOString(), toDate: period.toDate }).toEqual({ label, fromAt, toAt, toDate });
  });

  it.each([
    [{ kind: 'range', from: '2026-03-02', to: '2026-03-01' } as const, /before/],
    [{ kind: 'range', from: '2026-02-30', to: '2026-03-01' } as const, /not a date/],
    [{ kind: 'range', from: '2024-01-01', to: '2026-03-01' } as const, /at most 731 days/],
  ])('refuses %j', (request, message) => {
    expect(() => resolvePeriod(request, 'Asia/Shanghai')).toThrow(message);
  });
});

describe('schedule', () => {
  it.each([
    ['2026-03-10T00:00:00Z', '2026-06-30T18:00:00.000Z'],
    // Exactly at the run: the next one is half a year later.
    ['2026-06-30T18:00:00Z', '2026-12-31T18:00:00.000Z'],
    ['2026-12-31T17:59:59Z', '2026-12-31T18:00:00.000Z'],
    ['2026-12-31T18:00:01Z', '2027-06-30T18:00:00.000Z'],
  ])('after %s the next run is %s (02:00 Asia/Shanghai on 1 July or 1 January)', (now, next) => {
    expect(new Date(nextScheduledRunAt(at(now))).toISOString()).toBe(next);
  });

  it.each([
    ['2026-07-01T02:00:00+08:00', 'Asia/Shanghai', [{ kind: 'half-year', year: 2026, half: 1 }]],
    ['2027-01-01T02:00:00+08:00', 'Asia/Shanghai', [{ kind: 'half-year', year: 2026, half: 2 }, { kind: 'year', year: 2026 }]],
    // Still 31 December in New York: the last half ended there is January-June.
    ['2027-01-01T02:00:00+08:00', 'America/New_York', [{ kind: 'half-year', year: 2026, half: 1 }]],
  ])('at %s in %s the last ended periods are %j', (now, zone, expected) => {
    expect(lastEndedPeriods(at(now), zone)).toEqual(expected);
  });

  it('queues only periods not yet reported, recently ended and after the tenant existed', () => {
    const now = at('2027-01-01T02:00:00+08:00');
    const created = at('2020-01-01T00:00:00Z');
    expect(duePeriods(now, 'Asia/Shanghai', created, new Set())).toHaveLength(2);
    expect(duePeriods(now, 'Asia/Shanghai', created, new Set(['half-year:2026-H2']))).toEqual([{ kind: 'year', year: 2026 }]);
    expect(duePeriods(at('2027-03-01T02:00:00+08:00'), 'Asia/Shanghai', created, new Set())).toEqual([]);
    expect(duePeriods(now, 'Asia/Shanghai', at('2027-01-01T00:00:00+08:00'), new Set())).toEqual([]);
  });
});
