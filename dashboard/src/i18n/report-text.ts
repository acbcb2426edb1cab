/**
 * Text of the report pages. These dictionaries travel with the report pages' chunk rather
 * than the main one, so the first screen downloads none of it.
 */
import { enReports } from './en-reports.ts';
import { fillPlaceholders, getLang, type Lang } from './index.ts';
import { zhCNReports } from './zh-CN-reports.ts';

/** A key of the report dictionaries. */
export type ReportTextKey = keyof typeof enReports;

/** The report texts of each language. */
export const REPORT_DICTIONARIES: Record<Lang, Record<ReportTextKey, string>> = { en: enReports, 'zh-CN': zhCNReports };

/** A report message in `lang`, placeholders filled. */
export const reportText = (lang: Lang, key: ReportTextKey, params?: Record<string, string | number>): string => fillPlaceholders(REPORT_DICTIONARIES[lang][key], params);

/** A report message in the current language. */
export const pt = (key: ReportTextKey, params?: Record<string, string | number>): string => reportText(getLang(), key, params);
