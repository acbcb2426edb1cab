import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { freezesToIcs, windowsBetween, windowsToIcs, type FreezePeriod, type WindowOccurrence } from '../../schedules/index.ts';
import { foldLine } from '../../schedules/ics-write.ts';
import { at, calendars, customTrack, track, tracks } from './helpers.ts';

const generatedAt = at('2026-01-01T00:00:00Z');

/** Parses with ical.js, resolving TZIDs only through the VTIMEZONEs of the document itself. */
function parse(text: string): { events: InstanceType<typeof ICAL.Event>[]; calendar: InstanceType<typeof ICAL.Component> } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event)) };
}

const instants = (events: InstanceType<typeof ICAL.Event>[]) => events.map((event) => [event.startDate.toUnixTime() * 1000, event.endDate.toUnixTime() * 1000]);
const scheduledInstants = (windows: WindowOccurrence[]) => windows.filter((w) => w.status === 'scheduled').map((w) => [w.startAt, w.endAt]);

afterEach(() => {
  ICAL.TimezoneService.reset();
});

describe('ICS export of windows', () => {
  it('round-trips the scheduled agile windows of 2026 through ical.js to the same instants', () => {
    const windows = windowsBetween(track('cangqiong/agile'), '2026-01-01', '2026-12-31', { calendars });
    const { events } = parse(windowsToIcs(windows, { generatedAt, tracks }));
    expect(events).toHaveLength(21); // 26 occurrences, 5 skipped (02-21, 04-04, 05-02, 09-19, 10-03)
    expect(instants(events)).toEqual(scheduledInstants(windows));
    expect(events[0].startDate.zone?.tzid).toBe('Asia/Shanghai');
    expect(events[0].summary).toBe('Update window: 苍穹 agile track');
  });

  it('keeps the instants of a New York track across both daylight saving changes', () => {
    const newYork = customTrack({ zone: 'America/New_York', cadence: { kind: 'weekly', weekdays: ['sat'] }, start: '22:00', duration: '6h' });
    const windows = windowsBetween(newYork, '2026-01-01', '2026-12-31', { calendars });
    const text = windowsToIcs(windows, { generatedAt });
    expect(text).toContain('DTSTART;TZID=America/New_York:20260307T220000');
    expect(text).toContain('DTEND;TZID=America/New_York:20260308T050000');
    const { events } = parse(text);
    expect(events).toHaveLength(52);
    expect(instants(events)).toEqual(scheduledInstants(windows));
  });

  it('writes the VTIMEZONE offsets of the zone, with both kinds of observance for a DST zone', () => {
    const newYork = customTrack({ zone: 'America/New_York', cadence: { kind: 'weekly', weekdays: ['sat'] } });
    const text = windowsToIcs(windowsBetween(newYork, '2026-06-01', '2026-06-30', { calendars }), { generatedAt });
    expect(text).toMatch(/BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT/);
    expect(text).toMatch(/BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST/);
  });

  it('uses CRLF line ends and no physical line over 75 octets', () => {
    const text = windowsToIcs(windowsBetween(track('xingchen/standard'), '2026-03-01', '2026-03-31', { calendars }), { generatedAt, tracks });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('escapes commas, semicolons, backslashes and line breaks in text and reads back the same text', () => {
    const odd = customTrack({ name: '星空; patch, with \\ and\nnew line 长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长', cadence: { kind: 'weekly', weekdays: ['sat'] } });
    const text = windowsToIcs(windowsBetween(odd, '2026-03-01', '2026-03-10', { calendars }), { generatedAt, tracks: [odd] });
    expect(text).toContain('SUMMARY:Update window: 星空\\; patch\\, with \\\\ and\\nnew line');
    expect(parse(text).events[0].summary).toBe(`Update window: ${odd.name}`);
  });

  it('gives stable UIDs: the same windows exported later have the same UIDs', () => {
    const windows = windowsBetween(track('xingkong/mt-standard'), '2026-01-01', '2026-06-30', { calendars });
    const uids = (text: string) => parse(text).events.map((event) => event.uid);
    const first = uids(windowsToIcs(windows, { generatedAt }));
    expect(uids(windowsToIcs(windows, { generatedAt: generatedAt + 86_400_000 }))).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first[0]).toBe('xingkong-mt-standard-20260117T2200@tideway');
  });

  it('leaves skipped occurrences out', () => {
    const windows = windowsBetween(track('cangqiong/agile'), '2026-02-01', '2026-02-28', { calendars });
    expect(parse(windowsToIcs(windows, { generatedAt })).events.map((event) => event.startDate.toString())).toEqual(['2026-02-07T22:00:00']);
  });
});

describe('ICS export of freezes', () => {
  const monthEnd: FreezePeriod = { kind: 'month-edges', id: 'month-end', label: 'month-end closing', lastDays: 3, firstDays: 2 };
  const yearEnd: FreezePeriod = { kind: 'annual', id: 'year-end', label: 'year-end, audit', from: '12-25', to: '01-10' };

  it('exports each frozen run as one event from local midnight to local midnight, merging runs across months', () => {
    const { events } = parse(freezesToIcs({ tenant: [monthEnd] }, '2026-01-01', '2026-03-31', { generatedAt }));
    expect(events.map((event) => [event.startDate.toString(), event.endDate.toString()])).toEqual([
      ['2026-01-01T00:00:00', '2026-01-03T00:00:00'],
      ['2026-01-29T00:00:00', '2026-02-03T00:00:00'],
      ['2026-02-26T00:00:00', '2026-03-03T00:00:00'],
      ['2026-03-29T00:00:00', '2026-04-01T00:00:00'],
    ]);
    expect(events[0].startDate.toUnixTime() * 1000).toBe(at('2026-01-01T00:00:00+08:00'));
  });

  it('clips an annual freeze across the year end to the range and names its scope', () => {
    const { events } = parse(freezesToIcs({ global: [yearEnd] }, '2025-12-01', '2026-01-31', { generatedAt, zone: 'America/New_York' }));
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe('Freeze: year-end, audit');
    expect(events[0].uid).toBe('freeze-global-year-end-20251225@tideway');
    expect(events[0].startDate.toUnixTime() * 1000).toBe(at('2025-12-25T00:00:00-05:00'));
    expect(events[0].endDate.toUnixTime() * 1000).toBe(at('2026-01-11T00:00:00-05:00'));
  });
});

describe('line folding', () => {
  it.each([
    ['ASCII', `DESCRIPTION:${'x'.repeat(200)}`],
    ['three-byte characters', `SUMMARY:${'节假日'.repeat(40)}`],
    ['four-byte characters', `SUMMARY:${'😀'.repeat(40)}`],
  ])('folds %s at 75 octets without splitting a character, and unfolds to the same line', (_, line) => {
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});
