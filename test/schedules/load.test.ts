import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEDULES_DIR, dayKind, loadHolidayCalendars, loadTracks } from '../../schedules/index.ts';

const dirs: string[] = [];
function holidayDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tideway-holidays-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'cn'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'cn', name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const year2027 = { region: 'cn', year: 2027, source: { title: '国务院办公厅关于2027年部分节假日安排的通知' }, days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] };

describe('loading holiday years dropped into a folder', () => {
  it('adds a JSON year from an extra folder to the shipped ones', () => {
    const calendars = loadHolidayCalendars({ extraDirs: [holidayDir({ '2027.json': JSON.stringify(year2027) })] });
    expect(dayKind('2027-01-01', calendars)).toMatchObject({ kind: 'holiday', name: '元旦' });
    expect(dayKind('2027-01-04', calendars).kind).toBe('workday');
    expect(dayKind('2026-10-01', calendars).kind).toBe('holiday');
  });

  it('adds an ICS year named <year>.ics', () => {
    const ics = 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:元旦(休)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    expect(dayKind('2027-01-01', loadHolidayCalendars({ extraDirs: [holidayDir({ '2027.ics': ics })] })).kind).toBe('holiday');
  });

  it('refuses a second file for a year that already ships', () => {
    const dir = holidayDir({});
    copyFileSync(join(SCHEDULES_DIR, 'holidays', 'cn', '2026.json'), join(dir, 'cn', '2026.json'));
    expect(() => loadHolidayCalendars({ extraDirs: [dir] })).toThrow(expect.objectContaining({ code: 'HOLIDAY_CALENDAR_DUPLICATE_YEAR' }));
  });

  it('refuses a file whose name and year disagree', () => {
    expect(() => loadHolidayCalendars({ extraDirs: [holidayDir({ '2028.json': JSON.stringify(year2027) })] })).toThrow(/says year 2027; name the file 2027.json/);
  });

  it('says which file cannot be read', () => {
    expect(() => loadTracks('/nonexistent/tracks.yaml')).toThrow(expect.objectContaining({ code: 'TRACKS_INVALID', message: expect.stringContaining('cannot read /nonexistent/tracks.yaml') }));
  });
});
