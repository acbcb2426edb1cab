/**
 * Shapes of the report API as the dashboard reads them, from the routes' own schemas (a
 * type-only import, so nothing of the server reaches the bundle).
 */
import type { Static } from '@sinclair/typebox';
import type { PeriodRequestSchema, ReportJobSchema, ReportSummarySchema } from '../../control-plane/routes/reports.ts';

/** A half-year, a year or a range of local dates, as `POST /api/v1/reports` takes it. */
export type PeriodRequest = Static<typeof PeriodRequestSchema>;

/** A stored report without its content. */
export type ReportSummary = Static<typeof ReportSummarySchema>;

/** A generation job and its progress. */
export type ReportJob = Static<typeof ReportJobSchema>;

/** Languages a report is written in. */
export const REPORT_LOCALES = ['zh-CN', 'en'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/** The CSV tables a report downloads as; the same list as the server's `CSV_TABLES` (a test holds them equal). */
export const REPORT_TABLES = ['hosts', 'host-changes', 'availability', 'alerts', 'incidents', 'windows', 'plans', 'bookings', 'capacity', 'support', 'recommendations', 'critical-incidents', 'critical-actions'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/** The kinds of period the generate dialog offers. */
export const PERIOD_KINDS = ['half-year', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
