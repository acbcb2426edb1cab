/**
 * The pure calendar library, safe for the browser: no file system, no clock, no dependence on
 * the process time zone. Instants are epoch milliseconds (numbers); local dates are
 * `YYYY-MM-DD` strings; zones are IANA names. Node code imports `schedules/index.ts`, which
 * adds the data loaders.
 */
export { buildHolidayCalendars, calendarYears, dayKind, dayKindOf, missingCalendarYear, requireKnownDay, type DayInfo, type HolidayCalendars } from './day-kind.ts';
export { WORKING_DAY_SECONDS, parseBusinessDuration, parseWallDuration } from './durations.ts';
export { ScheduleError, type ScheduleErrorCode, type ScheduleIssue } from './errors.ts';
export { FreezePeriodSchema, FreezesFileSchema, freezeMask, freezeOn, parseFreezes, type FreezeHit, type FreezeMask, type FreezePeriod, type FreezeScope, type FreezeSet } from './freezes.ts';
export { parseHolidayIcs, type HolidayIcsOptions } from './holiday-ics.ts';
export { DAY_KINDS, HolidayCalendarYearSchema, holidayCalendarJsonSchema, type DayKind, type HolidayCalendarYear, type HolidayDay, type HolidaySource } from './holiday-schema.ts';
export { HolidayIssueCode, parseHolidayCalendarJson, validateHolidayCalendar } from './holiday-validate.ts';
export { freezesToIcs, windowsToIcs, type IcsExportOptions } from './ics-export.ts';
export { formatLocalDate, isLocalDate, isoWeekday, parseLocalDate, type DayNumber } from './local-date.ts';
export { DEFAULT_CRITICAL_RESPONSE, criticalResponseDeadline, incidentResponseDeadline, parseServicePlans, ServicePlanSchema, type ServicePlan } from './service-plans.ts';
export { SERVICE_CALENDAR_IDS, SESSIONS, deadline, elapsedSeconds, isOpenDay, isServiceCalendarId, serviceCalendar, type ServiceCalendar, type ServiceCalendarId } from './service-hours.ts';
export { slotTemplate, slotsBetween, type Slot, type SlotTemplate } from './slots.ts';
export { TrackSpecSchema, TracksFileSchema, type AvoidKind, type TrackSpec } from './track-schema.ts';
export { findTrack, normalizeTrack, parseTracks, type Cadence, type Track } from './tracks.ts';
export { prepareTrack, resolveWindows, windowsBetween, type PreparedTrack, type SkipReason, type WindowContext, type WindowOccurrence } from './windows.ts';
export { DEFAULT_ZONE, formatInstant, isValidZone, parseInstant } from './zone-clock.ts';
export { describeSkipReason, windowToJson, type WindowJson } from './describe.ts';
