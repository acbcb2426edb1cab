/**
 * Report periods in a tenant's zone: half-years (January-June, July-December), years and any
 * range of local dates. Pure; nothing reads the process time zone or the clock.
 */
import { civilFromDays, daysFromCivil, formatLocalDate, isLocalDate, parseLocalDate } from '../../schedules/local-date.ts';
import { localDayOf, localToInstant } from '../../schedules/zone-clock.ts';
import { AppError } from '../errors.ts';
import type { CriticalPeriod } from '../critical/model.ts';
import type { PeriodRequest, ReportPeriod } from './model.ts';

/** Zone and local time of the scheduled half-yearly run (1 January and 1 July, 02:00). */
export const SCHEDULE_ZONE = 'Asia/Shanghai';
const SCHEDULE_MINUTE = 2 * 60;
/** Longest on-demand range: two years, the life of hourly rollups. */
const MAX_RANGE_DAYS = 731;

/**
 * Resolves a requested period in `zone`; throws `VALIDATION_FAILED` for an impossible one and
 * `NOT_FOUND` for a critical period `findCritical` does not know.
 */
export function resolvePeriod(request: PeriodRequest, zone: string, findCritical: (periodId: string) => CriticalPeriod | undefined = () => undefined): ReportPeriod {
  if (request.kind === 'critical-period') {
    const period = findCritical(request.periodId);
    if (!period) throw new AppError('NOT_FOUND', 'critical period not found');
    return criticalReportPeriod(period, zone);
  }
  if (request.kind === 'half-year') {
    const first = daysFromCivil(request.year, request.half === 1 ? 1 : 7, 1);
    const last = (request.half === 1 ? daysFromCivil(request.year, 7, 1) : daysFromCivil(request.year + 1, 1, 1)) - 1;
    return periodOf('half-year', `${request.year}-H${request.half}`, first, last, zone);
  }
  if (request.kind === 'year') {
    return periodOf('year', String(request.year), daysFromCivil(request.year, 1, 1), daysFromCivil(request.year + 1, 1, 1) - 1, zone);
  }
  for (const date of [request.from, request.to]) {
    if (!isLocalDate(date)) throw new AppError('VALIDATION_FAILED', `'${date}' is not a date; use YYYY-MM-DD, e.g. 2026-06-30`);
  }
  const first = parseLocalDate(request.from);
  const last = parseLocalDate(request.to);
  if (last < first) throw new AppError('VALIDATION_FAILED', `period.to (${request.to}) is before period.from (${request.from})`);
  if (last - first + 1 > MAX_RANGE_DAYS) throw new AppError('VALIDATION_FAILED', `a range may span at most ${MAX_RANGE_DAYS} days (hourly rollups are kept two years)`);
  return periodOf('range', `${request.from}..${request.to}`, first, last, zone);
}

/** A critical period as a report period: its own instants, labelled by its local range. */
export function criticalReportPeriod(period: CriticalPeriod, zone: string): ReportPeriod {
  return {
    kind: 'critical-period',
    label: `${period.startLocal}..${period.endLocal}`,
    zone,
    fromAt: period.startsAt,
    toAt: period.endsAt,
    fromDate: formatLocalDate(localDayOf(period.startsAt, zone)),
    toDate: formatLocalDate(localDayOf(period.endsAt - 1, zone)),
  };
}

function periodOf(kind: ReportPeriod['kind'], label: string, firstDay: number, lastDay: number, zone: string): ReportPeriod {
  return {
    kind,
    label,
    zone,
    fromAt: localToInstant(firstDay, 0, zone),
    toAt: localToInstant(lastDay + 1, 0, zone),
    fromDate: formatLocalDate(firstDay),
    toDate: formatLocalDate(lastDay),
  };
}

/** The half-year that most recently ended in `zone` at `now`, and the year when that half was July-December. */
export function lastEndedPeriods(now: number, zone: string): PeriodRequest[] {
  const { year, month } = civilFromDays(localDayOf(now, zone));
  if (month >= 7) return [{ kind: 'half-year', year, half: 1 }];
  return [
    { kind: 'half-year', year: year - 1, half: 2 },
    { kind: 'year', year: year - 1 },
  ];
}

/**
 * Periods the scheduled job should generate for a tenant at `now`: the last ended half-year
 * (and year), unless already reported, ended more than `graceDays` ago (no backfill of old
 * periods), or ended before the tenant existed.
 */
export function duePeriods(now: number, zone: string, tenantCreatedAt: number, reportedLabels: ReadonlySet<string>, graceDays = 31): PeriodRequest[] {
  return lastEndedPeriods(now, zone).filter((request) => {
    const period = resolvePeriod(request, zone);
    return !reportedLabels.has(`${period.kind}:${period.label}`) && now - period.toAt <= graceDays * 86_400_000 && tenantCreatedAt < period.toAt;
  });
}

/** The next 1 January or 1 July, 02:00 Asia/Shanghai, strictly after `now`. */
export function nextScheduledRunAt(now: number): number {
  const { year } = civilFromDays(localDayOf(now, SCHEDULE_ZONE));
  const candidates = [daysFromCivil(year, 1, 1), daysFromCivil(year, 7, 1), daysFromCivil(year + 1, 1, 1)].map((day) => localToInstant(day, SCHEDULE_MINUTE, SCHEDULE_ZONE));
  return candidates.find((at) => at > now)!;
}
