import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, type CliIo } from '../../control-plane/cli/io.ts';
import { main } from '../../control-plane/cli/main.ts';
import { calendarCommand, slaCommand, windowsCommand } from '../../control-plane/cli/schedule-commands.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tideway-schedules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function collect(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (text) => out.push(text), err: (text) => err.push(text), stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

async function run(command: typeof windowsCommand, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = collect();
  const code = await command(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('tideway calendar', () => {
  it.each([
    ['2026-10-01', { date: '2026-10-01', kind: 'holiday', name: '国庆节', nameEn: 'National Day' }],
    ['2026-02-14', { date: '2026-02-14', kind: 'makeup-workday', name: '春节', nameEn: 'Spring Festival' }],
    ['2026-03-07', { date: '2026-03-07', kind: 'weekend' }],
    ['2026-03-09', { date: '2026-03-09', kind: 'workday' }],
    ['2027-05-01', { date: '2027-05-01', kind: 'unknown' }],
  ])('day %s --json prints %j', async (date, expected) => {
    const { code, stdout } = await run(calendarCommand, ['day', date, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('prints a readable line without --json', async () => {
    expect((await run(calendarCommand, ['day', '2026-10-01'])).stdout).toBe('2026-10-01  holiday  国庆节 / National Day');
  });

  it.each([[['day', '2026-02-30']], [['day']], [['week', '2026-01-01']], [['day', '2026-01-01', '--colour']]])('refuses %j as a usage error', async (args) => {
    await expect(run(calendarCommand, args)).rejects.toBeInstanceOf(UsageError);
  });

  it('checks a holiday file before ops add it: valid ICS passes, a bad JSON file fails with its code', async () => {
    const ics = join(scratch, '2027.ics');
    writeFileSync(ics, 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:元旦(休)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
    const ok = await run(calendarCommand, ['check', ics, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ year: 2027, days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] });
    const bad = join(scratch, '2027.json');
    writeFileSync(bad, JSON.stringify({ region: 'cn', year: 2027, source: { title: 't' }, days: [{ date: '2027-01-04', kind: 'makeup-workday', name: '元旦' }] }));
    const failed = await run(calendarCommand, ['check', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^HOLIDAY_CALENDAR_INVALID: .*days\[0\]\.date is a make-up workday on a weekday/s);
  });
});

describe('tideway windows', () => {
  it('prints the contract JSON: track, start and end with offset, status and reason', async () => {
    const { code, stdout } = await run(windowsCommand, ['--track', 'cangqiong/agile', '--from', '2026-02-01', '--to', '2026-02-28', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows.map(({ track, start, end, status, reason }: Record<string, string>) => ({ track, start, end, status, reason }))).toEqual([
      { track: 'cangqiong/agile', start: '2026-02-07T22:00:00+08:00', end: '2026-02-08T04:00:00+08:00', status: 'scheduled', reason: undefined },
      { track: 'cangqiong/agile', start: '2026-02-21T22:00:00+08:00', end: '2026-02-22T04:00:00+08:00', status: 'skipped', reason: '2026-02-21 is a holiday (春节)' },
    ]);
    expect(rows[1].detail).toEqual({ kind: 'avoid', date: '2026-02-21', dayKind: 'holiday', name: '春节' });
  });

  it('names the missing year for windows in a year without holiday data', async () => {
    const rows = JSON.parse((await run(windowsCommand, ['--track', 'xingkong/mt-standard', '--from', '2027-01-01', '--to', '2027-01-31', '--json'])).stdout);
    expect(rows).toEqual([expect.objectContaining({ status: 'skipped', reason: expect.stringContaining('no holiday calendar for 2027'), detail: { kind: 'unknown-calendar', date: '2027-01-16', year: 2027 } })]);
  });

  it('applies tenant freezes from --freezes', async () => {
    const file = join(scratch, 'freezes.yaml');
    writeFileSync(file, 'freezes:\n  - { kind: month-edges, id: month-end, label: month-end closing, lastDays: 3, firstDays: 0 }\n');
    const rows = JSON.parse((await run(windowsCommand, ['--track', 'xingchen/standard', '--from', '2026-03-24', '--to', '2026-03-31', '--json', '--freezes', file])).stdout);
    expect(rows.map((row: { start: string; status: string }) => `${row.start.slice(0, 10)} ${row.status}`)).toEqual(['2026-03-24 scheduled', '2026-03-26 scheduled', '2026-03-31 skipped']);
    expect(rows[2].reason).toBe('2026-03-31 is in tenant freeze month-end (month-end closing)');
  });

  it('prints an RFC 5545 calendar of the scheduled windows with --ics', async () => {
    const { stdout } = await run(windowsCommand, ['--track', 'cangqiong/agile', '--from', '2026-02-01', '--to', '2026-02-28', '--ics']);
    expect(stdout.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(stdout.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(stdout).toContain('DTSTART;TZID=Asia/Shanghai:20260207T220000');
    expect(stdout.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('refuses a tenant freezes file that does not match the schema, saying what to fix (exit 2)', async () => {
    const file = join(scratch, 'bad-freezes.yaml');
    writeFileSync(file, 'freezes:\n  - { kind: annual, id: year-end, label: year-end, from: 12-25, to: 1-10 }\n');
    const args = ['--track', 'xingchen/standard', '--from', '2026-03-24', '--to', '2026-03-31', '--freezes', file];
    await expect(run(windowsCommand, args)).rejects.toThrow('freezes[0].to must be MM-DD, e.g. 12-25 (got "1-10")');
    expect(await main(['windows', ...args], collect())).toBe(2);
  });

  it('prints a table without --json, with the reason of each skip or move', async () => {
    const { stdout } = await run(windowsCommand, ['--track', 'xingkong/mt-standard', '--from', '2026-02-01', '--to', '2026-02-28']);
    expect(stdout.split('\n')).toEqual([
      'track xingkong/mt-standard',
      'START                      END                        STATUS     REASON',
      '2026-02-07T22:00:00+08:00  2026-02-08T06:00:00+08:00  scheduled  moved from 2026-02-14: 2026-02-14 is a makeup-workday (春节)',
    ]);
  });

  it.each([
    [['--from', '2026-01-01', '--to', '2026-01-31'], /--track is required/],
    [['--track', 'cangqiong/agile', '--from', '2026-1-1', '--to', '2026-01-31'], /--from must be a date YYYY-MM-DD/],
    [['--track', 'cangqiong/agile', '--from', '2026-02-01', '--to', '2026-01-01'], /to must not be before from/],
    [['--track', 'nope/nope', '--from', '2026-01-01', '--to', '2026-01-31'], /no track 'nope\/nope'; known tracks: xingkong\/mt-standard/],
    [['--track', 'cangqiong/agile', '--from', '2026-01-01', '--to', '2026-01-31', '--json', '--ics'], /cannot be combined/],
    [['--track', 'cangqiong/agile', '--frmo', '2026-01-01'], /Unknown option '--frmo'/],
  ])('refuses %j with a clear message (exit 2)', async (args, message) => {
    await expect(run(windowsCommand, args)).rejects.toThrow(message);
    const io = collect();
    expect(await main(['windows', ...args], io)).toBe(2);
  });
});

describe('tideway sla', () => {
  it.each([
    [['deadline', '--start', '2026-09-30T16:00:00+08:00', '--within', '1wd', '--calendar', '5x8'], { deadline: '2026-10-08T16:00:00+08:00' }],
    [['deadline', '--start', '2026-09-30T08:00:00Z', '--within', '0.5wd', '--calendar', '7x8'], { deadline: '2026-10-08T11:00:00+08:00' }],
    [['deadline', '--start', '2026-03-09T10:00:00+08:00', '--within', '4h', '--calendar', '7x24'], { deadline: '2026-03-09T14:00:00+08:00' }],
    [['elapsed', '--from', '2026-09-30T16:00:00+08:00', '--to', '2026-10-08T16:00:00+08:00', '--calendar', '5x8'], { seconds: 28800 }],
    [['elapsed', '--from', '2026-03-13T12:00:00+08:00', '--to', '2026-03-16T09:00:00+08:00', '--calendar', '7x8'], { seconds: 75600 }],
  ])('%j --json prints %j', async (args, expected) => {
    const { code, stdout } = await run(slaCommand, [...args, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('prints a readable line without --json', async () => {
    const { stdout } = await run(slaCommand, ['elapsed', '--from', '2026-09-30T16:00:00+08:00', '--to', '2026-10-08T16:00:00+08:00', '--calendar', '5x8']);
    expect(stdout).toBe('28800 business seconds (8.00 h) of 5x8 between 2026-09-30T16:00:00+08:00 and 2026-10-08T16:00:00+08:00');
  });

  it.each([
    [['deadline', '--start', '2026-09-30T16:00', '--within', '1wd', '--calendar', '5x8'], /not an ISO 8601 instant with an offset/],
    [['deadline', '--start', '2026-09-30T16:00:00+08:00', '--within', '1 day', '--calendar', '5x8'], /not a business duration such as 4h, 30m or 0.5wd/],
    [['deadline', '--start', '2026-09-30T16:00:00+08:00', '--within', '1wd', '--calendar', '5x7'], /--calendar must be one of 5x8, 7x8, 7x24/],
    [['deadline', '--start', '2026-09-30T16:00:00+08:00', '--within', '1wd', '--calendar', '5x8', '--zone', 'Asia/Beijing'], /not an IANA time zone/],
    [['elapsed', '--from', '2026-09-30T16:00:00+08:00', '--calendar', '5x8'], /--to is required/],
    [['overdue', '--calendar', '5x8'], /usage: tideway sla/],
  ])('refuses %j with a clear message (exit 2)', async (args, message) => {
    await expect(run(slaCommand, args)).rejects.toThrow(message);
    expect(await main(['sla', ...args], collect())).toBe(2);
  });

  it('fails with CALENDAR_UNKNOWN_YEAR (exit 1) when the deadline needs a year without data', async () => {
    const io = collect();
    expect(await main(['sla', 'deadline', '--start', '2026-12-31T16:00:00+08:00', '--within', '1wd', '--calendar', '5x8', '--json'], io)).toBe(1);
    expect(io.stderr()).toContain('CALENDAR_UNKNOWN_YEAR: no cn holiday calendar for 2027');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await run(slaCommand, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('tideway sla deadline --start ISO --within 4h|0.5wd');
  });
});

describe('the tideway binary', () => {
  it('answers `calendar day 2026-10-01 --json` as a real process', () => {
    const result = spawnSync(process.execPath, ['bin/tideway.mjs', 'calendar', 'day', '2026-10-01', '--json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节', nameEn: 'National Day' });
  });

  it('exits 2 with a message on bad input as a real process', () => {
    const result = spawnSync(process.execPath, ['bin/tideway.mjs', 'calendar', 'day', '2026-10-32', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the date must be YYYY-MM-DD');
  });
});
