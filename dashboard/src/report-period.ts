/**
 * Pure helpers of the report pages: a period's name in a language, the generate form's
 * period checked into a request, the half-year the form suggests, and a job's progress line.
 */
import type { Lang } from './i18n/index.ts';
import { reportText, type ReportTextKey } from './i18n/report-text.ts';
import type { PeriodKind, PeriodRequest, ReportJob } from './report-types.ts';

/** The generate form's period fields as typed; only the fields of `kind` matter. */
export interface PeriodForm {
  kind: PeriodKind;
  year: string;
  half: '1' | '2';
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The name of a requested period, e.g. "2026 H1 (Jan–Jun)" or "2026 年上半年（1–6 月）". */
export function periodLabel(period: PeriodRequest, lang: Lang): string {
  if (period.kind === 'half-year') return reportText(lang, period.half === 1 ? 'period.half1' : 'period.half2', { year: period.year });
  if (period.kind === 'year') return reportText(lang, 'period.wholeYear', { year: period.year });
  if (period.kind === 'critical-period') return reportText(lang, 'period.critical-period');
  return reportText(lang, 'period.between', { from: period.from, to: period.to });
}

const PERIOD_KIND_KEYS: Record<string, ReportTextKey> = { 'half-year': 'period.half-year', year: 'period.year', range: 'period.range', 'critical-period': 'period.critical-period' };

/** The name of a stored report's kind of period; an unknown kind reads as a half-year, the scheduled kind. */
export const periodKindKey = (kind: string): ReportTextKey => PERIOD_KIND_KEYS[kind] ?? 'period.half-year';

/** The request the form describes, or the key of what is wrong with it. */
export function periodFromForm(form: PeriodForm): { period: PeriodRequest } | { error: ReportTextKey } {
  if (form.kind === 'range') {
    const ok = DATE.test(form.from) && DATE.test(form.to) && form.from <= form.to;
    return ok ? { period: { kind: 'range', from: form.from, to: form.to } } : { error: 'period.badRange' };
  }
  const year = Number(form.year.trim());
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return { error: 'period.badYear' };
  return { period: form.kind === 'year' ? { kind: 'year', year } : { kind: 'half-year', year, half: form.half === '2' ? 2 : 1 } };
}

/** The local date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The form's first values: the last half-year that has ended in `timeZone` at `now`, the range its months. */
export function defaultPeriodForm(now: number, timeZone: string): PeriodForm {
  const [year, month] = localDate(now, timeZone).split('-').map(Number);
  const last = month <= 6 ? { year: year - 1, half: '2' as const } : { year, half: '1' as const };
  const [from, to] = last.half === '1' ? [`${last.year}-01-01`, `${last.year}-06-30`] : [`${last.year}-07-01`, `${last.year}-12-31`];
  return { kind: 'half-year', year: String(last.year), half: last.half, from, to };
}

/** True once a job will not change any more. */
export const jobFinished = (job: Pick<ReportJob, 'state'>): boolean => job.state === 'succeeded' || job.state === 'failed';

/** The line under a job's progress bar. */
export function jobStatusText(job: Pick<ReportJob, 'state' | 'step' | 'error'>, lang: Lang): string {
  if (job.state === 'queued') return reportText(lang, 'generate.queued');
  if (job.state === 'running') return reportText(lang, 'generate.running', { step: job.step ?? '…' });
  if (job.state === 'succeeded') return reportText(lang, 'generate.succeeded');
  return reportText(lang, 'generate.failed', { error: job.error ?? '?' });
}
