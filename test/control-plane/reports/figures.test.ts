/** Pure figure functions: capacity, alerts, hosts, slots and rule-based recommendations. */
import { describe, expect, it } from 'vitest';
import { countableUntil } from '../../../control-plane/reports/availability.ts';
import { diskTrend, hostCapacity } from '../../../control-plane/reports/capacity.ts';
import { mergeIntervals, tally } from '../../../control-plane/reports/figures.ts';
import { factChanges } from '../../../control-plane/reports/hosts.ts';
import { alertsSection } from '../../../control-plane/reports/incidents.ts';
import type { AvailabilitySection, IncidentsSection, ReportPeriod, WindowRow } from '../../../control-plane/reports/model.ts';
import { slotFigures } from '../../../control-plane/reports/patching.ts';
import { recommendations } from '../../../control-plane/reports/recommendations.ts';
import type { AlertEvent, ReportPlanEvent } from '../../../control-plane/store/types.ts';
import type { Booking } from '../../../control-plane/scheduling/model.ts';
import { hostFacts } from '../../helpers/records.ts';
import { HOUR, sh } from './fixture.ts';

const period: ReportPeriod = { kind: 'half-year', label: '2026-H1', zone: 'Asia/Shanghai', fromAt: sh('2026-01-01T00:00'), toAt: sh('2026-07-01T00:00'), fromDate: '2026-01-01', toDate: '2026-06-30' };
const DAY = 24 * HOUR;

describe('capacity', () => {
  it('measures disk growth between the two halves and projects days to full', () => {
    // First half: 2 hours at day 0 and 1 with 50 and 51 % (centroid day 0.5, mean 50.5);
    // second half: days 2 and 3 with 52 and 53 % (centroid 2.5, mean 52.5): 2 % over 2 days = 1 %/day.
    // From 53 % full: 47 days to full.
    const half = (days: number[], percents: number[]) => ({ count: days.length, sumHourAt: days.reduce((s, d) => s + d * DAY, 0), sumPercent: percents.reduce((s, p) => s + p, 0) });
    const sums = { mount: '/', firstHalf: half([0, 1], [50, 51]), secondHalf: half([2, 3], [52, 53]), firstHourAt: 0, lastHourAt: 3 * DAY, lastPercent: 53 };
    expect(diskTrend(sums)).toEqual({ mount: '/', lastPercent: 53, growthPercentPerDay: 1, daysToFull: 47, hours: 4 });
    expect(diskTrend({ ...sums, secondHalf: half([2, 3], [50, 51]) }).daysToFull).toBeNull();
    expect(diskTrend({ ...sums, secondHalf: half([], []) }).growthPercentPerDay).toBe(0);
  });

  it('reports a host without rollups as no figures rather than zero', () => {
    expect(hostCapacity({ hostId: 'h', hostName: 'h', cpu: { value: null, hours: 0 }, memory: { value: null, hours: 0 }, disks: [] }, period)).toMatchObject({ cpuP95: null, memoryP95: null, hours: 0 });
  });
});

describe('availability span', () => {
  it.each([
    ['no rollups yet: the last whole hour before now', null, '2026-07-01T01:00'],
    ['rollups behind now: the hour after the last one rolled up', sh('2026-06-30T20:00'), '2026-06-30T21:00'],
    ['rollups up to date', sh('2026-07-01T00:00'), '2026-07-01T01:00'],
  ])('counts hours until %s', (_, watermarkAt, until) => {
    expect(countableUntil(sh('2026-07-01T01:59'), watermarkAt)).toBe(sh(until));
  });
});

describe('helpers', () => {
  it('merges overlapping intervals and clips them to the span', () => {
    expect(mergeIntervals([[5, 8], [0, 3], [2, 6], [20, 30]], 1, 25)).toEqual([[1, 8], [20, 25]]);
  });

  it('tallies most first, then by key', () => {
    expect(tally(['b', 'a', 'b', 'c'])).toEqual([{ key: 'b', count: 2 }, { key: 'a', count: 1 }, { key: 'c', count: 1 }]);
  });
});

const firing = (fingerprint: string, ruleId: string, at: number, suppressed = false): AlertEvent => ({
  fingerprint, ruleId, tenantId: 't', hostId: 'h1', severity: 'warning', at, from: 'pending', to: 'firing', value: 1, suppressed,
});

describe('alerts', () => {
  it('counts firings by rule and category, keeps suppressed ones apart and ranks recurrent series', () => {
    const events = [firing('f1', 'cpu-high', sh('2026-02-01T00:00')), firing('f1', 'cpu-high', sh('2026-02-02T00:00')), firing('f2', 'host-down', sh('2026-02-03T00:00')), firing('f3', 'host-down', sh('2026-02-04T00:00'), true), firing('f1', 'cpu-high', sh('2025-12-01T00:00'))];
    const section = alertsSection(events, new Map([['h1', 'web-1']]), (rule) => (rule === 'cpu-high' ? 'capacity' : 'availability'), period);
    expect(section).toMatchObject({ firings: 3, suppressedFirings: 1, byRule: [{ key: 'cpu-high', count: 2 }, { key: 'host-down', count: 1 }] });
    expect(section.mostRecurrent).toEqual([{ fingerprint: 'f1', ruleId: 'cpu-high', hostId: 'h1', hostName: 'web-1', count: 2 }]);
  });
});

