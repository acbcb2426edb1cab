import chineseDays from 'chinese-days';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEDULES_DIR, dayKind, holidayCalendarJsonSchema } from '../../schedules/index.ts';
import { daysFromCivil, formatLocalDate, isoWeekday } from '../../schedules/local-date.ts';
import { calendars } from './helpers.ts';

const YEARS = [2024, 2025, 2026] as const;

const notices = {
  2024: { number: '国办发明电〔2023〕7号', url: 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm' },
  2025: { number: '国办发明电〔2024〕12号', url: 'https://www.gov.cn/zhengce/content/202411/content_6986382.htm' },
  2026: { number: '国办发明电〔2025〕7号', url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm' },
};

/** chinese-days names festivals 清明/端午/中秋 without 节; compare on the shared stem. */
const stem = (name: string) => name.replace(/节$/, '');

describe('shipped cn holiday calendars', () => {
  it.each(YEARS)('%i names its State Council notice, document number and gov.cn URL', (year) => {
    const calendar = calendars.years.get(year)!;
    expect(calendar.source.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
    expect(calendar.source).toMatchObject(notices[year]);
  });

  it('ships exactly 2024, 2025 and 2026', () => {
    expect([...calendars.years.keys()].sort()).toEqual([...YEARS]);
  });

  it('keeps the JSON schema file identical to the TypeBox schema it is generated from', () => {
    const file = JSON.parse(readFileSync(join(SCHEDULES_DIR, 'holidays', 'holiday-calendar.schema.json'), 'utf8'));
    expect(file).toEqual(holidayCalendarJsonSchema());
  });

  // chinese-days carries the same notices; any typo in our files shows up as a mismatch here.
  it.each(YEARS)('agrees with chinese-days on the kind and festival of every date of %i', (year) => {
    const mismatches: string[] = [];
    for (let day = daysFromCivil(year, 1, 1); day < daysFromCivil(year + 1, 1, 1); day++) {
      const date = formatLocalDate(day);
      const ours = dayKind(date, calendars);
      const detail = chineseDays.getDayDetail(date);
      const festival = detail.name.split(',')[1];
      const weekend = isoWeekday(day) >= 6;
      const theirs = festival === undefined
        ? (weekend ? 'weekend' : 'workday')
        : detail.work ? 'makeup-workday' : 'holiday';
      if (ours.kind !== theirs) mismatches.push(`${date}: ours ${ours.kind}, chinese-days ${theirs}`);
      else if (festival && !ours.name!.includes(stem(festival))) mismatches.push(`${date}: ours ${ours.name}, chinese-days ${festival}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    [2024, 28, 8],
    [2025, 28, 5],
    [2026, 33, 6],
  ])('%i lists %i holidays and %i make-up workdays, as its notice does', (year, holidays, makeups) => {
    const days = calendars.years.get(year)!.days;
    expect(days.filter((day) => day.kind === 'holiday')).toHaveLength(holidays);
    expect(days.filter((day) => day.kind === 'makeup-workday')).toHaveLength(makeups);
  });
});
