import { describe, expect, it } from 'vitest';
import { parseServicePlans, parseTracks } from '../../schedules/index.ts';
import { plans, scheduleIssues, track, tracks } from './helpers.ts';

const HOUR = 3_600_000;

const valid = { id: 'private/acme', name: 'Acme private deployment', cadence: { kind: 'weekly', weekdays: ['sun'] }, start: '02:00', duration: '3h' };

describe('the default track catalog (tracks.yaml)', () => {
  it('has the tracks of DESIGN.md, all in Asia/Shanghai', () => {
    expect(tracks.map((t) => t.id)).toEqual([
      'xingkong/mt-standard',
      'xingkong/st-standard',
      'xingkong/st-custom',
      'cangqiong/agile',
      'xinghan/agile',
      'cangqiong/stable',
      'xinghan/stable',
      'xingchen/standard',
    ]);
    expect(new Set(tracks.map((t) => t.zone))).toEqual(new Set(['Asia/Shanghai']));
  });

  it.each([
    ['xingkong/mt-standard', { kind: 'monthly-mid-weekend', months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }, '22:00', 8, ['holiday', 'makeup-workday'], 7],
    ['cangqiong/agile', { kind: 'weekly', weekdays: [6], everyWeeks: 2, anchor: '2026-01-10' }, '22:00', 6, ['holiday', 'makeup-workday'], 3],
    ['xinghan/agile', { kind: 'weekly', weekdays: [6], everyWeeks: 2, anchor: '2026-01-10' }, '22:00', 6, ['holiday', 'makeup-workday'], 3],
    ['cangqiong/stable', { kind: 'monthly-mid-weekend', months: [4, 10] }, '22:00', 8, ['holiday', 'makeup-workday'], 14],
    ['xinghan/stable', { kind: 'monthly-mid-weekend', months: [4, 10] }, '22:00', 8, ['holiday', 'makeup-workday'], 14],
    ['xingchen/standard', { kind: 'weekly', weekdays: [2, 4], everyWeeks: 1 }, '23:00', 2, ['holiday'], 1],
  ])('%s has the cadence, start, length, avoid list and notice of the design', (id, cadence, start, hours, avoid, noticeDays) => {
    expect(track(id)).toMatchObject({ cadence, start, durationMs: hours * HOUR, avoid, noticeDays });
  });

  it.each(['xingkong/st-standard', 'xingkong/st-custom'])('%s is bookable daily at 22:00 for 4 h, 10 tenants a slot, 2 days ahead', (id) => {
    expect(track(id)).toMatchObject({
      cadence: { kind: 'on-request', weekdays: [1, 2, 3, 4, 5, 6, 7], minLeadMs: 48 * HOUR },
      start: '22:00',
      durationMs: 4 * HOUR,
      capacity: 10,
      avoid: ['holiday'],
    });
  });

  it('requires a security audit before a customisation patch, and lets batch tenants book another slot', () => {
    expect(track('xingkong/st-custom').prerequisites).toEqual(['security-audit']);
    expect(track('xingkong/mt-standard').alternativeTrack).toBe('xingkong/st-standard');
  });

  it('accepts a private per-tenant track with any cadence', () => {
    const [parsed] = parseTracks({ tracks: [{ ...valid, cadence: { kind: 'monthly-nth-weekday', nth: 'last', weekday: 'sat', offsetDays: 1 }, zone: 'Europe/Berlin' }] });
    expect(parsed).toMatchObject({ zone: 'Europe/Berlin', startMinute: 120, cutoffMs: 0, avoid: [] });
  });
});

