/**
 * Schema of `schedules/tracks.yaml` (and of per-tenant `private/*` tracks). Descriptions are
 * written as the fix a person editing the file needs.
 */
import { Type, type Static } from '@sinclair/typebox';
import { WEEKDAY_NAMES } from './local-date.ts';

const WeekdaySchema = Type.Union(
  WEEKDAY_NAMES.map((name) => Type.Literal(name)),
  { description: `must be a weekday: ${WEEKDAY_NAMES.join(', ')}` },
);
const WeekdaysSchema = Type.Array(WeekdaySchema, { minItems: 1, uniqueItems: true, description: 'must list weekdays without repeats, e.g. [sat] or [tue, thu]' });
const MonthsSchema = Type.Array(Type.Integer({ minimum: 1, maximum: 12, description: 'must be a month number 1-12' }), {
  minItems: 1,
  uniqueItems: true,
  description: 'must list month numbers 1-12 without repeats, e.g. [4, 10]',
});
const WallDurationSchema = (example: string) =>
  Type.String({ pattern: '^\\d+(\\.\\d+)?(d|h|m)$', description: `must be a duration with unit d, h or m, e.g. ${example}` });

/** Every N weeks on the listed weekdays, counting weeks from the anchor date's week. */
export const WeeklyCadenceSchema = Type.Object(
  {
    kind: Type.Literal('weekly'),
    weekdays: WeekdaysSchema,
    everyWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 52, description: 'must be a whole number of weeks 1-52, e.g. 2 for biweekly' })),
    anchor: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'must be the first date of the cadence, YYYY-MM-DD, e.g. 2026-01-10' })),
  },
  { additionalProperties: false },
);

/** The Saturday on day 12-18 of each listed month (with the Sunday after it). */
export const MonthlyMidWeekendCadenceSchema = Type.Object(
  { kind: Type.Literal('monthly-mid-weekend'), months: Type.Optional(MonthsSchema) },
  { additionalProperties: false },
);

/** The nth (or last) weekday of each listed month, moved by `offsetDays`. */
export const MonthlyNthWeekdayCadenceSchema = Type.Object(
  {
    kind: Type.Literal('monthly-nth-weekday'),
    nth: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal('last')], {
      description: 'must be 1, 2, 3, 4 or last',
    }),
    weekday: WeekdaySchema,
    offsetDays: Type.Optional(Type.Integer({ minimum: -27, maximum: 27, description: 'must be a whole number of days -27..27, e.g. 4' })),
    months: Type.Optional(MonthsSchema),
  },
  { additionalProperties: false },
);

/** No fixed windows: bookable slots on the listed weekdays, booked at least `minLead` ahead. */
export const OnRequestCadenceSchema = Type.Object(
  { kind: Type.Literal('on-request'), weekdays: WeekdaysSchema, minLead: WallDurationSchema('2d') },
  { additionalProperties: false },
);

/** How often a track's windows (or slots) recur. */
export const CadenceSchema = Type.Union([WeeklyCadenceSchema, MonthlyMidWeekendCadenceSchema, MonthlyNthWeekdayCadenceSchema, OnRequestCadenceSchema]);

/** Day kinds a window may not touch. */
export const AvoidKindSchema = Type.Union(
  [Type.Literal('holiday'), Type.Literal('makeup-workday'), Type.Literal('weekend'), Type.Literal('workday')],
  { description: 'must be a day kind: holiday, makeup-workday, weekend or workday' },
);

/** One update track as written in YAML. */
export const TrackSpecSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$', description: 'must be product/track in lower case, e.g. cangqiong/agile' }),
    name: Type.String({ minLength: 1, description: 'must say what the track is, e.g. 苍穹 agile track' }),
    zone: Type.Optional(Type.String({ minLength: 1, description: 'must be an IANA time zone, e.g. Asia/Shanghai' })),
    cadence: CadenceSchema,
    start: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'must be hh:mm, e.g. 22:00' }),
    duration: WallDurationSchema('8h'),
    avoid: Type.Optional(Type.Array(AvoidKindSchema, { uniqueItems: true, description: 'must list day kinds without repeats, e.g. [holiday, makeup-workday]' })),
    noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90, description: 'must be whole days of notice 0-90, e.g. 7' })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, description: 'must be the number of tenants per window or slot, e.g. 10' })),
    cutoff: Type.Optional(WallDurationSchema('1h')),
    prerequisites: Type.Optional(Type.Array(Type.Literal('security-audit', { description: 'must be security-audit' }), { uniqueItems: true })),
    alternativeTrack: Type.Optional(Type.String({ description: 'must be the id of an on-request track tenants may book instead, e.g. xingkong/st-standard' })),
  },
  { additionalProperties: false },
);

/** The whole `tracks.yaml` document. */
export const TracksFileSchema = Type.Object(
  { tracks: Type.Array(TrackSpecSchema, { description: 'must be a list of tracks' }) },
  { additionalProperties: false },
);

/** A track as written in YAML. */
export type TrackSpec = Static<typeof TrackSpecSchema>;
/** A cadence as written in YAML. */
export type CadenceSpec = Static<typeof CadenceSchema>;
/** A day kind a track avoids. */
export type AvoidKind = Static<typeof AvoidKindSchema>;
