/**
 * Schema of a holiday calendar year (`schedules/holidays/<region>/<year>.json`). The JSON
 * schema file next to the data is generated from `HolidayCalendarYearSchema`; a test keeps
 * them identical.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Kinds a day can have. `unknown` means the year has no calendar data, never "normal". */
export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'makeup-workday', 'unknown'] as const;
/** The kind of a local date. */
export type DayKind = (typeof DAY_KINDS)[number];

const DATE_FIX = 'must be a date YYYY-MM-DD, e.g. 2026-10-01';

/** A date the notice lists: a statutory holiday or a make-up workday (调休上班). */
export const HolidayDaySchema = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: DATE_FIX }),
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('makeup-workday')], {
      description: 'must be holiday or makeup-workday (other days follow from the weekday)',
    }),
    name: Type.String({ minLength: 1, description: 'must name the festival in Chinese, e.g. 春节' }),
    nameEn: Type.Optional(Type.String({ minLength: 1, description: 'must name the festival in English, e.g. Spring Festival' })),
  },
  { additionalProperties: false },
);

/** Where a year's data comes from: the State Council notice. */
export const HolidaySourceSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, description: 'must be the notice title, e.g. 国务院办公厅关于2026年部分节假日安排的通知' }),
    number: Type.Optional(Type.String({ minLength: 1, description: 'must be the document number, e.g. 国办发明电〔2025〕7号' })),
    url: Type.Optional(Type.String({ pattern: '^https?://\\S+$', description: 'must be the notice URL, e.g. https://www.gov.cn/...' })),
    publishedOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: DATE_FIX })),
  },
  { additionalProperties: false },
);

/** One region's holidays and make-up workdays for one year. */
export const HolidayCalendarYearSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    region: Type.String({ pattern: '^[a-z]{2}$', description: 'must be a two-letter region code, e.g. cn' }),
    year: Type.Integer({ minimum: 1949, maximum: 2999, description: 'must be a year, e.g. 2026' }),
    source: HolidaySourceSchema,
    days: Type.Array(HolidayDaySchema, { description: 'must list the holidays and make-up workdays' }),
  },
  { additionalProperties: false, title: 'Tideway holiday calendar year' },
);

/** A listed date of a holiday calendar. */
export type HolidayDay = Static<typeof HolidayDaySchema>;
/** The notice a calendar year comes from. */
export type HolidaySource = Static<typeof HolidaySourceSchema>;
/** One region's calendar for one year, as stored in `<region>/<year>.json`. */
export type HolidayCalendarYear = Static<typeof HolidayCalendarYearSchema>;

/** The JSON schema document written to `schedules/holidays/holiday-calendar.schema.json`. */
export function holidayCalendarJsonSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(HolidayCalendarYearSchema)) };
}
