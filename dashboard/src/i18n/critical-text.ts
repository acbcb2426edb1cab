/**
 * Text of the critical-period pages. These dictionaries travel with those pages' chunk rather
 * than the main one, so the first screen downloads none of it.
 */
import { enCritical } from './en-critical.ts';
import { fillPlaceholders, getLang, type Lang } from './index.ts';
import { zhCNCritical } from './zh-CN-critical.ts';

/** A key of the critical-period dictionaries. */
export type CriticalTextKey = keyof typeof enCritical;

/** The critical-period texts of each language. */
export const CRITICAL_DICTIONARIES: Record<Lang, Record<CriticalTextKey, string>> = { en: enCritical, 'zh-CN': zhCNCritical };

/** A critical-period message in `lang`, placeholders filled. */
export const criticalText = (lang: Lang, key: CriticalTextKey, params?: Record<string, string | number>): string => fillPlaceholders(CRITICAL_DICTIONARIES[lang][key], params);

/** A critical-period message in the current language. */
export const ct = (key: CriticalTextKey, params?: Record<string, string | number>): string => criticalText(getLang(), key, params);