describe('hosts', () => {
  it('lists a facts change inside the period and not the first report or changes outside it', () => {
    const bigger = { ...hostFacts('h1'), memoryBytes: 64 * 1024 ** 3 };
    const history = [
      { hostId: 'h1', at: sh('2025-06-01T00:00'), facts: hostFacts('h1') },
      { hostId: 'h1', at: sh('2026-03-01T00:00'), facts: hostFacts('h1') },
      { hostId: 'h1', at: sh('2026-04-01T00:00'), facts: bigger },
    ];
    expect(factChanges(history, new Map([['h1', 'web-1']]), period)).toEqual([{ hostId: 'h1', hostName: 'web-1', at: new Date(sh('2026-04-01T00:00')).toISOString(), kind: 'facts-changed', detail: 'memoryGiB: 32.0 -> 64.0' }]);
  });
});

describe('slots', () => {
  it('counts requested, honoured and moved bookings of the period', () => {
    const booking = (id: string, state: Booking['state'], requestedAt: number, slotStartAt: number) =>
      ({ id, tenantId: 't', trackId: 'xingkong/st-standard', slotDate: '2026-03-01', state, requestedAt, slotStartAt, slotEndAt: slotStartAt + 4 * HOUR }) as Booking;
    const bookings = [booking('b1', 'confirmed', sh('2026-02-01T00:00'), sh('2026-02-10T22:00')), booking('b2', 'rejected', sh('2026-02-02T00:00'), sh('2026-02-11T22:00')), booking('b3', 'confirmed', sh('2026-06-20T00:00'), sh('2026-07-10T22:00'))];
    const changes = [{ at: sh('2026-02-05T00:00'), action: 'booking.moved', bookingId: 'b1', reason: 'ops capacity' }, { at: sh('2026-02-05T00:00'), action: 'booking.approved', bookingId: 'b1', reason: null }];
    const slots = slotFigures(bookings, changes, period, sh('2026-07-01T02:00'));
    expect(slots).toMatchObject({ requested: 3, honoured: 1, moved: 1, rejected: 1, cancelled: 0 });
    expect(slots.items[0].moves).toEqual([{ at: new Date(sh('2026-02-05T00:00')).toISOString(), action: 'booking.moved', reason: 'ops capacity' }]);
  });
});

describe('recommendations', () => {
  const noAvailability = { tenant: {}, hosts: [], method: '', trace: {} } as unknown as AvailabilitySection;
  const noIncidents = { deadline: { shareWithin: null } } as unknown as IncidentsSection;
  const base = { availability: noAvailability, incidents: noIncidents, capacity: { method: '', hosts: [] }, checkFirings: [], windows: [], planEvents: [], hostNames: new Map([['h1', 'web-1'], ['h2', 'db-1']]), zone: 'Asia/Shanghai' };
  const trace = { source: 'rollups_hourly', inputs: {}, ids: ['h1'] };

  it('warns of a disk full within 60 days, citing the host figures, and not of one at 60', () => {
    const disk = (daysToFull: number) => ({ mount: '/data', lastPercent: 80, growthPercentPerDay: 20 / daysToFull, daysToFull, hours: 100 });
    const capacity = { method: '', hosts: [{ hostId: 'h1', hostName: 'web-1', cpuP95: 10, memoryP95: 10, hours: 100, disks: [disk(40), disk(60)], trace }] };
    const out = recommendations({ ...base, capacity });
    expect(out).toEqual([{ rule: 'disk-full-soon', severity: 'warning', subject: 'h1', facts: { host: 'web-1', mount: '/data', days: 40, lastPercent: 80, perDay: 0.5 }, trace }]);
  });

  it('flags a check that failed in four consecutive weeks and not one with a gap', () => {
    const weekly = [0, 7, 14, 21].map((d) => firing('chk', 'check-failing', sh('2026-03-02T10:00') + d * DAY));
    const gappy = [0, 7, 21, 28].map((d) => firing('gap', 'check-failing', sh('2026-03-02T10:00') + d * DAY));
    const out = recommendations({ ...base, checkFirings: [...weekly, ...gappy] });
    expect(out.map((r) => [r.rule, r.subject, r.facts.weeks, r.facts.firstWeek])).toEqual([['check-failing-weekly', 'chk', 4, '2026-03-02']]);
  });

  it('flags a host that missed three windows in which other hosts patched', () => {
    const windows: WindowRow[] = [1, 2, 3].map((n) => ({ id: `w${n}`, trackId: 't', startAt: new Date(sh(`2026-0${n}-10T22:00`)).toISOString(), endAt: new Date(sh(`2026-0${n}-11T04:00`)).toISOString(), status: 'held', reason: null, hostIds: ['h1', 'h2'] }));
    const planEvents: ReportPlanEvent[] = [1, 2, 3].map((n) => ({ id: n, hostId: 'h1', at: sh(`2026-0${n}-10T23:00`), planId: `p${n}`, rolloutId: 'r', state: 'succeeded', reason: null, versionBefore: null, versionAfter: null }));
    const out = recommendations({ ...base, windows, planEvents });
    expect(out).toEqual([expect.objectContaining({ rule: 'missed-windows', subject: 'h2', facts: { host: 'db-1', windows: 3 }, trace: expect.objectContaining({ ids: ['w1', 'w2', 'w3'] }) })]);
    expect(recommendations({ ...base, windows: windows.slice(0, 2), planEvents })).toEqual([]);
  });
});