describe('tracks.yaml errors say how to fix the file', () => {
  it.each([
    [{ start: '25:00' }, 'tracks[0].start', 'must be hh:mm, e.g. 22:00 (got "25:00")'],
    [{ duration: '8 hours' }, 'tracks[0].duration', 'must be a duration with unit d, h or m, e.g. 8h (got "8 hours")'],
    [{ zone: 'Asia/Beijing' }, 'tracks[0].zone', 'must be an IANA time zone, e.g. Asia/Shanghai (got "Asia/Beijing")'],
    [{ avoid: ['holidays'] }, 'tracks[0].avoid[0]', 'must be a day kind: holiday, makeup-workday, weekend or workday (got "holidays")'],
    [{ cadence: { kind: 'fortnightly' } }, 'tracks[0].cadence.kind', 'must be one of weekly, monthly-mid-weekend, monthly-nth-weekday, on-request (got "fortnightly")'],
    [{ cadence: { kind: 'weekly', weekdays: ['saturday'] } }, 'tracks[0].cadence.weekdays[0]', 'must be a weekday: mon, tue, wed, thu, fri, sat, sun (got "saturday")'],
    [{ cadence: { kind: 'weekly', weekdays: ['sat'], everyWeeks: 2 } }, 'tracks[0].cadence.anchor', 'is required when everyWeeks is more than 1: it says which weeks count, e.g. 2026-01-10'],
    [{ cadence: { kind: 'on-request', weekdays: ['mon'], minLead: '2d' } }, 'tracks[0].capacity', 'is required for on-request tracks: tenants per slot, e.g. 10'],
    [{ cutoff: '3h' }, 'tracks[0].cutoff', 'must be shorter than the duration 3h (got "3h")'],
    [{ colour: 'blue' }, 'tracks[0].colour', 'is not a known field; remove it or check its spelling'],
    [{ alternativeTrack: 'xingkong/nope' }, 'tracks[0].alternativeTrack', 'must be the id of an on-request track in this file (got "xingkong/nope")'],
  ])('a track with %j is refused at %s', (change, path, message) => {
    expect(scheduleIssues(() => parseTracks({ tracks: [{ ...valid, ...change }] })).issues).toContainEqual({ path, message });
  });

  it('reports a missing field as required, with the fix', () => {
    const { start: _, ...withoutStart } = valid;
    expect(scheduleIssues(() => parseTracks({ tracks: [withoutStart] })).issues).toContainEqual({ path: 'tracks[0].start', message: 'is required (must be hh:mm, e.g. 22:00)' });
  });

  it('refuses two tracks with the same id', () => {
    expect(scheduleIssues(() => parseTracks({ tracks: [valid, valid] })).issues).toContainEqual({ path: 'tracks[1].id', message: "repeats 'private/acme'; track ids must be unique" });
  });

  it('lists every problem at once in the error message', () => {
    expect(() => parseTracks('tracks:\n  - id: Bad Id\n    start: "9:00"\n')).toThrow(/tracks\[0\]\.id must be product\/track[\s\S]*tracks\[0\]\.start must be hh:mm/);
  });

  it('refuses text that is not YAML with TRACKS_INVALID', () => {
    expect(() => parseTracks('tracks: [unclosed')).toThrow(expect.objectContaining({ code: 'TRACKS_INVALID' }));
  });
});

describe('service plans (service-plans.yaml)', () => {
  it('answers standard incidents within 1 wd on 5x8 and advanced ones within 0.5 wd on 7x8', () => {
    expect(plans.map((plan) => [plan.id, plan.incidentResponse.within, plan.incidentResponse.withinSeconds, plan.incidentResponse.calendar])).toEqual([
      ['standard', '1wd', 8 * 3600, '5x8'],
      ['advanced', '0.5wd', 4 * 3600, '7x8'],
    ]);
    expect(plans[1].monitoring).toEqual({ calendar: '7x8' });
  });

  it.each([
    [{ within: '1 day', calendar: '5x8' }, 'plans[0].incidentResponse.within', 'must be a business duration, e.g. 0.5wd or 4h (1wd = 8 business hours) (got "1 day")'],
    [{ within: '1wd', calendar: '5x7' }, 'plans[0].incidentResponse.calendar', 'must be a service calendar: 5x8, 7x8 or 7x24 (got "5x7")'],
  ])('refuses a plan responding %j, at %s', (incidentResponse, path, message) => {
    const { code, issues } = scheduleIssues(() => parseServicePlans({ plans: [{ id: 'gold', name: 'Gold', incidentResponse }] }));
    expect(code).toBe('SERVICE_PLANS_INVALID');
    expect(issues).toContainEqual({ path, message });
  });
});
